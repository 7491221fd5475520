/**
 * The status counts endpoint through the whole app: what it asks the upstream (one row per status,
 * under the same includeActive), how one failed count and a failure of all of them are answered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import type { SessionListQuery, SessionListSids } from '#src/api/contract/session-list.ts';
import {
  statusCountsEndpoint,
  statusCountsResponseSchema,
} from '#src/api/contract/status-counts.ts';
import { createApp } from '#server/app.ts';
import { startDemoUpstream, type DemoUpstreamServer } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import type { LogFields } from '#server/http/log.ts';
import { EMPTY_UPSTREAM_LIST, stubUpstream } from '#server/testing/stub-upstream.ts';
import {
  createUpstreamClient,
  rateLimited,
  UpstreamError,
  type UpstreamClient,
} from '#server/upstream/client.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const TOKEN = `counts-token-${randomUUID()}`;

let demo: DemoUpstreamServer;
let client: UpstreamClient;

beforeAll(async () => {
  demo = await startDemoUpstream({ token: TOKEN });
  client = createUpstreamClient({ baseUrl: demo.url, timeoutMs: 5_000, isDemo: true });
});

afterAll(async () => {
  await client.close();
  await demo.close();
});

/** The upstream client, recording the upstream path and query of every call it is asked for. */
function recording(upstream: UpstreamClient) {
  const calls: URL[] = [];
  const recorded: UpstreamClient = {
    ...upstream,
    fetch(source, sids, query, call) {
      calls.push(new URL(source.endpoint.path(sids, query), 'http://upstream.test'));
      return upstream.fetch(source, sids, query, call);
    },
  };
  return { upstream: recorded, calls };
}

function appWith(upstream: UpstreamClient) {
  return createApp({
    upstream,
    access: { mode: 'shared', tokens: staticToken(TOKEN) },
    log: () => undefined,
  });
}

const SIDS: SessionListSids = {
  installSid: `AI${'1'.repeat(32)}`,
  enrollmentSid: `EN${'2'.repeat(32)}`,
  examSid: `EX${'3'.repeat(32)}`,
};

test('the busy demo learner’s counts are each status’s total, asked as one row per status', async () => {
  const { upstream, calls } = recording(client);

  const response = await appWith(upstream).request(
    statusCountsEndpoint.apiPath(DEMO_SIDS.busy, { includeActive: false }),
  );

  expect(response.status).toBe(200);
  expect(statusCountsResponseSchema.parse(await response.json())).toEqual({
    counts: {
      'Needs Proctor': 14,
      'Pending Approval': 12,
      'Approval Denied': 8,
      Scheduled: 22,
      Incident: 9,
      Closed: 60,
      Processing: 10,
    },
    inProgress: null,
  });
  expect(calls.map((url) => url.searchParams.getAll('status'))).toEqual([
    ['Needs Proctor'],
    ['Pending Approval'],
    ['Approval Denied'],
    ['Scheduled'],
    ['Incident'],
    ['Closed'],
    ['Processing'],
  ]);
  for (const url of calls) {
    expect(url.searchParams.get('limit')).toBe('1');
    expect(url.searchParams.get('offset')).toBe('0');
    expect(url.searchParams.get('includeActive')).toBe('false');
  }
});

test('with includeActive each status is still counted alone, and the session in progress on its own', async () => {
  const { upstream, calls } = recording(client);

  const response = await appWith(upstream).request(
    statusCountsEndpoint.apiPath(DEMO_SIDS.busy, { includeActive: true }),
  );

  const { counts, inProgress } = statusCountsResponseSchema.parse(await response.json());
  expect(counts.Incident).toBe(9);
  expect(counts.Closed).toBe(60);
  expect(inProgress).toBe(1);
  expect(calls).toHaveLength(8);
  expect(calls.slice(0, 7).every((url) => url.searchParams.get('includeActive') === 'false')).toBe(
    true,
  );
  expect(calls[7]?.searchParams.getAll('status')).toHaveLength(7);
  expect(calls[7]?.searchParams.get('includeActive')).toBe('true');
});

