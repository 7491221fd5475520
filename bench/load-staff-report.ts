/**
 * The figures of `npm run load:staff`, computed from what the run recorded: upstream calls per
 * minute (by endpoint and by priority), /api answers and latency as the browser saw them, and
 * whether each view showed its rows.
 */
import { QUOTA_PRIORITIES, type QuotaPriority } from '#src/api/contract/endpoint.ts';
import type { UpstreamCallRecord } from './load-staff-upstream.ts';

export interface ApiRequestRecord {
  staff: number;
  /** The tab left on refresh=15, or a working tab. */
  tab: 'work' | 'refresh';
  atMs: number;
  /** The declared endpoint's name, `server-info`, or `other`. */
  endpoint: string;
  /** Path and query without the /api prefix. */
  key: string;
  declared: QuotaPriority | null;
  /** The x-quota-priority header the browser sent, if any. */
  header: string | null;
  /** The declared priority, lowered by the header as the server would. */
  priority: QuotaPriority | null;
  /** A list request, without the header, for another view than the tab's URL shows. */
  untaggedPrefetch: boolean;
  /** Null: no answer (aborted, or the page closed). */
  status: number | null;
  code: string | null;
  /** From the browser's request timing: start to the last byte. */
  latencyMs: number | null;
}

export const VIEW_OUTCOMES = ['rows', 'empty', 'quota', 'error', 'timeout'] as const;
export type ViewOutcome = (typeof VIEW_OUTCOMES)[number];
/** A view whose rows (or session) did not show. */
export const FAILED_OUTCOMES: readonly ViewOutcome[] = ['quota', 'error', 'timeout'];

export type ViewAction = 'open' | 'next' | 'filter' | 'session' | 'back' | 'refresh-tab';

export interface ViewRecord {
  staff: number;
  atMs: number;
  kind: 'list' | 'detail';
  action: ViewAction;
  outcome: ViewOutcome;
  /** The panel's title when an error or quota panel showed. */
  title: string | null;
  waitedMs: number;
}

export interface RunMeta {
  commit: string;
  date: string;
  staff: number;
  minutes: number;
  learnersPerMinute: number;
  seed: number;
  learners: 'aliased' | 'demo';
  chromium: string;
  /** The server's SP_* settings in effect (the token left out). */
  settings: Record<string, string>;
  durationMs: number;
  /** One-minute load average of the machine: the browsers, the server, and anything else. */
  loadAverage: { before: number; after: number; cores: number };
}

interface Series {
  total: number;
  /** Calls in each minute of the run; the last one may be partial (see minuteLengthsS). */
  perMinute: number[];
  maxPer60s: number;
}

export interface LoadReport {
  meta: RunMeta;
  upstream: Series & {
    minuteLengthsS: number[];
    byEndpoint: Record<string, Series>;
    byPriority: Record<string, Series & { fromApiRequest: number; declaredOnly: number }>;
    byStatus: Record<string, number>;
    /** Calls made after the run's end, while pages closed: left out of every figure above. */
    afterEnd: number;
    priorityNote: string;
  };
  api: {
    total: number;
    byStatus: Record<string, number>;
    byCode: Record<string, number>;
    byEndpoint: Record<string, { count: number; p50Ms: number | null; p95Ms: number | null }>;
    byPriority: Record<string, { count: number; withHeader: number; untaggedPrefetch: number }>;
    latency: { measured: number; p50Ms: number | null; p95Ms: number | null; maxMs: number | null };
    /** What the tab left on refresh=15 asked, by endpoint. */
    refreshTab: Record<string, number>;
  };
  pages: { byStatus: Record<string, number> };
  views: {
    total: number;
    byOutcome: Record<string, number>;
    byAction: Record<string, Record<string, number>>;
    failed: number;
    failedTitles: Record<string, number>;
    learnersOpened: number;
    learnersPlanned: number;
    /** Planned steps (filter, Next, a session) given up because the next learner was due. */
    stepsCut: number;
    waitedP50Ms: number | null;
    waitedP95Ms: number | null;
    /** Steps the script could not take (nothing to click, a page gone), by message. */
    scriptErrors: Record<string, number>;
  };
  server: ServerFigures;
}

