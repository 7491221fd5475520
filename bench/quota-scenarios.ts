/**
 * `npm run bench:quota`: the "Done when" figures of the upstream-economy issue. Each scenario runs
 * against a freshly started built server (dist/), an upstream that counts every call it receives
 * (the demo upstream, or one that misbehaves on cue) and a fresh Chromium, over real HTTP.
 *
 * Prints figure / target / measured / pass, the command that repeats each scenario, and the
 * server's log for a scenario that missed a target. Exits 1 when a figure missed or a scenario
 * could not run.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { z } from 'zod/mini';
import {
  DEFAULT_LIST_QUERY,
  sessionListEndpoint,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { parseEnv } from '#server/env.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium.ts';
import {
  epochOf,
  newHiddenPage,
  readProbe,
  recordApiAnswers,
  showPage,
  tallyAnswers,
  waitForView,
  watchPages,
  type Probe,
} from './quota-page.ts';
import { ensureBuilt, startServer, type RunningServer } from './quota-server.ts';
import {
  startCountingUpstream,
  startSilentUpstream,
  type CountingUpstream,
  type SilentUpstream,
  type UpstreamCall,
} from './quota-upstream.ts';

const SCENARIOS = [
  'first-view',
  'second-view',
  'page-change',
  'nearly-spent',
  'throttled',
  'slow',
  'silent',
] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const USAGE = `Usage: npm run bench:quota -- [--only <scenario>] [--long] [--json]

  --only    run one scenario: ${SCENARIOS.join(', ')}
  --long    second-view also opens the view 4 min after the first (about 4 min more)
  --json    print the results as JSON on stdout (progress goes to stderr)

Each scenario starts its own server (dist/ is built first when missing or stale) with default
settings except those it names; SP_* settings in the environment are not passed on.`;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUIET_MS = 3_000;
const VIEW_TIMEOUT_MS = 20_000;
const SERVER_LOG_LINES = 80;
/** Access-log lines of static files: noise in a failure's log. */
const ASSET_LINE = /"route":"\/assets\/\*","status":200/;

const say = (line: string) => console.error(line);

