import { expect, test, vi } from 'vitest';
import {
  MAX_PAGE_LIMIT,
  toSessionListResponse,
  type SessionListQuery,
  type SessionListResponse,
} from '#src/api/contract/session-list.ts';
import { ApiError } from '#src/api/http.ts';
import {
  fetchWholeView,
  MAX_EXPORT_PAGES,
  MAX_RATE_LIMIT_WAITS,
  type ExportProgress,
  type FetchPage,
} from '#src/features/export/export-sessions.ts';
import { DEFAULT_LIST_SEARCH } from '#src/lib/list-search.ts';
import { cycleStatuses, makeSessions, SIDS } from '#src/testing/session-fixtures.ts';
import { selectSessionPage } from '#server/demo-upstream/session-list.ts';

const SESSIONS = makeSessions(cycleStatuses(263, ['Incident', 'Closed', 'Scheduled']));

/** Answers like our /api over SESSIONS, and records every query asked and how many overlapped. */
function fakeApi(sessions = SESSIONS) {
  const queries: SessionListQuery[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const fetchPage: FetchPage = async (query) => {
    queries.push(query);
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await Promise.resolve();
    inFlight -= 1;
    return toSessionListResponse(SIDS, query, selectSessionPage(sessions, query));
  };
  return { fetchPage, queries, mostInFlight: () => mostInFlight };
}

function run(
  fetchPage: FetchPage,
  options: { signal?: AbortSignal; view?: typeof DEFAULT_LIST_SEARCH } = {},
) {
  const progress: ExportProgress[] = [];
  const wait = vi.fn<(milliseconds: number, signal: AbortSignal) => Promise<void>>(() =>
    Promise.resolve(),
  );
  const result = fetchWholeView({
    sids: SIDS,
    view: options.view ?? DEFAULT_LIST_SEARCH,
    signal: options.signal ?? new AbortController().signal,
    onProgress: (step) => progress.push(step),
    fetchPage,
    wait,
  });
  return { result, progress, wait };
}

test('fetches every page of the view one after another, at the largest page size, in order', async () => {
  const api = fakeApi();
  const view = {
    ...DEFAULT_LIST_SEARCH,
    statuses: ['Incident' as const, 'Closed' as const],
    sort: 'createdDate.asc' as const,
    page: 3,
    limit: 10 as const,
  };
  const { result, progress } = run(api.fetchPage, { view });
  const { rows, warnings } = await result;

  const expected = SESSIONS.filter((row) => row.status !== 'Scheduled');
  expect(rows.map((row) => row.sid)).toEqual(expected.map((row) => row.sid));
  expect(warnings).toEqual([]);
  // The view's filter and sort; its page and page size do not matter.
  expect(api.queries).toEqual(
    [0, 100].map((offset) => ({
      offset,
      limit: MAX_PAGE_LIMIT,
      sortOrder: 'ASC',
      statuses: ['Incident', 'Closed'],
      includeActive: false,
    })),
  );
  expect(api.mostInFlight()).toBe(1);
  expect(
    progress.map(({ page, pages, received, total }) => `${page}/${pages} ${received}/${total}`),
  ).toEqual(['1/2 100/176', '2/2 176/176']);
});

test('stops at the total: 263 sessions take exactly 3 requests', async () => {
  const api = fakeApi();
  const { rows } = await run(api.fetchPage).result;
  expect(rows).toHaveLength(263);
  expect(api.queries.map((query) => query.offset)).toEqual([0, 100, 200]);
});

test('an exact multiple of the page size asks for no empty page after it', async () => {
  const api = fakeApi(SESSIONS.slice(0, 200));
  await run(api.fetchPage).result;
  expect(api.queries).toHaveLength(2);
});

test('stops on an empty page even when the total promised more', async () => {
  const fetchPage: FetchPage = (query) =>
    Promise.resolve({
      ...toSessionListResponse(SIDS, query, selectSessionPage(SESSIONS, query)),
      total: 1_000,
      results: query.offset === 0 ? SESSIONS.slice(0, 100) : [],
    });
  const { rows } = await run(fetchPage).result;
  expect(rows).toHaveLength(100);
});

test('says so when the total changed during the export', async () => {
  let calls = 0;
  const fetchPage: FetchPage = (query) => {
    calls += 1;
    const sessions = calls === 1 ? SESSIONS : SESSIONS.slice(0, 250);
    return Promise.resolve(toSessionListResponse(SIDS, query, selectSessionPage(sessions, query)));
  };
  const { warnings } = await run(fetchPage).result;
  expect(warnings).toEqual([expect.stringMatching(/changed from 263 to 250 while exporting/)]);
});

test('a view beyond the page cap stops there and says so', async () => {
  const queries: number[] = [];
  const fetchPage: FetchPage = (query) => {
    queries.push(query.offset);
    const results = makeSessions(cycleStatuses(MAX_PAGE_LIMIT, ['Closed'])).map((row, index) => ({
      ...row,
      sid: `ES${String(query.offset + index).padStart(32, '0')}`,
    }));
    return Promise.resolve({
      ...toSessionListResponse(SIDS, query, { total: 10_000_000, results }),
    });
  };
  const { rows, warnings } = await run(fetchPage).result;
  expect(queries).toHaveLength(MAX_EXPORT_PAGES);
  expect(rows).toHaveLength(MAX_EXPORT_PAGES * MAX_PAGE_LIMIT);
  expect(warnings).toEqual([expect.stringMatching(/stopped after 200 pages/)]);
});

test('Cancel aborts the request in flight and asks for no more pages', async () => {
  const controller = new AbortController();
  const signals: AbortSignal[] = [];
  const fetchPage: FetchPage = (query, signal) => {
    signals.push(signal);
    if (query.offset === 0) {
      return Promise.resolve(
        toSessionListResponse(SIDS, query, selectSessionPage(SESSIONS, query)),
      );
    }
    controller.abort();
    return new Promise<SessionListResponse>((_, reject) => {
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      if (signal.aborted) reject(new DOMException('aborted', 'AbortError'));
    });
  };
  await expect(run(fetchPage, { signal: controller.signal }).result).rejects.toThrow(/aborted/);
  expect(signals).toHaveLength(2);
  expect(signals.every((signal) => signal === controller.signal)).toBe(true);
});

test('a rate limit is waited out as the server asks, then the same page is asked again', async () => {
  const api = fakeApi();
  let limited = false;
  const fetchPage: FetchPage = (query, signal) => {
    if (query.offset === 100 && !limited) {
      limited = true;
      return Promise.reject(new ApiError('too_many_requests', 'Too many requests.', 429, 7));
    }
    return api.fetchPage(query, signal);
  };
  const { result, wait, progress } = run(fetchPage);
  const { rows } = await result;
  expect(rows).toHaveLength(263);
  expect(wait).toHaveBeenCalledOnce();
  expect(wait.mock.calls[0]?.[0]).toBe(7_000);
  expect(progress.some((step) => step.waitingSeconds === 7)).toBe(true);
  expect(api.queries.map((query) => query.offset)).toEqual([0, 100, 200]);
});

test('a rate limit that keeps coming fails with its message after a few waits', async () => {
  const fetchPage: FetchPage = () =>
    Promise.reject(new ApiError('rate_limited', 'The API asked us to slow down.', 429, 500));
  const { result, wait } = run(fetchPage);
  await expect(result).rejects.toThrow('The API asked us to slow down.');
  expect(wait).toHaveBeenCalledTimes(MAX_RATE_LIMIT_WAITS);
  // A long Retry-After is capped, so an export is never stuck for minutes.
  expect(wait.mock.calls.every(([milliseconds]) => milliseconds === 60_000)).toBe(true);
});

test('any other failure ends the export at once', async () => {
  let calls = 0;
  const fetchPage: FetchPage = () => {
    calls += 1;
    return Promise.reject(new ApiError('upstream_error', 'The API failed.', 502));
  };
  await expect(run(fetchPage).result).rejects.toThrow('The API failed.');
  expect(calls).toBe(1);
});