/** From the server's own access log. */
export interface ServerFigures {
  /** `api` or `page`, then how the upstream was used: network, cache, shared, held, none. */
  upstreamUse: Record<string, number>;
  apiP50Ms: number | null;
  apiP95Ms: number | null;
  /** Server-rendered list pages, rows fetched within the render budget included. */
  listPageP50Ms: number | null;
  listPageP95Ms: number | null;
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: an observed value, never an interpolation.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** The most events in any window of `windowMs` (one starting at each event is enough). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    const from = sorted[start] ?? 0;
    while (end < sorted.length && (sorted[end] ?? 0) < from + windowMs) end += 1;
    best = Math.max(best, end - start);
  }
  return best;
}

function minuteLengths(durationMs: number): number[] {
  const lengths: number[] = [];
  for (let from = 0; from < durationMs; from += 60_000) {
    lengths.push(Math.round(Math.min(60_000, durationMs - from) / 1000));
  }
  return lengths;
}

function series(times: readonly number[], durationMs: number): Series {
  const perMinute = minuteLengths(durationMs).map(() => 0);
  for (const at of times) {
    const minute = Math.floor(at / 60_000);
    perMinute[minute] = (perMinute[minute] ?? 0) + 1;
  }
  return { total: times.length, perMinute, maxPer60s: maxInWindow(times, 60_000) };
}

function tally<T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const key = keyOf(item);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** How far apart a browser request and the upstream call it caused may be seen. */
const MATCH_BEFORE_MS = 15_000;
const MATCH_AFTER_MS = 2_000;

/**
 * Each upstream call's priority: that of the latest browser /api request for the same path (or,
 * for a count call, the same status-counts path) shortly before it; with none (a server-rendered
 * page's rows), the endpoint's declared priority.
 */
export function attributePriorities(
  calls: readonly UpstreamCallRecord[],
  requests: readonly ApiRequestRecord[],
): { priority: string; fromApiRequest: boolean }[] {
  const byKey = groupBy(requests, (request) => request.key);
  return calls.map((call) => {
    const candidates = byKey.get(call.countsKey ?? call.key) ?? [];
    let best: ApiRequestRecord | null = null;
    for (const request of candidates) {
      if (request.atMs > call.atMs + MATCH_AFTER_MS || request.atMs < call.atMs - MATCH_BEFORE_MS)
        continue;
      if (best === null || request.atMs > best.atMs) best = request;
    }
    if (best?.priority != null) return { priority: best.priority, fromApiRequest: true };
    return { priority: call.priority ?? 'none', fromApiRequest: false };
  });
}

export const PRIORITY_NOTE =
  'Priority of an upstream call: that of the browser /api request for the same path (a count call: the same status-counts request) made up to 15 s before it, i.e. the endpoint priority declared in src/api/contract/*.ts lowered by the x-quota-priority header when the browser sent one; a call no /api request explains (the rows of a server-rendered page) takes its endpoint\'s declared priority. "untagged prefetch": list requests without the header for another view than the tab shows (the next page fetched ahead).';

