/**
 * `npm run bench`: builds the dashboard and the bare reference page, measures both in Chromium
 * (interleaved cold loads on loopback, an emulated slow link, loopback with the CPU throttled 4×
 * and loopback with an upstream that answers lists in 200 ms) and the server's /api hop, prints
 * one table per profile and the issue 20 targets, and writes the raw results to
 * bench/results/latest.json.
 *
 * Builds go to a temporary folder, removed at the end: a copy of the app's dist/ (others may
 * rebuild dist/ while the bench runs) and the reference page, so nothing generated lands in the
 * repository but bench/results/.
 *
 * Environment: CHROMIUM_PATH (default: Debian's /usr/bin/chromium, as in e2e/chromium.ts), BENCH_ROUNDS (rounds per profile, each
 * one cold list load and one cold 100-row load per page; default 9), BENCH_PROFILES (a comma
 * list of loopback, slow, cpu4x, upstream, for a quicker run of some; default all four).
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { format, resolveConfig } from 'prettier';
import {
  FIGURES,
  measurePages,
  PROFILE_NAMES,
  PROFILES,
  type FigureName,
  type PageErrors,
  type PageKind,
  type ProfileName,
  type Sample,
} from './page-metrics.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium.ts';
import { startReferenceServer } from './reference/serve.ts';
import { measureServer, startAppServer, type ServerFigures } from './server-metrics.ts';
import { startCountingUpstream } from './quota-upstream.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));

// The bench measures Chromium as the e2e tests drive it, and needs a real binary to do so.
const CHROMIUM_PATH = chromiumPath ?? '/usr/bin/chromium';
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? '9') || 9);
const SERVER_OPTIONS = { sequential: 500, warmup: 200, connections: 20, seconds: 10 };
const BENCH_UPSTREAM_TOKEN = 'bench-upstream-token';

const log = (line: string) => console.log(line);

/** BENCH_PROFILES, checked: a typo must not quietly measure nothing. Always in table order. */
function selectProfiles(list: string | undefined): ProfileName[] {
  if (list === undefined || list.trim() === '') return PROFILE_NAMES;
  const asked = list.split(',').map((name) => name.trim());
  const unknown = asked.filter((name) => !(PROFILE_NAMES as string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_PROFILES: unknown profile(s) ${unknown.join(', ')}; known: ${PROFILE_NAMES.join(', ')}.`,
    );
  }
  return PROFILE_NAMES.filter((name) => asked.includes(name));
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process, server and browser is stopped, on success, failure or Ctrl+C.
// ---------------------------------------------------------------------------------------------

const cleanups: (() => unknown)[] = [];
/** Runs the cleanups registered after the first `keep`, newest first. */
async function cleanUp(keep = 0): Promise<void> {
  for (const cleanup of cleanups.splice(keep).reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => console.error(`Cleanup failed: ${String(error)}`));
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the bench.`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------

function run(command: string, args: string[], timeoutMs = 180_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${output}`));
    });
  });
}

interface Builds {
  /** The copy of dist/server/index.js; it finds the rest of the copied dist/ beside it. */
  appServer: string;
  referenceDist: string;
}

async function build(): Promise<Builds> {
  const started = Date.now();
  const work = mkdtempSync(join(os.tmpdir(), 'sp-bench-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  // The server bundle leaves npm packages external: they resolve through this link.
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');

  await run('npm', ['run', 'build:client']);
  await run('npm', ['run', 'build:server']);
  // All of dist/ (client, server, and whatever else the server loads beside it, e.g. ssr/).
  const app = join(work, 'app');
  cpSync(join(ROOT, 'dist'), app, { recursive: true });
  // The copy must be one whole build: every asset index.html names is there.
  const html = readFileSync(join(app, 'client/index.html'), 'utf8');
  for (const [, asset] of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) {
    if (!existsSync(join(app, 'client', asset ?? ''))) {
      throw new Error(`dist/ changed while it was copied (${asset} missing): run the bench again.`);
    }
  }

  const referenceDist = join(work, 'reference');
  await run(process.execPath, [
    join(ROOT, 'node_modules/vite/bin/vite.js'),
    'build',
    '--config',
    'bench/reference/vite.config.ts',
    '--outDir',
    referenceDist,
  ]);
  log(
    `Built the app (npm run build:client, build:server) and the reference page in ${secs(started)}.`,
  );
  return { appServer: join(app, 'server/index.js'), referenceDist };
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? NaN)
      : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

interface SummaryRow {
  profile: ProfileName;
  figure: FigureName;
  app: Spread;
  reference: Spread;
  ratio: number;
}

function summarize(samples: Sample[], profiles: ProfileName[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const profile of profiles) {
    for (const figure of Object.keys(FIGURES) as FigureName[]) {
      const of = (page: PageKind) =>
        spread(
          samples
            .filter((s) => s.page === page && s.profile === profile)
            .map((s) => s.figures[figure]),
        );
      const app = of('app');
      const reference = of('reference');
      rows.push({ profile, figure, app, reference, ratio: app.median / reference.median });
    }
  }
  return rows;
}

/** `count`: a whole number (a median of an even number of them may end in .5). */
function num(value: number, count = false): string {
  if (!Number.isFinite(value)) return '–';
  if (count) return Number.isInteger(value) ? String(value) : value.toFixed(1);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(Number.isInteger(value) ? 0 : 2);
}

/** Figures that count requests or tasks. */
const isCount = (figure: FigureName) => /(^r|R)equests$|Count$/.test(figure);

const cell = (s: Spread, count = false) =>
  `${num(s.median, count)} (${num(s.min, count)}–${num(s.max, count)})`;
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Errors of one page kind on one profile, over all its samples (both loads each). */
interface ErrorTotals extends Omit<PageErrors, 'messages'> {
  profile: ProfileName;
  page: PageKind;
  samples: number;
  /** Each distinct message once, at most five. */
  distinct: string[];
}

function errorTotals(samples: Sample[], profiles: ProfileName[]): ErrorTotals[] {
  const totals: ErrorTotals[] = [];
  for (const profile of profiles) {
    for (const page of ['app', 'reference'] as const) {
      const mine = samples.filter((s) => s.page === page && s.profile === profile);
      const sum = (key: 'console' | 'uncaught' | 'hydration') =>
        mine.reduce((total, s) => total + s.errors[key], 0);
      totals.push({
        profile,
        page,
        samples: mine.length,
        console: sum('console'),
        uncaught: sum('uncaught'),
        hydration: sum('hydration'),
        distinct: [...new Set(mine.flatMap((s) => s.errors.messages))].slice(0, 5),
      });
    }
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Issue 20's targets, from the medians
// ---------------------------------------------------------------------------------------------

/** The profiles issue 20's targets name; the upstream profile is measured, not judged. */
const TARGET_PROFILES: ProfileName[] = ['loopback', 'slow', 'cpu4x'];

interface TargetCheck {
  target: string;
  profile: ProfileName;
  /** null: the profile was not measured in this run. */
  met: boolean | null;
  figures: string;
}

function checkTargets(rows: SummaryRow[], profiles: ProfileName[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const find = (profile: ProfileName, figure: FigureName) =>
    rows.find((r) => r.profile === profile && r.figure === figure);
  /** The app's median at most `factor` × the reference's (a reference at 0 allows only 0). */
  const relative = (name: string, figure: FigureName, profile: ProfileName, factor: number) => {
    const row = find(profile, figure);
    const unit = figure.endsWith('Ms') ? ' ms' : '';
    checks.push({
      target: `${name} ≤ ${factor}× reference`,
      profile,
      met: row === undefined ? null : row.app.median <= factor * row.reference.median,
      figures:
        row === undefined
          ? ''
          : `app ${num(row.app.median, isCount(figure))}${unit}, reference ${num(row.reference.median, isCount(figure))}${unit}: ${ratio(row.ratio)}`,
    });
  };
  /** The app's median at most `limit`. */
  const absolute = (name: string, figure: FigureName, profile: ProfileName, limit: string) => {
    const row = find(profile, figure);
    const unit = figure.endsWith('Ms') ? ' ms' : figure.endsWith('KB') ? ' kB' : '';
    checks.push({
      target: `${name} ≤ ${limit}${unit} (app)`,
      profile,
      met: row === undefined ? null : row.app.median <= Number(limit),
      figures: row === undefined ? '' : `app ${num(row.app.median, isCount(figure))}${unit}`,
    });
  };
  // Requests and bytes do not depend on the profile: read where measured, loopback first.
  const first = profiles[0] ?? 'loopback';
  relative('first row painted', 'firstRowMs', 'loopback', 0.6);
  relative('first row painted', 'firstRowMs', 'slow', 0.45);
  for (const profile of TARGET_PROFILES)
    absolute('FCP − HTML end', 'fcpAfterHtmlMs', profile, '60');
  relative('main-thread work', 'mainThreadMs', 'loopback', 2);
  relative('total blocking time', 'tbtMs', 'cpu4x', 1.5);
  absolute('requests until idle', 'requests', first, '10');
  absolute('HTML decoded, 25 rows', 'htmlDecodedKB', first, '60');
  for (const profile of TARGET_PROFILES)
    relative('Next with prefetch', 'nextPrefetchedMs', profile, 1);
  for (const profile of TARGET_PROFILES) relative('100-row view', 'rows100Ms', profile, 1.5);
  return checks;
}

function printSummary(
  rows: SummaryRow[],
  errors: ErrorTotals[],
  server: ServerFigures,
  rounds: number,
): void {
  for (const profile of PROFILE_NAMES) {
    const mine = rows.filter((r) => r.profile === profile);
    if (mine.length === 0) continue;
    log(`\nPages, ${PROFILES[profile].label}: median (min–max) of ${rounds} cold loads each`);
    log(
      table(
        ['figure', 'app', 'reference', 'app/ref'],
        mine.map((r) => {
          const count = isCount(r.figure);
          return [FIGURES[r.figure], cell(r.app, count), cell(r.reference, count), ratio(r.ratio)];
        }),
      ),
    );
    for (const e of errors.filter((t) => t.profile === profile)) {
      log(
        `Errors, ${e.page}, ${e.samples} × (list + 100-row load): ${e.console} console, ${e.uncaught} uncaught, ${e.hydration} hydration`,
      );
      for (const message of e.distinct) log(`  ${message.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  const { proxy, direct } = server;
  log(
    `\nServer, loopback: GET one list page (25 rows) through our /api vs straight to the upstream`,
  );
  log(
    table(
      ['figure', 'through /api', 'direct', 'ratio'],
      [
        [
          `sequential p50 (ms), n=${proxy.sequential.requests}`,
          num(proxy.sequential.p50),
          num(direct.sequential.p50),
          ratio(proxy.sequential.p50 / direct.sequential.p50),
        ],
        [
          `sequential p99 (ms)`,
          num(proxy.sequential.p99),
          num(direct.sequential.p99),
          ratio(proxy.sequential.p99 / direct.sequential.p99),
        ],
        [
          `req/s, ${proxy.load.connections} connections, ${proxy.load.seconds} s`,
          num(proxy.load.requestsPerSecond),
          num(direct.load.requestsPerSecond),
          ratio(proxy.load.requestsPerSecond / direct.load.requestsPerSecond),
        ],
        [
          `  latency p50 / p99 under load (ms)`,
          `${num(proxy.load.latencyP50)} / ${num(proxy.load.latencyP99)}`,
          `${num(direct.load.latencyP50)} / ${num(direct.load.latencyP99)}`,
          '',
        ],
        [
          `  non-2xx / errors`,
          `${proxy.load.non2xx} / ${proxy.load.errors}`,
          `${direct.load.non2xx} / ${direct.load.errors}`,
          '',
        ],
      ],
    ),
  );
}

function printTargets(targets: TargetCheck[]): void {
  log('\nIssue 20 targets (medians):');
  const verdict = (met: boolean | null) => (met === null ? 'not run' : met ? 'met' : 'not met');
  const width = Math.max(...targets.map((t) => `${t.target} (${t.profile})`.length));
  for (const t of targets) {
    log(`  ${verdict(t.met).padEnd(8)}${`${t.target} (${t.profile})`.padEnd(width)}  ${t.figures}`);
  }
}

const secs = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

/** The machine's 1-minute load average: the bench shares the CPUs with whatever else runs. */
const loadAverages: Record<string, number> = {};

async function main(): Promise<void> {
  const started = Date.now();
  const cpus = os.cpus().length;
  loadAverages.start = os.loadavg()[0] ?? NaN;
  if (loadAverages.start > cpus) {
    log(
      `Note: load average ${loadAverages.start.toFixed(1)} on ${cpus} CPUs: timings will be slower and noisier.`,
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }

  const profileNames = selectProfiles(process.env.BENCH_PROFILES);
  const { appServer, referenceDist } = await build();
  const pagePhase = cleanups.length;

  // Dozens of cold loads a minute, far more than staff make: the quota budget would hold back
  // extras and prefetches (429) and the bench would measure that instead of the pages.
  const app = await startAppServer(appServer, null, undefined, {
    SP_UPSTREAM_CALLS_PER_MINUTE: '100000',
  });
  cleanups.push(() => app.stop());
  const busy = app.readyLinks[0];
  if (busy === undefined || app.apiExampleUrl === null) {
    throw new Error('The dashboard server did not print its Ready links and JSON API example.');
  }
  if (!busy.label.startsWith('Chemistry final')) {
    log(`Note: the first Ready link is "${busy.label}", not "Chemistry final: 163 sessions".`);
  }
  const reference = await startReferenceServer(referenceDist, app.origin);
  cleanups.push(() => reference.close());
  const appUrl = busy.url;
  const referenceUrl = new URL(new URL(appUrl).pathname, reference.origin).href;
  log(`App:       ${appUrl}\nReference: ${referenceUrl}\nJSON API:  ${app.apiExampleUrl}`);
  const urls: Record<'demo' | 'upstream', { app: string; reference: string }> = {
    demo: { app: appUrl, reference: referenceUrl },
    upstream: { app: appUrl, reference: referenceUrl },
  };
  const listMs = profileNames
    .map((name) => PROFILES[name].upstreamListMs)
    .find((ms) => ms !== null);
  if (listMs !== undefined) {
    // The same demo data behind an upstream of its own, which answers lists late; the server
    // reuses no answer, so each view asks it, as a first view of a learner does in production.
    const upstream = await startCountingUpstream(BENCH_UPSTREAM_TOKEN);
    cleanups.push(() => upstream.close());
    upstream.behave({ kind: 'slow-list', delayMs: listMs });
    const slowApp = await startAppServer(
      appServer,
      { url: upstream.url, token: BENCH_UPSTREAM_TOKEN },
      undefined,
      // Every load asks: the quota budget must not be what is measured.
      { SP_CACHE_TTL_MS: '0', SP_UPSTREAM_CALLS_PER_MINUTE: '100000' },
    );
    cleanups.push(() => slowApp.stop());
    const slowReference = await startReferenceServer(referenceDist, slowApp.origin);
    cleanups.push(() => slowReference.close());
    const path = new URL(appUrl).pathname;
    urls.upstream = {
      app: new URL(path, slowApp.origin).href,
      reference: new URL(path, slowReference.origin).href,
    };
    log(`Upstream profile: ${urls.upstream.app} and ${urls.upstream.reference}`);
  }

  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM_PATH} did not start: ${String(error)}`, {
      cause: error,
    });
  }
  cleanups.push(() => browser.close());
  const browserVersion = browser.version();

  const profiles = profileNames.map((name) => ({ name, iterations: ROUNDS }));
  const pagesStarted = Date.now();
  log(
    `Pages: ${ROUNDS} rounds per profile (${profileNames.join(', ')}), each round = 2 cold loads per page, interleaved.`,
  );
  const { samples, retries } = await measurePages(browser, {
    urlsFor: (profile) => urls[PROFILES[profile].upstreamListMs === null ? 'demo' : 'upstream'],
    profiles,
    warmupLoads: 1,
    log,
  });
  log(
    `Pages measured in ${secs(pagesStarted)}${retries.length > 0 ? `, ${retries.length} load(s) retried` : ''}.`,
  );
  await cleanUp(pagePhase); // the browser, the reference server and the demo-mode app server

  // Both pages must have asked the JSON API example's list, with the same query but the offset.
  const expected = new URL(app.apiExampleUrl).pathname;
  const asked = new Set(
    samples.flatMap((sample) => sample.listApiUrls).map((url) => url.replace(/offset=\d+&/, '')),
  );
  const [only] = asked;
  if (asked.size !== 1 || !only?.startsWith(`${expected}?`)) {
    log(`WARNING: the pages asked different list URLs: ${[...asked].join(' | ')}`);
  }
  loadAverages.afterPages = os.loadavg()[0] ?? NaN;

  const serverStarted = Date.now();
  log('Server hop:');
  const server = await measureServer(appServer, SERVER_OPTIONS, log);
  log(`Server measured in ${secs(serverStarted)}.`);

  const summary = summarize(samples, profileNames);
  const errors = errorTotals(samples, profileNames);
  const targets = checkTargets(summary, profileNames);
  printSummary(summary, errors, server, ROUNDS);
  printTargets(targets);
  const total = (Date.now() - started) / 1000;
  loadAverages.end = os.loadavg()[0] ?? NaN;
  const loads = Object.values(loadAverages).map((value) => value.toFixed(1));
  log(
    `\nTotal run time: ${total.toFixed(0)} s on ${cpus} CPUs, load average ${loads.join(' → ')}.`,
  );
  log('Raw results: bench/results/latest.json');

  mkdirSync(RESULTS_DIR, { recursive: true });
  const resultsFile = join(RESULTS_DIR, 'latest.json');
  const results = {
    finishedAt: new Date().toISOString(),
    totalSeconds: total,
    environment: {
      node: process.version,
      chromium: browserVersion,
      cpus,
      loadAverages,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
    },
    method: {
      rounds: ROUNDS,
      warmupLoads: 1,
      context:
        'browser.newContext() per load (own HTTP cache, code cache, socket pool), cache disabled via CDP',
      profiles: Object.fromEntries(
        profileNames.map((name) => {
          const { link, cpuRate } = PROFILES[name];
          const network = link
            ? `${link.latency} ms latency, ${link.down} B/s down, ${link.up} B/s up (CDP Network.emulateNetworkConditions)`
            : 'no network emulation';
          const cpu = cpuRate === 1 ? '' : `, CPU ${cpuRate}× (CDP Emulation.setCPUThrottlingRate)`;
          const { upstreamListMs } = PROFILES[name];
          const upstream =
            upstreamListMs === null
              ? ''
              : `, a separate dashboard server and reference page on an upstream answering lists in ${upstreamListMs} ms, SP_CACHE_TTL_MS=0`;
          return [name, network + cpu + upstream];
        }),
      ),
      idle: 'first row painted, then 1 s with no request in flight or started (CDP Network events) and ≤ 50 ms of main-thread TaskDuration in that second',
      htmlEnd: "navigation entry's responseEnd",
      fcp: "'first-contentful-paint' paint entry (buffered PerformanceObserver from the init script)",
      firstRow:
        "Element Timing renderTime of the first data row (else the next animation frame's start)",
      mainThread:
        'CDP Performance.getMetrics TaskDuration (renderer main thread, wall time, so CPU throttling counts) at the idle point, minus its value on about:blank right before navigation',
      totalBlockingTime:
        'sum of max(0, duration − 50 ms) over longtask entries (buffered PerformanceObserver) until idle; no FCP/TTI window',
      requests:
        'every request CDP Network saw from navigation to idle (document, scripts, CSS, images, fetches, favicons), data: URLs aside',
      bytes:
        'CDP loadingFinished encodedDataLength (headers included) summed per resource type (Document, Script, Stylesheet) until idle; HTML decoded: the Document’s dataReceived dataLength, summed',
      nextPrefetched:
        'Playwright hover on the first button whose text is "Next", 500 ms network quiet, mouse to (0, 0), scroll to top, DOM click; to the new first row painted',
      nextNotPrefetched:
        'page 3 request held by CDP Fetch interception, released right after the click',
      rows100:
        '?limit=100: navigation start (after data: the list response’s or document’s responseEnd) to the animation frame after the 100th data row is in the DOM',
      errors:
        "Playwright console messages of type error and pageerror events, list and 100-row loads; hydration: those matching /hydrat/i or React's minified #418, #419, #421-#423, #425",
      server: SERVER_OPTIONS,
    },
    urls: { app: appUrl, reference: referenceUrl, listApi: [...asked] },
    retries,
    summary,
    targets,
    errors,
    samples,
    server,
  };
  // Formatted as the repository's Prettier would, so `prettier --check .` passes over it.
  const style = (await resolveConfig(resultsFile)) ?? {};
  writeFileSync(resultsFile, await format(JSON.stringify(results), { ...style, parser: 'json' }));
}

try {
  await main();
} catch (error) {
  console.error(`\nThe bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
