// See docs/decisions/csv-export.md.
import {
  MAX_PAGE_LIMIT,
  sessionListEndpoint,
  type SessionListQuery,
  type SessionListResponse,
  type SessionListSids,
  type SessionRow,
} from '#src/api/contract/session-list.ts';
import { ApiError, fetchJson } from '#src/api/http.ts';
import { toListQuery, type SessionListSearch } from '#src/lib/list-search.ts';

export const MAX_EXPORT_PAGES = 200;
export const MAX_RATE_LIMIT_WAITS = 3;
/** The server holds a throttled token up to 120 s; the export waits less and tries again. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 60;
const DEFAULT_RATE_LIMIT_WAIT_SECONDS = 30;

export interface ExportProgress {
  page: number;
  pages: number;
  received: number;
  total: number;
  waitingSeconds?: number;
}

export interface ExportResult {
  rows: SessionRow[];
  warnings: string[];
}

export type FetchPage = (
  query: SessionListQuery,
  signal: AbortSignal,
) => Promise<SessionListResponse>;

export interface ExportOptions {
  sids: SessionListSids;
  view: SessionListSearch;
  signal: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  fetchPage?: FetchPage;
  wait?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
}

function fetchPageFromApi(sids: SessionListSids): FetchPage {
  return (query, signal) =>
    fetchJson(sessionListEndpoint.apiPath(sids, query), sessionListEndpoint.answer, signal);
}

function waitUnlessAborted(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('The export was cancelled.', 'AbortError'));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function isRateLimited(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    (error.code === 'rate_limited' || error.code === 'too_many_requests')
  );
}

const pagesFor = (total: number) => Math.max(1, Math.ceil(total / MAX_PAGE_LIMIT));

export async function fetchWholeView({
  sids,
  view,
  signal,
  onProgress,
  fetchPage = fetchPageFromApi(sids),
  wait = waitUnlessAborted,
}: ExportOptions): Promise<ExportResult> {
  const base: SessionListQuery = { ...toListQuery(view), offset: 0, limit: MAX_PAGE_LIMIT };
  const rows: SessionRow[] = [];
  const seen = new Set<string>();
  const warnings: string[] = [];
  let firstTotal: number | undefined;
  let total = 0;
  let rateLimitWaits = 0;

  for (let page = 1; page <= MAX_EXPORT_PAGES;) {
    signal.throwIfAborted();
    let response: SessionListResponse;
    try {
      response = await fetchPage({ ...base, offset: (page - 1) * MAX_PAGE_LIMIT }, signal);
    } catch (error) {
      if (!isRateLimited(error) || signal.aborted || rateLimitWaits >= MAX_RATE_LIMIT_WAITS) {
        throw error;
      }
      rateLimitWaits += 1;
      const seconds = Math.min(
        MAX_RATE_LIMIT_WAIT_SECONDS,
        Math.max(1, error.retryAfterSeconds ?? DEFAULT_RATE_LIMIT_WAIT_SECONDS),
      );
      onProgress?.({
        page: page - 1,
        pages: pagesFor(total),
        received: rows.length,
        total,
        waitingSeconds: seconds,
      });
      await wait(seconds * 1000, signal);
      continue;
    }

    firstTotal ??= response.total;
    total = response.total;
    // Rows moved between pages would be in the file twice; the first copy is kept.
    for (const row of response.results) {
      if (seen.has(row.sid)) continue;
      seen.add(row.sid);
      rows.push(row);
    }
    onProgress?.({ page, pages: pagesFor(total), received: rows.length, total });
    if (response.results.length === 0 || rows.length >= total || page * MAX_PAGE_LIMIT >= total) {
      break;
    }
    page += 1;
    if (page > MAX_EXPORT_PAGES) {
      warnings.push(
        `The export stopped after ${String(MAX_EXPORT_PAGES)} pages (${String(rows.length)} of ${String(total)} sessions); narrow the filter to export the rest.`,
      );
    }
  }

  if (firstTotal !== undefined && firstTotal !== total) {
    warnings.push(
      `The number of sessions changed from ${String(firstTotal)} to ${String(total)} while exporting, so a session may be missing; export again for an exact copy.`,
    );
  }
  return { rows, warnings };
}