function readOptions() {
  let values;
  try {
    values = parseArgs({
      options: {
        only: { type: 'string' },
        long: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    say(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(1);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const only = SCENARIOS.find((name) => name === values.only);
  if (values.only !== undefined && only === undefined) {
    say(`--only must be one of ${SCENARIOS.join(', ')} (got "${values.only}").\n\n${USAGE}`);
    process.exit(1);
  }
  return { only, long: values.long, json: values.json };
}

// ---------------------------------------------------------------------------------------------
// What a scenario gets, and what it reports
// ---------------------------------------------------------------------------------------------

interface Figure {
  figure: string;
  target: string;
  measured: string;
  /** Null: a figure without a target. */
  pass: boolean | null;
}

interface ScenarioResult {
  name: ScenarioName;
  command: string;
  /** The server's settings that differ from the defaults. */
  settings: Record<string, string>;
  figures: Figure[];
  details: string[];
  error: string | null;
  /** The server's output, kept when a figure missed or the scenario failed. */
  serverLog: string[];
}

interface Kit {
  token: string;
  long: boolean;
  countingUpstream(): Promise<CountingUpstream>;
  silentUpstream(): Promise<SilentUpstream>;
  server(upstreamUrl: string, settings?: Record<string, string>): Promise<RunningServer>;
  /** A fresh Chromium, closed with the scenario. */
  chromium(): Promise<Browser>;
  figure(figure: Figure): void;
  detail(line: string): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

async function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: origin,
    viewport: { width: 1280, height: 800 },
  });
  await watchPages(context);
  return context;
}

/** "session-list 1, status-counts 7, …" */
function byEndpoint(calls: readonly UpstreamCall[]): string {
  const tally = new Map<string, number>();
  for (const call of calls) tally.set(call.endpoint, (tally.get(call.endpoint) ?? 0) + 1);
  if (tally.size === 0) return 'none';
  return [...tally].map(([endpoint, count]) => `${endpoint} ${count}`).join(', ');
}

/** Until `QUIET_MS` pass without an upstream call after `from`, counted from `notBefore`. */
async function waitQuiet(upstream: CountingUpstream, from: number, notBefore: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const last = Math.max(notBefore, ...upstream.calls.slice(from).map((call) => call.at));
    if (Date.now() - last >= QUIET_MS || Date.now() > deadline) return;
    await sleep(100);
  }
}

interface View {
  page: Page;
  /** Date.now() just before the navigation. */
  started: number;
  calls: UpstreamCall[];
  probe: Probe;
}

/** Opens the list in a new page and counts upstream calls until 3 s pass without one. */
async function measureView(
  context: BrowserContext,
  upstream: CountingUpstream,
  sids: SessionListSids,
): Promise<View> {
  const page = await context.newPage();
  const from = upstream.calls.length;
  const started = Date.now();
  await page.goto(sessionsPath(sids), { waitUntil: 'commit' });
  await waitForView(page, 'either', VIEW_TIMEOUT_MS);
  await waitQuiet(upstream, from, Date.now());
  return { page, started, calls: upstream.calls.slice(from), probe: await readProbe(page) };
}

function describeView(label: string, view: View): string {
  const { rowsAt, alertAt, alertTitle } = view.probe;
  const shown =
    rowsAt !== null
      ? `rows at ${seconds(rowsAt)}`
      : alertAt !== null
        ? `"${alertTitle ?? ''}" at ${seconds(alertAt)}`
        : 'neither rows nor an error';
  return `${label}: ${view.calls.length} upstream calls (${byEndpoint(view.calls)}); ${shown}`;
}

// ---------------------------------------------------------------------------------------------
// The scenarios
// ---------------------------------------------------------------------------------------------

async function firstView(kit: Kit): Promise<void> {
  const upstream = await kit.countingUpstream();
  const server = await kit.server(upstream.url);
  const context = await newContext(await kit.chromium(), server.origin);
  const view = await measureView(context, upstream, DEMO_SIDS.busy);
  kit.figure({
    figure: 'upstream calls, first view of the busy list (until 3 s without a call)',
    target: '≤ 12',
    measured: String(view.calls.length),
    pass: view.calls.length <= 12,
  });
  kit.detail(describeView('first view', view));
}

async function secondView(kit: Kit): Promise<void> {
  const upstream = await kit.countingUpstream();
  const server = await kit.server(upstream.url);
  const browser = await kit.chromium();
  const firstContext = await newContext(browser, server.origin);
  const first = await measureView(firstContext, upstream, DEMO_SIDS.busy);
  kit.detail(describeView('first view', first));
  await firstContext.close();

  const later: [string, number][] = [['10 s', 10_000]];
  if (kit.long) later.push(['4 min', 240_000]);
  for (const [label, afterMs] of later) {
    await sleep(first.started + afterMs - Date.now());
    const context = await newContext(browser, server.origin);
    const view = await measureView(context, upstream, DEMO_SIDS.busy);
    await context.close();
    kit.figure({
      figure: `upstream calls, the same view in a new browser context ${label} later`,
      target: '≤ 1',
      measured: String(view.calls.length),
      pass: view.calls.length <= 1,
    });
    kit.detail(
      describeView(`${label} later (opened at +${seconds(view.started - first.started)})`, view),
    );
  }
  if (!kit.long) kit.detail('the view 4 min later runs with --long');
}

/**
 * Next, by the pointer, twice. Page 1 fetches nothing ahead; from page 2 on the page after the
 * one shown is fetched ahead, so the first Next costs 2 and each later one 1.
 */
async function pageChange(kit: Kit): Promise<void> {
  const upstream = await kit.countingUpstream();
  const server = await kit.server(upstream.url);
  const context = await newContext(await kit.chromium(), server.origin);
  const { page } = await measureView(context, upstream, DEMO_SIDS.busy);
  for (const [label, range, most] of [
    ['page 1 → 2', '26–50', 2],
    ['page 2 → 3', '51–75', 1],
  ] as const) {
    const from = upstream.calls.length;
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(new RegExp(`^${range} of`)).waitFor();
    await waitQuiet(upstream, from, Date.now());
    const calls = upstream.calls.slice(from);
    kit.figure({
      figure: `upstream calls, Next clicked, ${label}`,
      target: `≤ ${most}`,
      measured: String(calls.length),
      pass: calls.length <= most,
    });
    kit.detail(`${label}: ${calls.length} upstream calls (${byEndpoint(calls)})`);
  }
}

/** Distinct pages of the busy list: each costs one upstream call. */
function spendingQueries(count: number): SessionListQuery[] {
  const queries: SessionListQuery[] = [];
  for (const includeActive of [false, true]) {
    for (const sortOrder of ['DESC', 'ASC'] as const) {
      for (let offset = 0; offset < 160; offset += 10) {
        queries.push({ ...DEFAULT_LIST_QUERY, offset, limit: 10, sortOrder, includeActive });
      }
    }
  }
  return queries.slice(0, count);
}

async function nearlySpent(kit: Kit): Promise<void> {
  const budget = 60;
  const spend = 55;
  const upstream = await kit.countingUpstream();
  const server = await kit.server(upstream.url, {
    SP_UPSTREAM_CALLS_PER_MINUTE: String(budget),
  });
  const context = await newContext(await kit.chromium(), server.origin);

  const from = upstream.calls.length;
  const started = Date.now();
  const statuses = new Map<number, number>();
  for (const query of spendingQueries(spend)) {
    const response = await fetch(
      `${server.origin}${sessionListEndpoint.apiPath(DEMO_SIDS.busy, query)}`,
    );
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
  const spent = upstream.calls.length - from;
  kit.detail(
    `spent first: ${spent} upstream calls in ${seconds(Date.now() - started)} by ${spend} GETs of distinct /api list pages (${[...statuses].map(([status, n]) => `${status} × ${n}`).join(', ')})`,
  );

  const answers = recordApiAnswers(context);
  const view = await measureView(context, upstream, DEMO_SIDS.handful);
  await answers.settled();
  const rows = view.probe.rowsAt !== null;
  kit.figure({
    figure: `upstream calls, first view of another learner with ${spent} of ${budget} spent`,
    target: '≤ 3',
    measured: String(view.calls.length),
    pass: view.calls.length <= 3,
  });
  kit.figure({ figure: 'its rows showed', target: 'yes', measured: yesNo(rows), pass: rows });
  kit.detail(describeView('view', view));
  kit.detail(`its /api answers: ${tallyAnswers(answers.answers)}`);
}

async function throttled(kit: Kit): Promise<void> {
  const windowMs = 60_000;
  const keepMs = 65_000;
  const upstream = await kit.countingUpstream();
  const server = await kit.server(upstream.url);
  const context = await newContext(await kit.chromium(), server.origin);
  const answers = recordApiAnswers(context);
  const path = sessionsPath(DEMO_SIDS.busy);

  upstream.behave({ kind: 'throttled', forMs: windowMs, since: null });
  const from = upstream.calls.length;
  // Tab 1 is left behind tab 2; tab 3 stands for a second window.
  const hidden = await newHiddenPage(context);
  await hidden.goto(path, { waitUntil: 'commit' });
  const visible: Page[] = [];
  for (let index = 0; index < 2; index += 1) {
    const page = await context.newPage();
    await page.bringToFront();
    await page.goto(path, { waitUntil: 'commit' });
    visible.push(page);
  }
  await sleep(2_000);
  const since = upstream.throttledSince();
  if (since === null) throw new Error('No call reached the upstream within 2 s of the tabs.');
  const windowEnd = since + windowMs;
  await sleep(since + keepMs - Date.now());

  // The last hold: the longest Retry-After the server gave (holds grow), from the last 429.
  const calls429 = upstream.calls.slice(from).filter((call) => call.status === 429);
  const last429 = Math.max(since, ...calls429.map((call) => call.at));
  const lastHoldS = Math.max(
    1,
    ...answers.answers.flatMap((answer) => (answer.status === 429 ? [answer.retryAfter ?? 0] : [])),
  );
  const holdEnd = last429 + lastHoldS * 1000;
  // Asking and rendering take a moment after the hold.
  const dueBy = Math.max(windowEnd, holdEnd) + 2_000;
  const rowsBy = async (page: Page, deadline: number) => {
    const probe = await waitForView(page, 'rows', Math.max(0, deadline - Date.now()));
    return probe === null || probe.rowsAt === null ? null : epochOf(probe, probe.rowsAt);
  };
  const visibleRows = await Promise.all(visible.map((page) => rowsBy(page, dueBy)));
  const shownAt = Date.now();
  await showPage(hidden);
  const hiddenRows = await rowsBy(hidden, shownAt + 5_000);

  const during = upstream.calls.filter((call) => call.at >= since && call.at < windowEnd);
  kit.figure({
    figure: 'upstream calls during 60 s of 429 (Retry-After: 1), 3 tabs',
    target: '≤ 8',
    measured: String(during.length),
    pass: during.length <= 8,
  });
  const visibleOk = visibleRows.every((at) => at !== null && at <= dueBy);
  const hiddenOk = hiddenRows !== null && hiddenRows - shownAt <= 3_000;
  const after = (at: number | null) => (at === null ? 'no rows' : `+${seconds(at - windowEnd)}`);
  kit.figure({
    figure: 'every tab shows rows after the 429s end (by the last hold’s end)',
    target: 'yes',
    measured: `${yesNo(visibleOk && hiddenOk)} (tabs ${visibleRows.map(after).join(', ')}; hidden tab ${after(hiddenRows)})`,
    pass: visibleOk && hiddenOk,
  });
  await answers.settled();
  kit.detail(
    `upstream calls at ${during.map((call) => `+${seconds(call.at - since)} ${call.status}`).join(', ')}; after the 60 s: ${byEndpoint(upstream.calls.filter((call) => call.at >= windowEnd))}`,
  );
  kit.detail(
    `last upstream 429 at +${seconds(last429 - since)}, hold ${lastHoldS} s, so rows were due by +${seconds(dueBy - windowEnd)} after the 60 s`,
  );
  const tabs: [string, Page][] = [
    ['hidden tab', hidden],
    ...visible.map((page, index): [string, Page] => [`tab ${index + 2}`, page]),
  ];
  for (const [label, page] of tabs) {
    const mine = answers.answers.filter((answer) => answer.page === page);
    kit.detail(
      `${label}: /api answers before the 60 s ended ${tallyAnswers(mine.filter((answer) => answer.at < windowEnd))}; after ${tallyAnswers(mine.filter((answer) => answer.at >= windowEnd))}`,
    );
  }
  kit.detail(
    `the hidden tab: headless Chromium reports every page visible, so an init script makes its document say "hidden" until it is shown (at +${seconds(shownAt - windowEnd)}, with a visibilitychange); its timers run unthrottled`,
  );
}

async function slow(kit: Kit): Promise<void> {
  const delayMs = 2_500;
  const upstream = await kit.countingUpstream();
  upstream.behave({ kind: 'slow-list', delayMs });
  const server = await kit.server(upstream.url);
  const context = await newContext(await kit.chromium(), server.origin);
  const view = await measureView(context, upstream, DEMO_SIDS.busy);
  const pageOne = sessionListEndpoint.path(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
  const pageOneCalls = view.calls.filter((call) => call.key === pageOne).length;
  const budgetMs = server.env.renderBudgetMs;
  kit.figure({
    figure: `upstream calls for page 1, list answering ${seconds(delayMs)} late`,
    target: '1',
    measured: String(pageOneCalls),
    pass: pageOneCalls === 1,
  });
  const rowsAt = view.probe.rowsAt;
  kit.figure({
    figure: `navigation start → first table row visible (render budget ${budgetMs} ms)`,
    target: '≤ 2.90 s',
    measured: rowsAt === null ? 'no rows' : seconds(rowsAt),
    pass: rowsAt !== null && rowsAt <= 2_900,
  });
  const navigation = navigationSchema.safeParse(
    await view.page.evaluate((): unknown =>
      performance.getEntriesByType('navigation')[0]?.toJSON(),
    ),
  );
  kit.detail(describeView('view', view));
  const timing = navigation.success
    ? `the HTML's first byte at ${seconds(navigation.data.responseStart)}, its last at ${seconds(navigation.data.responseEnd)}`
    : 'no navigation timing';
  kit.detail(`render budget in use: SP_RENDER_BUDGET_MS=${budgetMs} (the default); ${timing}`);
}

const navigationSchema = z.object({ responseStart: z.number(), responseEnd: z.number() });

async function silent(kit: Kit): Promise<void> {
  const upstream = await kit.silentUpstream();
  const server = await kit.server(upstream.url);
  const defaults = parseEnv({});
  const context = await newContext(await kit.chromium(), server.origin);
  const page = await context.newPage();
  const loads: (Probe | null)[] = [];
  for (let load = 0; load < 2; load += 1) {
    const connectionsBefore = upstream.connections.length;
    const requestsBefore = upstream.requests.length;
    await page.goto(sessionsPath(DEMO_SIDS.busy), { waitUntil: 'commit' });
    const probe = await waitForView(page, 'alert', server.env.timeoutMs + VIEW_TIMEOUT_MS);
    loads.push(probe);
    kit.detail(
      `load ${load + 1}: ${probe === null || probe.alertAt === null ? 'no error message' : `"${probe.alertTitle ?? ''}" at ${seconds(probe.alertAt)}`}; upstream requests ${upstream.requests.length - requestsBefore} on ${upstream.connections.length - connectionsBefore} new connections`,
    );
  }
  const [first, second] = loads.map((probe) => probe?.alertAt ?? null);
  kit.figure({
    figure: `navigation start → error message, first load (SP_API_TIMEOUT_MS ${server.env.timeoutMs})`,
    target: '—',
    measured: first === null || first === undefined ? 'none' : seconds(first),
    pass: null,
  });
  kit.figure({
    figure: 'navigation start → error message, second load',
    target: '≤ 2.00 s',
    measured: second === null || second === undefined ? 'none' : seconds(second),
    pass: second !== null && second !== undefined && second <= 2_000,
  });
  kit.detail(
    `SP_API_TIMEOUT_MS default ${defaults.timeoutMs} ms, SP_UPSTREAM_BREAKER_FAILURES default ${defaults.upstreamBreakerFailures} (server/env.ts)`,
  );
}

const RUNS: Record<ScenarioName, (kit: Kit) => Promise<void>> = {
  'first-view': firstView,
  'second-view': secondView,
  'page-change': pageChange,
  'nearly-spent': nearlySpent,
  throttled,
  slow,
  silent,
};

// ---------------------------------------------------------------------------------------------
// Running a scenario
// ---------------------------------------------------------------------------------------------

const cleanups: (() => Promise<unknown>)[] = [];

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => say(`Cleanup failed: ${String(error)}`));
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`\n${signal}: stopping.`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function runScenario(name: ScenarioName, long: boolean): Promise<ScenarioResult> {
  const command = `npm run bench:quota -- --only ${name}${long && name === 'second-view' ? ' --long' : ''}`;
  const result: ScenarioResult = {
    name,
    command,
    settings: {},
    figures: [],
    details: [],
    error: null,
    serverLog: [],
  };
  const logDir = mkdtempSync(join(os.tmpdir(), 'sp-bench-quota-'));
  cleanups.push(() => {
    rmSync(logDir, { recursive: true, force: true });
    return Promise.resolve();
  });
  const started: { server: RunningServer | null } = { server: null };
  const kit: Kit = {
    token: randomUUID(),
    long,
    async countingUpstream() {
      const upstream = await startCountingUpstream(kit.token);
      cleanups.push(() => upstream.close());
      return upstream;
    },
    async silentUpstream() {
      const upstream = await startSilentUpstream();
      cleanups.push(() => upstream.close());
      return upstream;
    },
    async server(url, settings = {}) {
      result.settings = settings;
      const server = await startServer(
        { url, token: kit.token },
        settings,
        join(logDir, 'server.log'),
      );
      started.server = server;
      cleanups.push(() => server.stop());
      return server;
    },
    async chromium() {
      const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
      cleanups.push(() => browser.close());
      return browser;
    },
    figure: (figure) => result.figures.push(figure),
    detail: (line) => result.details.push(line),
  };
  say(`${name}: running...`);
  const startedAt = Date.now();
  try {
    await RUNS[name](kit);
  } catch (error) {
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  const missed = result.error !== null || result.figures.some((figure) => figure.pass === false);
  // Read before the cleanup removes it; stopped first, so that its last lines are in.
  if (missed && started.server !== null) {
    await started.server.stop();
    result.serverLog = started.server
      .log()
      .filter((line) => line !== '' && !ASSET_LINE.test(line))
      .slice(-SERVER_LOG_LINES);
  }
  await cleanUp();
  say(`${name}: done in ${seconds(Date.now() - startedAt)}.`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'figure', 'target', 'measured', 'pass'];
  const rows = results.flatMap((result) =>
    result.error !== null
      ? [[result.name, 'could not run', '', '', 'no']]
      : result.figures.map((figure) => [
          result.name,
          figure.figure,
          figure.target,
          figure.measured,
          figure.pass === null ? '—' : yesNo(figure.pass),
        ]),
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map((row) => line(row)),
  ].join('\n');
}

function formatDetails(results: readonly ScenarioResult[]): string {
  return results
    .map((result) => {
      const settings = Object.entries(result.settings).map(([key, value]) => `${key}=${value}`);
      return [
        `${result.name} (${settings.length === 0 ? 'default settings' : settings.join(' ')})`,
        ...result.details.map((detail) => `  - ${detail}`),
        ...(result.error === null ? [] : [`  - could not run: ${result.error}`]),
        `  reproduce: ${result.command}`,
      ].join('\n');
    })
    .join('\n');
}

function commitLabel(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT });
    return commit.toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const options = readOptions();
  await ensureBuilt(say);
  const names = options.only === undefined ? SCENARIOS : [options.only];
  const results: ScenarioResult[] = [];
  for (const name of names) results.push(await runScenario(name, options.long));

  const failed = results.filter(
    (result) => result.error !== null || result.figures.some((figure) => figure.pass === false),
  );
  for (const result of failed) {
    if (result.serverLog.length === 0) continue;
    say(
      `\n${result.name}: the server's log (static files left out; last ${SERVER_LOG_LINES} lines)`,
    );
    for (const line of result.serverLog) say(`  ${line}`);
  }
  if (options.json) {
    const report = {
      commit: commitLabel(),
      date: new Date().toISOString(),
      loadAverage: os.loadavg()[0] ?? 0,
      cores: os.cpus().length,
      scenarios: results,
    };
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(`\n${formatTable(results)}\n\n${formatDetails(results)}`);
    if (failed.length > 0) {
      console.log(`\nMissed or failed: ${failed.map((result) => result.name).join(', ')}`);
    }
  }
  return failed.length === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await cleanUp();
}