test('the request’s token goes with every count call, and the browser’s abort with it', async () => {
  const seen: Array<{ token: string; signal: AbortSignal | undefined }> = [];
  const upstream = stubUpstream({
    fetch: (_endpointName, _sids, _query, call) => {
      seen.push({ token: call.token, signal: call.signal });
      return Promise.resolve({ ...EMPTY_UPSTREAM_LIST, total: 3 });
    },
  });

  await appWith(upstream).request(statusCountsEndpoint.apiPath(SIDS, { includeActive: false }));

  expect(seen).toHaveLength(7);
  expect(seen.every((call) => call.token === TOKEN && call.signal !== undefined)).toBe(true);
});

test('one failed count is null; the others are still answered', async () => {
  const upstream = stubUpstream({
    // The stub is handed the list query the counts route built for each status.
    fetch: (_endpointName, _sids, query) =>
      (query as SessionListQuery).statuses[0] === 'Incident'
        ? Promise.reject(new UpstreamError('upstream_timeout', 504, 'Too slow.'))
        : Promise.resolve({ ...EMPTY_UPSTREAM_LIST, total: 5 }),
  });

  const response = await appWith(upstream).request(
    statusCountsEndpoint.apiPath(SIDS, { includeActive: false }),
  );

  expect(response.status).toBe(200);
  const { counts } = statusCountsResponseSchema.parse(await response.json());
  expect(counts.Incident).toBeNull();
  expect(counts.Closed).toBe(5);
  expect(Object.values(counts).filter((count) => count === null)).toHaveLength(1);
});

test('when every count fails the same way, that failure is the answer, as the list gives it', async () => {
  let wait = 10;
  const upstream = stubUpstream({
    fetch: () => {
      wait += 1;
      return Promise.reject(rateLimited(wait));
    },
  });

  const response = await appWith(upstream).request(
    statusCountsEndpoint.apiPath(SIDS, { includeActive: false }),
  );

  expect(response.status).toBe(429);
  // The longest wait any call was told of, in the header and in the message alike.
  expect(response.headers.get('retry-after')).toBe('17');
  const body = apiErrorBodySchema.parse(await response.json());
  expect(body).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 17 });
  expect(body.message).toMatch(/Try again in 17 seconds\.$/);
});

test('when every count fails in different ways, each count is null rather than one error', async () => {
  let calls = 0;
  const upstream = stubUpstream({
    fetch: () => {
      calls += 1;
      return Promise.reject(
        calls === 1
          ? new UpstreamError('upstream_timeout', 504, 'Too slow.')
          : new UpstreamError('upstream_error', 502, 'Broken.'),
      );
    },
  });

  const response = await appWith(upstream).request(
    statusCountsEndpoint.apiPath(SIDS, { includeActive: false }),
  );

  expect(response.status).toBe(200);
  const { counts } = statusCountsResponseSchema.parse(await response.json());
  expect(Object.values(counts).every((count) => count === null)).toBe(true);
});

test('a bad query is refused in plain words and nothing is asked upstream', async () => {
  const { upstream, calls } = recording(client);

  const response = await appWith(upstream).request(
    `${statusCountsEndpoint.apiPath(SIDS, { includeActive: false }).split('?')[0] ?? ''}?includeActive=yes&page=2`,
  );

  expect(response.status).toBe(400);
  const body = apiErrorBodySchema.parse(await response.json());
  expect(body.message).toContain('"page" is not a query parameter of the session counts.');
  expect(body.message).toContain('"includeActive" must be true or false (got "yes").');
  expect(calls).toEqual([]);
});

test('the access log has one upstream observation for the request: its slowest call', async () => {
  const lines: Array<LogFields | undefined> = [];
  let calls = 0;
  const upstream: UpstreamClient = {
    ...stubUpstream(),
    fetch(source, _sids, _query, call) {
      calls += 1;
      // The fourth call is the slowest, and the only one answered from the network.
      const slowest = calls === 4;
      call.observe?.(
        slowest
          ? { source: 'network', upstreamStatus: 200, durationMs: 900 }
          : { source: 'cache', durationMs: 10 * calls },
      );
      return Promise.resolve(source.upstream.parse({ ...EMPTY_UPSTREAM_LIST, total: 2 }));
    },
  };
  const app = createApp({
    upstream,
    access: { mode: 'shared', tokens: staticToken(TOKEN) },
    log: (message, fields) => {
      if (message === 'request') lines.push(fields);
    },
  });

  const response = await app.request(statusCountsEndpoint.apiPath(SIDS, { includeActive: false }));

  expect(response.status).toBe(200);
  expect(calls).toBe(7);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ upstream: 'network', upstreamStatus: 200, upstreamMs: 900 });
});