export function buildReport(input: {
  meta: RunMeta;
  calls: readonly UpstreamCallRecord[];
  requests: readonly ApiRequestRecord[];
  views: readonly ViewRecord[];
  pageStatuses: readonly number[];
  learnersOpened: number;
  learnersPlanned: number;
  stepsCut: number;
  server: ServerFigures;
  scriptErrors: Record<string, number>;
}): LoadReport {
  const { meta, requests, views } = input;
  const duration = meta.durationMs;
  const inRun = input.calls.filter((call) => call.atMs >= 0 && call.atMs < duration);
  const priorities = attributePriorities(inRun, requests);
  const attributed = inRun.map((call, index) => ({
    call,
    priority: priorities[index]?.priority ?? 'none',
    fromApiRequest: priorities[index]?.fromApiRequest ?? false,
  }));

  const byEndpoint: Record<string, Series> = {};
  for (const [name, calls] of groupBy(inRun, (call) => call.endpoint)) {
    byEndpoint[name] = series(
      calls.map((call) => call.atMs),
      duration,
    );
  }
  const byPriority: LoadReport['upstream']['byPriority'] = {};
  const priorityNames = [...QUOTA_PRIORITIES, 'none'];
  for (const [name, calls] of [...groupBy(attributed, (entry) => entry.priority)].sort(
    ([a], [b]) => priorityNames.indexOf(a) - priorityNames.indexOf(b),
  )) {
    byPriority[name] = {
      ...series(
        calls.map(({ call }) => call.atMs),
        duration,
      ),
      fromApiRequest: calls.filter((entry) => entry.fromApiRequest).length,
      declaredOnly: calls.filter((entry) => !entry.fromApiRequest).length,
    };
  }

  const answered = requests.filter((request) => request.status !== null);
  const latencies = requests.flatMap((request) =>
    request.latencyMs === null ? [] : [request.latencyMs],
  );
  const apiByEndpoint: LoadReport['api']['byEndpoint'] = {};
  for (const [name, group] of groupBy(requests, (request) => request.endpoint)) {
    const times = group.flatMap((request) =>
      request.latencyMs === null ? [] : [request.latencyMs],
    );
    apiByEndpoint[name] = {
      count: group.length,
      p50Ms: percentile(times, 50),
      p95Ms: percentile(times, 95),
    };
  }
  const apiByPriority: LoadReport['api']['byPriority'] = {};
  for (const [name, group] of groupBy(requests, (request) => request.priority ?? 'none')) {
    apiByPriority[name] = {
      count: group.length,
      withHeader: group.filter((request) => request.header !== null).length,
      untaggedPrefetch: group.filter((request) => request.untaggedPrefetch).length,
    };
  }

  const byAction: Record<string, Record<string, number>> = {};
  for (const [action, group] of groupBy(views, (view) => `${view.kind} ${view.action}`)) {
    byAction[action] = tally(group, (view) => view.outcome);
  }
  const failed = views.filter((view) => FAILED_OUTCOMES.includes(view.outcome));
  const waits = views.map((view) => view.waitedMs);

  return {
    meta,
    upstream: {
      ...series(
        inRun.map((call) => call.atMs),
        duration,
      ),
      minuteLengthsS: minuteLengths(duration),
      byEndpoint,
      byPriority,
      byStatus: tally(inRun, (call) => String(call.status)),
      afterEnd: input.calls.filter((call) => call.atMs >= duration).length,
      priorityNote: PRIORITY_NOTE,
    },
    api: {
      total: requests.length,
      byStatus: tally(requests, (request) => String(request.status ?? 'aborted')),
      byCode: tally(
        answered.filter((request) => request.code !== null),
        (request) => `${request.status ?? ''} ${request.code ?? ''}`,
      ),
      byEndpoint: apiByEndpoint,
      byPriority: apiByPriority,
      latency: {
        measured: latencies.length,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        maxMs: latencies.length === 0 ? null : Math.max(...latencies),
      },
      refreshTab: tally(
        requests.filter((request) => request.tab === 'refresh'),
        (request) => request.endpoint,
      ),
    },
    pages: { byStatus: tally(input.pageStatuses, String) },
    views: {
      total: views.length,
      byOutcome: tally(views, (view) => view.outcome),
      byAction,
      failed: failed.length,
      failedTitles: tally(failed, (view) => `${view.outcome}: ${view.title ?? '(none)'}`),
      learnersOpened: input.learnersOpened,
      learnersPlanned: input.learnersPlanned,
      stepsCut: input.stepsCut,
      waitedP50Ms: percentile(waits, 50),
      waitedP95Ms: percentile(waits, 95),
      scriptErrors: input.scriptErrors,
    },
    server: input.server,
  };
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((text) => `  ${text}`).join('\n');
}

