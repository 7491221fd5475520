// An endpoint declared once, as data: see docs/decisions/endpoints-as-data.md.
import type { z } from 'zod/mini';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { echo } from '#src/api/contract/query-rules.ts';
import { API_PREFIX, buildPath } from '#src/api/contract/routes.ts';
import { parseSids, type SidProblem } from '#src/api/contract/sids.ts';

/** Names and settings change rarely: a page open for an hour need not ask again. */
export const CONTEXT_REUSE_MS = 10 * 60 * 1000;

/**
 * How much an upstream call matters when the institution's API quota runs short, most first:
 * see docs/decisions/upstream-quota-budget.md.
 */
export const QUOTA_PRIORITIES = ['rows', 'detail', 'context', 'counts', 'prefetch'] as const;
export type QuotaPriority = (typeof QUOTA_PRIORITIES)[number];

/** The browser may lower a request's priority (a prefetch, a refresh), never raise it. */
export const QUOTA_PRIORITY_HEADER = 'x-quota-priority';

export function lowerPriority(declared: QuotaPriority, asked: string | undefined): QuotaPriority {
  const index = QUOTA_PRIORITIES.findIndex((priority) => priority === asked);
  return QUOTA_PRIORITIES[Math.max(QUOTA_PRIORITIES.indexOf(declared), index)] ?? declared;
}

export const noQuery = (_query: undefined): URLSearchParams => new URLSearchParams();

export function refuseQuery(params: URLSearchParams): ParseResult<undefined> {
  const search = params.toString();
  return search === ''
    ? { ok: true, value: undefined }
    : {
        ok: false,
        problems: [`This API route takes no query parameters (got "${echo(search)}").`],
      };
}

/** For error messages: "has no {name} at these sids", "the request for {phrase}". */
export interface Resource {
  name: string;
  phrase: string;
}

interface PageWindow {
  offset: number;
  limit: number;
}

export type PageNote =
  | { event: 'upstream_page_trimmed'; rows: number; limit: number }
  | { event: 'upstream_short_page'; rows: number; limit: number; offset: number; total: number };

export function fitPage<List extends { total: number; results: readonly unknown[] }>(
  list: List,
  window: PageWindow,
  note: (note: PageNote) => void,
): List {
  const rows = list.results.length;
  if (rows > window.limit) {
    note({ event: 'upstream_page_trimmed', rows, limit: window.limit });
    return { ...list, results: list.results.slice(0, window.limit) };
  }
  if (rows < Math.min(window.limit, Math.max(0, list.total - window.offset))) {
    const { offset, limit } = window;
    note({ event: 'upstream_short_page', rows, limit, offset, total: list.total });
  }
  return list;
}

interface Declared<Sids, Query, Answer> {
  name: string;
  route: string;
  sids: z.ZodMiniType<Sids>;
  writeQuery: (query: Query) => URLSearchParams;
  answer: z.ZodMiniType<Answer>;
  resource: Resource;
  reuseMs: number;
  priority: QuotaPriority;
}

export interface Endpoint<Sids, Query, Answer> extends Declared<Sids, Query, Answer> {
  apiRoute: string;
  parseSids: (raw: Readonly<Record<string, string | undefined>>) => ParseResult<Sids, SidProblem>;
  path: (sids: Sids, query: Query) => string;
  apiPath: (sids: Sids, query: Query) => string;
}

export function defineEndpoint<Sids, Query, Answer>(
  declared: Declared<Sids, Query, Answer>,
): Endpoint<Sids, Query, Answer> {
  const path = (sids: Sids, query: Query) =>
    buildPath(declared.route, sidValues(sids), declared.writeQuery(query));
  return {
    ...declared,
    apiRoute: `${API_PREFIX}${declared.route}`,
    parseSids: (raw) => parseSids(declared.sids, raw),
    path,
    apiPath: (sids, query) => `${API_PREFIX}${path(sids, query)}`,
  };
}

