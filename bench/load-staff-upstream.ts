/**
 * The upstream side of `npm run load:staff`: the demo upstream behind a thin layer that records
 * every call (when, which endpoint, its path and status) and maps learner aliases onto the demo's
 * few learners, so each simulated "new learner" is new to the server's cache, as in production.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { API_SOURCES } from '#src/api/contract/endpoints.ts';
import type { QuotaPriority } from '#src/api/contract/endpoint.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { createDemoUpstreamApp } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { listen } from '#server/http/listen.ts';

/** An endpoint as the contract declares it: enough to recognise its paths and its priority. */
export interface DeclaredEndpoint {
  name: string;
  route: string;
  apiRoute: string;
  priority: QuotaPriority;
  /** `composed` endpoints (the status counts) make other endpoints' upstream calls. */
  kind: 'upstream' | 'composed';
}

export const DECLARED_ENDPOINTS: readonly DeclaredEndpoint[] = API_SOURCES.map((some) =>
  some(({ endpoint, kind }) => ({
    name: endpoint.name,
    route: endpoint.route,
    apiRoute: endpoint.apiRoute,
    priority: endpoint.priority,
    kind,
  })),
);

function declared(name: string): DeclaredEndpoint {
  const found = DECLARED_ENDPOINTS.find((endpoint) => endpoint.name === name);
  if (found === undefined) throw new Error(`The contract declares no endpoint "${name}".`);
  return found;
}

/** The list call the status counts fan out to (`limit=1` and one `status`) is counted apart. */
export const STATUS_COUNTS = declared('status-counts');
const SESSION_LIST = declared('session-list');

/** `/v1/installs/:installSid/…` as an anchored pattern with named groups. */
export function routePattern(route: string): RegExp {
  const source = route
    .split('/')
    .map((part) =>
      part.startsWith(':')
        ? `(?<${part.slice(1)}>[^/]+)`
        : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

const UPSTREAM_PATTERNS = DECLARED_ENDPOINTS.filter((endpoint) => endpoint.kind === 'upstream').map(
  (endpoint) => ({ endpoint, pattern: routePattern(endpoint.route) }),
);

export interface UpstreamCallRecord {
  /** Milliseconds since the simulation started (negative: before it). */
  atMs: number;
  /** A declared endpoint's name, `status-counts` for a count call, or `other`. */
  endpoint: string;
  priority: QuotaPriority | null;
  /** Path and query as the server asked: the same text as the browser's /api path without /api. */
  key: string;
  /** For a count call, the /api status-counts path (without /api) that fans out to it. */
  countsKey: string | null;
  /** 0 until the demo has answered. */
  status: number;
}

export function classifyUpstreamCall(
  url: URL,
): Pick<UpstreamCallRecord, 'endpoint' | 'priority' | 'countsKey'> {
  for (const { endpoint, pattern } of UPSTREAM_PATTERNS) {
    const match = pattern.exec(url.pathname);
    if (match === null) continue;
    const params = url.searchParams;
    if (endpoint === SESSION_LIST && params.get('limit') === '1' && params.has('status')) {
      const countsPath = STATUS_COUNTS.route.replace(
        /:(\w+)/g,
        (_, name: string) => match.groups?.[name] ?? '',
      );
      const includeActive = params.get('includeActive') ?? 'false';
      return {
        endpoint: STATUS_COUNTS.name,
        priority: STATUS_COUNTS.priority,
        countsKey: `${countsPath}?includeActive=${includeActive}`,
      };
    }
    return { endpoint: endpoint.name, priority: endpoint.priority, countsKey: null };
  }
  return { endpoint: 'other', priority: null, countsKey: null };
}

// ---------------------------------------------------------------------------------------------
// Learners
// ---------------------------------------------------------------------------------------------

/** The demo's learner/exam pairs (one has no sessions); the busy one has seven pages. */
export const DEMO_LEARNERS = {
  busy: DEMO_SIDS.busy,
  handful: DEMO_SIDS.handful,
  live: DEMO_SIDS.live,
  biology: DEMO_SIDS.biology,
  empty: DEMO_SIDS.empty,
} satisfies Record<string, SessionListSids>;

export type DemoLearnerName = keyof typeof DEMO_LEARNERS;

/** Alias enrollment sid → the demo enrollment it stands for. */
export type LearnerAliases = Map<string, string>;

/** A new enrollment sid, shaped like the API's, that the upstream answers as `base`'s. */
export function aliasLearner(
  aliases: LearnerAliases,
  base: DemoLearnerName,
  label: string,
): SessionListSids {
  const sids = DEMO_LEARNERS[base];
  const enrollmentSid = `EN${createHash('sha256').update(`load-staff:${label}`).digest('hex').slice(0, 32)}`;
  aliases.set(enrollmentSid, sids.enrollmentSid);
  return { ...sids, enrollmentSid };
}

function withoutAlias(url: URL, aliases: LearnerAliases): URL {
  const rewritten = new URL(url);
  rewritten.pathname = url.pathname.replace(/\/enrollments\/([^/]+)\//, (whole, sid: string) => {
    const base = aliases.get(sid);
    return base === undefined ? whole : `/enrollments/${base}/`;
  });
  return rewritten;
}

// ---------------------------------------------------------------------------------------------
// The counting upstream
// ---------------------------------------------------------------------------------------------

export interface CountingUpstream {
  url: string;
  calls: UpstreamCallRecord[];
  /** Every request the demo app saw, through its own onRequest hook: a check on `calls`. */
  seenByDemo(): number;
  close(): Promise<void>;
}

export async function startCountingUpstream({
  token,
  aliases,
  clock,
}: {
  token: string;
  aliases: LearnerAliases;
  /** Milliseconds since the simulation started. */
  clock: () => number;
}): Promise<CountingUpstream> {
  let seen = 0;
  const demo = createDemoUpstreamApp({ token, onRequest: () => (seen += 1) });
  const calls: UpstreamCallRecord[] = [];
  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    // Recorded on arrival: a call the server gives up on still costs the quota.
    const call: UpstreamCallRecord = {
      atMs: clock(),
      ...classifyUpstreamCall(url),
      key: url.pathname + url.search,
      status: 0,
    };
    calls.push(call);
    const response = await demo.fetch(new Request(withoutAlias(url, aliases), c.req.raw), c.env);
    call.status = response.status;
    return response;
  });
  const server = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${server.port}`,
    calls,
    seenByDemo: () => seen,
    close: () => server.close(),
  };
}
