/**
 * An endpoint declared once, as data: from it come the upstream and /api paths, the server's
 * route, the upstream call, the browser's query options, the demo's route and the test handlers.
 * See docs/decisions/endpoints-as-data.md.
 */
import type { z } from 'zod/mini';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { echo } from '#src/api/contract/query-rules.ts';
import { API_PREFIX, buildPath } from '#src/api/contract/routes.ts';
import { parseSids, type SidProblem } from '#src/api/contract/sids.ts';

/** Names and settings change rarely: a page open for an hour need not ask again. */
export const CONTEXT_REUSE_MS = 10 * 60 * 1000;

/** How much an answer matters when the institution's API quota runs short. */
export type QuotaPriority = 'view' | 'context' | 'extra';

export const noQuery = (_query: undefined): URLSearchParams => new URLSearchParams();

/** For endpoints the API documents without a query: any query is refused, never forwarded. */
export function refuseQuery(params: URLSearchParams): ParseResult<undefined> {
  const search = params.toString();
  return search === ''
    ? { ok: true, value: undefined }
    : {
        ok: false,
        problems: [`This API route takes no query parameters (got "${echo(search)}").`],
      };
}

/** What a request asks for, in the words error messages use. */
export interface Resource {
  /** What is missing on a 404, e.g. "exam session". */
  name: string;
  /** What was asked for, e.g. "this exam session". */
  phrase: string;
}

/** One page's window of a paged list, and what trimming it found. */
export interface PageWindow {
  offset: number;
  limit: number;
}

export type PageNote =
  | { event: 'upstream_page_trimmed'; rows: number; limit: number }
  | { event: 'upstream_short_page'; rows: number; limit: number; offset: number; total: number };

/**
 * Trims a paged upstream answer to the limit asked (an upstream that ignores limit must not send
 * the browser every row) and notes a page shorter than expected (the API documents no maximum).
 */
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
    note({ event: 'upstream_short_page', rows, ...window, total: list.total });
  }
  return list;
}

interface Declared<Sids, Query, Answer> {
  /** Root of its query keys and its name in logs. */
  name: string;
  /** The upstream's path pattern; ours is the same under API_PREFIX. */
  route: string;
  sids: z.ZodMiniType<Sids>;
  /** Every parameter the upstream is asked with; our /api takes the same. */
  writeQuery: (query: Query) => URLSearchParams;
  /** What our /api answers, as the browser parses it. */
  answer: z.ZodMiniType<Answer>;
  resource: Resource;
  /** How long an answer may be reused before it is asked for again. */
  reuseMs: number;
  priority: QuotaPriority;
}

/** What the browser and the server share of an endpoint; how it is answered is its source. */
export interface Endpoint<Sids, Query, Answer> extends Declared<Sids, Query, Answer> {
  apiRoute: string;
  parseSids: (raw: Readonly<Record<string, string | undefined>>) => ParseResult<Sids, SidProblem>;
  /** The upstream path with its query. */
  path: (sids: Sids, query: Query) => string;
  /** Our /api URL, as the browser requests it. */
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

/** A request's sids and query read by an endpoint's rules, every bad part named in order. */
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

/*
 * Sources are the server's half: the browser never imports them, so their schemas and mapping
 * stay out of its bundle (each is declared with a pure annotation so it can be dropped).
 */
interface SourceBase<Sids, Query, Answer> {
  endpoint: Endpoint<Sids, Query, Answer>;
  /** Our /api's query rules; the upstream is asked only with a query they accept. */
  parseQuery: (params: URLSearchParams) => ParseResult<Query>;
}

/** An endpoint the upstream has: one call, its answer parsed, then shaped for the browser. */
export interface UpstreamSource<Sids, Query, Upstream, Answer> extends SourceBase<
  Sids,
  Query,
  Answer
> {
  kind: 'upstream';
  upstream: z.ZodMiniType<Upstream>;
  /** Adjusts a fresh upstream answer once, before it is shared and cached (paged lists trim). */
  settle?: (upstream: Upstream, query: Query, note: (note: PageNote) => void) => Upstream;
  toAnswer(upstream: Upstream, sids: Sids, query: Query): Answer;
}

/**
 * Asks one upstream endpoint once per query, at once; a failed one is null. When every one fails
 * alike, that failure is thrown instead.
 */
export type AskEach<Sids> = <Query, Upstream, PartAnswer>(
  source: UpstreamSource<Sids, Query, Upstream, PartAnswer>,
  sids: Sids,
  queries: readonly Query[],
) => Promise<(Upstream | null)[]>;

/** Our own endpoint, answered from several upstream calls. */
export interface ComposedSource<Sids, Query, Answer> extends SourceBase<Sids, Query, Answer> {
  kind: 'composed';
  compose(askEach: AskEach<Sids>, sids: Sids, query: Query): Promise<Answer>;
}

export type Source<Sids, Query, Upstream, Answer> =
  UpstreamSource<Sids, Query, Upstream, Answer> | ComposedSource<Sids, Query, Answer>;

export function fromUpstream<Sids, Query, Upstream, Answer>(
  source: Omit<UpstreamSource<Sids, Query, Upstream, Answer>, 'kind'>,
): UpstreamSource<Sids, Query, Upstream, Answer> {
  return { kind: 'upstream', ...source };
}

export function composed<Sids, Query, Answer>(
  source: Omit<ComposedSource<Sids, Query, Answer>, 'kind'>,
): ComposedSource<Sids, Query, Answer> {
  return { kind: 'composed', ...source };
}

/**
 * Any source, its types kept: a table of differently shaped sources holds these, and each use
 * gets the source back with its own types.
 */
export type SomeSource = <Result>(
  use: <Sids, Query, Upstream, Answer>(source: Source<Sids, Query, Upstream, Answer>) => Result,
) => Result;

export function some<Sids, Query, Upstream, Answer>(
  source: Source<Sids, Query, Upstream, Answer>,
): SomeSource {
  return (use) => use(source);
}