function sidValues(sids: unknown): Readonly<Record<string, string>> {
  if (typeof sids !== 'object' || sids === null) return {};
  return Object.fromEntries(
    Object.entries(sids).flatMap(([key, value]) =>
      typeof value === 'string' ? [[key, value]] : [],
    ),
  );
}

export function parseRequest<Sids, Query>(
  endpoint: Pick<Endpoint<Sids, never, unknown>, 'parseSids'>,
  parseQuery: (params: URLSearchParams) => ParseResult<Query>,
  rawSids: Readonly<Record<string, string | undefined>>,
  params: URLSearchParams,
): ParseResult<{ sids: Sids; query: Query }> {
  const sids = endpoint.parseSids(rawSids);
  const query = parseQuery(params);
  if (sids.ok && query.ok) return { ok: true, value: { sids: sids.value, query: query.value } };
  return {
    ok: false,
    problems: [
      ...(sids.ok ? [] : sids.problems.map((problem) => problem.message)),
      ...(query.ok ? [] : query.problems),
    ],
  };
}

// Sources are the server's half, each declared `/* @__PURE__ */` so the browser bundle drops it.
interface SourceBase<Sids, Query, Answer> {
  endpoint: Endpoint<Sids, Query, Answer>;
  parseQuery: (params: URLSearchParams) => ParseResult<Query>;
}

export interface UpstreamSource<Sids, Query, Upstream, Answer> extends SourceBase<
  Sids,
  Query,
  Answer
> {
  kind: 'upstream';
  upstream: z.ZodMiniType<Upstream>;
  settle?: (upstream: Upstream, query: Query, note: (note: PageNote) => void) => Upstream;
  toAnswer(upstream: Upstream, sids: Sids, query: Query): Answer;
}

/** A failed query's answer is null; when every one fails alike, that failure is thrown. */
export type AskEach = <PartSids, Query, Upstream, PartAnswer>(
  source: UpstreamSource<PartSids, Query, Upstream, PartAnswer>,
  sids: PartSids,
  queries: readonly Query[],
) => Promise<(Upstream | null)[]>;

export interface ComposedSource<Sids, Query, Answer> extends SourceBase<Sids, Query, Answer> {
  kind: 'composed';
  compose(askEach: AskEach, sids: Sids, query: Query): Promise<Answer>;
}

export type Source<Sids, Query, Upstream, Answer> =
  UpstreamSource<Sids, Query, Upstream, Answer> | ComposedSource<Sids, Query, Answer>;

export function fromUpstream<Sids, Query, Upstream, Answer>(
  source: Omit<UpstreamSource<Sids, Query, Upstream, Answer>, 'kind'>,
): UpstreamSource<Sids, Query, Upstream, Answer> {
  return { kind: 'upstream', ...source };
}

/** An endpoint without a query whose upstream answer is already the dashboard's answer. */
export function passedThrough<Sids, Answer>(
  endpoint: Endpoint<Sids, undefined, Answer>,
): UpstreamSource<Sids, undefined, Answer, Answer> {
  return fromUpstream({
    endpoint,
    parseQuery: refuseQuery,
    upstream: endpoint.answer,
    toAnswer: (answer) => answer,
  });
}

export function composed<Sids, Query, Answer>(
  source: Omit<ComposedSource<Sids, Query, Answer>, 'kind'>,
): ComposedSource<Sids, Query, Answer> {
  return { kind: 'composed', ...source };
}

/** Any source, its types kept: each use gets the source back with its own types. */
export type SomeSource = <Result>(
  use: <Sids, Query, Upstream, Answer>(source: Source<Sids, Query, Upstream, Answer>) => Result,
) => Result;

export function some<Sids, Query, Upstream, Answer>(
  source: Source<Sids, Query, Upstream, Answer>,
): SomeSource {
  return (use) => use(source);
}