const ms = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value)} ms`);

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? 'none' : entries.map(([key, n]) => `${key} ${n}`).join(', ');
}

export function formatReport(report: LoadReport): string {
  const { meta, upstream, api, views } = report;
  const minutes = upstream.minuteLengthsS.map((seconds, index) =>
    seconds === 60 ? `min ${index + 1}` : `min ${index + 1} (${seconds} s)`,
  );
  const seriesRow = (name: string, entry: Series, extra: string[] = []) => [
    name,
    ...upstream.minuteLengthsS.map((_, index) => String(entry.perMinute[index] ?? 0)),
    String(entry.maxPer60s),
    String(entry.total),
    ...extra,
  ];
  const settings = Object.entries(meta.settings)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const lines = [
    '',
    `Load simulation: ${meta.staff} staff × ${meta.minutes} min, ${meta.learnersPerMinute} learners/min each, seed ${meta.seed}`,
    `  commit ${meta.commit}, ${meta.date}, Chromium ${meta.chromium}`,
    `  learners: ${meta.learners === 'aliased' ? 'a new alias per visit, answered with one of the demo’s 5 learner/exam pairs' : 'cycling through the demo’s 5 learner/exam pairs'}`,
    `  server: ${settings}`,
    `  load average ${meta.loadAverage.before.toFixed(1)} before, ${meta.loadAverage.after.toFixed(1)} after, on ${meta.loadAverage.cores} cores`,
    '',
    `Upstream calls (${upstream.total} in the run; max ${upstream.maxPer60s} in any 60 s window)`,
    table(
      ['endpoint', ...minutes, 'max/60s', 'total'],
      [
        ...Object.entries(upstream.byEndpoint)
          .sort(([, a], [, b]) => b.total - a.total)
          .map(([name, entry]) => seriesRow(name, entry)),
        seriesRow('all', upstream),
      ],
    ),
    '',
    table(
      ['priority', ...minutes, 'max/60s', 'total', 'from /api', 'declared'],
      Object.entries(upstream.byPriority).map(([name, entry]) =>
        seriesRow(name, entry, [String(entry.fromApiRequest), String(entry.declaredOnly)]),
      ),
    ),
    `  upstream statuses: ${counts(upstream.byStatus)}; after the end (not counted): ${upstream.afterEnd}`,
    `  ${upstream.priorityNote}`,
    '',
    `/api requests from the browsers: ${api.total}`,
    `  by status: ${counts(api.byStatus)}`,
    `  error codes: ${counts(api.byCode)}`,
    `  latency (browser request timing, ${api.latency.measured} answers): p50 ${ms(api.latency.p50Ms)}, p95 ${ms(api.latency.p95Ms)}, max ${ms(api.latency.maxMs)}`,
    table(
      ['endpoint', 'requests', 'p50', 'p95'],
      Object.entries(api.byEndpoint)
        .sort(([, a], [, b]) => b.count - a.count)
        .map(([name, entry]) => [name, String(entry.count), ms(entry.p50Ms), ms(entry.p95Ms)]),
    ),
    table(
      ['priority', 'requests', 'with header', 'untagged prefetch'],
      Object.entries(api.byPriority).map(([name, entry]) => [
        name,
        String(entry.count),
        String(entry.withHeader),
        String(entry.untaggedPrefetch),
      ]),
    ),
    `  of which the tab on refresh=15: ${counts(api.refreshTab)}`,
    `  on the server (access log): /api p50 ${ms(report.server.apiP50Ms)}, p95 ${ms(report.server.apiP95Ms)}; list pages p50 ${ms(report.server.listPageP50Ms)}, p95 ${ms(report.server.listPageP95Ms)}`,
    `  served from: ${counts(report.server.upstreamUse)}`,
    `  page loads by status: ${counts(report.pages.byStatus)}`,
    '',
    `Views: ${views.total} (${views.learnersOpened} learners opened of ${views.learnersPlanned} planned); rows or session did not show: ${views.failed}`,
    ...(views.learnersOpened < 0.95 * views.learnersPlanned
      ? [
          '  Behind pace: the browsers could not keep up (CPU?), so the upstream figures are below what this many staff would cause.',
        ]
      : []),
    `  by outcome: ${counts(views.byOutcome)}; time to settle p50 ${ms(views.waitedP50Ms)}, p95 ${ms(views.waitedP95Ms)}; steps given up for the next learner: ${views.stepsCut}`,
    table(
      ['view', ...VIEW_OUTCOMES],
      Object.entries(views.byAction).map(([name, outcomes]) => [
        name,
        ...VIEW_OUTCOMES.map((outcome) => String(outcomes[outcome] ?? 0)),
      ]),
    ),
    ...(views.failed === 0 ? [] : [`  failures: ${counts(views.failedTitles)}`]),
    ...(Object.keys(views.scriptErrors).length === 0
      ? []
      : [`  steps the script could not take: ${counts(views.scriptErrors)}`]),
    '',
  ];
  return lines.join('\n');
}
