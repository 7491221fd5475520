/**
 * `npm run load:staff`: proctoring staff at work, in real Chromium pages, against the demo
 * upstream, to see what the dashboard costs the institution's API quota ("upstream economy").
 *
 * Starts the demo upstream in this process behind a layer that records every call it receives,
 * then the built server (`node scripts/start.js`, which builds first when dist/ is missing or
 * stale) on a free loopback port pointed at it, with the caller's SP_* settings passed through.
 * Then N staff members (one browser context each, in one Chromium) each open a new learner's list
 * M times a minute and sometimes filter, page or open a session and come back; one keeps a tab on
 * refresh=15. Prints upstream calls per minute by endpoint and by priority, /api answers by status
 * and error code, /api latency as the browser measured it, and the views whose rows did not show;
 * writes the same as JSON to bench/results/load-staff-latest.json (and to stdout with --json).
 *
 * A simulation, not a test: it fails only when it cannot run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { format, resolveConfig } from 'prettier';
import { z } from 'zod/mini';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import { SERVER_INFO_PATH, serverInfoSchema } from '#src/api/contract/server-info.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium.ts';
import {
  createRecorder,
  runStaffMember,
  staffRandom,
  watchContext,
  type StaffRun,
} from './load-staff-browser.ts';
import {
  buildReport,
  formatReport,
  percentile,
  type RunMeta,
  type ServerFigures,
} from './load-staff-report.ts';
import { startCountingUpstream, type LearnerAliases } from './load-staff-upstream.ts';
import { freePort, stopChild } from './server-metrics.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./results/load-staff-latest.json', import.meta.url));
/** Generous: scripts/start.js may build first (about a minute on two cores). */
const START_TIMEOUT_MS = 300_000;
/** Settings that are ours to set, and so never passed through. */
const OWN_SETTINGS = new Set(['SP_API_URL', 'SP_API_TOKEN', 'SP_AUTH', 'SP_SESSION_SECRET']);

const USAGE = `Usage: npm run load:staff -- [--staff N] [--minutes M] [--learners-per-minute L] [--seed S] [--demo-learners] [--open-only] [--json]

  --staff                 staff members, one browser context each (default 20)
  --minutes               length of the run (default 3)
  --learners-per-minute   new learners each staff member opens a minute (default 5)
  --seed                  seed of every choice (default 1): the same seed, the same choices
  --demo-learners         cycle through the demo's 5 learner/exam pairs instead of a new alias
  --open-only             each visit only opens a learner's list (no filter, paging or session)
                          per visit (then the server's cache serves repeat learners)
  --json                  print the report as JSON on stdout (progress goes to stderr)

SP_* settings in the environment (e.g. SP_UPSTREAM_CALLS_PER_MINUTE, SP_CACHE_TTL_MS) are passed to
the server; SP_RATE_LIMIT_PER_MINUTE defaults to 0 here, since every staff member shares one address.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        staff: { type: 'string', default: '20' },
        minutes: { type: 'string', default: '3' },
        'learners-per-minute': { type: 'string', default: '5' },
        seed: { type: 'string', default: '1' },
        'demo-learners': { type: 'boolean', default: false },
        'open-only': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name: string, raw: string, min: number, max: number, whole: boolean) => {
    const value = Number(raw);
    if (
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (whole && !Number.isInteger(value))
    )
      fail(
        `--${name} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${raw}").`,
      );
    return value;
  };
  return {
    staff: number('staff', parsed.staff, 1, 100, true),
    minutes: number('minutes', parsed.minutes, 0.25, 60, false),
    learnersPerMinute: number('learners-per-minute', parsed['learners-per-minute'], 0.1, 30, false),
    seed: number('seed', parsed.seed, 0, 2 ** 31, true),
    learners: parsed['demo-learners'] ? ('demo' as const) : ('aliased' as const),
    openOnly: parsed['open-only'],
    json: parsed.json,
  };
}

const options = readOptions();
/** Progress and the server's start-up lines: stderr, so --json leaves stdout to the report. */
const say = (line: string) => console.error(line);

// ---------------------------------------------------------------------------------------------
// Cleanup: the browser, the server and the upstream stop on success, failure or Ctrl+C.
// ---------------------------------------------------------------------------------------------

const cleanups: (() => unknown)[] = [];

/** Waits for `promise`, or gives up on it after `ms` with a note: the run must always end. */
async function bounded(promise: Promise<unknown>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      say(`Note: ${what} took over ${ms / 1000} s; going on without it.`);
      resolve();
    }, ms);
  });
  await Promise.race([promise.then(() => undefined), late]);
  clearTimeout(timer);
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    const done = Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => say(`Cleanup failed: ${String(error)}`));
    await bounded(done, 15_000, 'a cleanup step');
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`\n${signal}: stopping the simulation.`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/** The server's SP_* settings: the caller's, less ours, with the per-client limit off by default. */
function passedSettings(): Record<string, string> {
  const settings: Record<string, string> = { SP_RATE_LIMIT_PER_MINUTE: '0' };
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('SP_') && !OWN_SETTINGS.has(key) && value !== undefined && value !== '')
      settings[key] = value;
  }
  return settings;
}

interface Server {
  origin: string;
  accessLogFile: string;
}

async function startServer(upstreamUrl: string, token: string): Promise<Server> {
  const port = await freePort();
  const logDir = mkdtempSync(join(os.tmpdir(), 'sp-load-staff-'));
  cleanups.push(() => rmSync(logDir, { recursive: true, force: true }));
  const accessLogFile = join(logDir, 'stderr.log');
  const stderrFd = openSync(accessLogFile, 'w');
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts/start.js')], {
    // Not the repository root: a developer's .env there must not change what is measured.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: {
      ...process.env,
      ...passedSettings(),
      PORT: String(port),
      HOST: '127.0.0.1',
      SP_API_URL: upstreamUrl,
      SP_API_TOKEN: token,
      SP_AUTH: 'shared',
      SP_SESSION_SECRET: '',
    },
    stdio: ['ignore', 'pipe', stderrFd],
  });
  closeSync(stderrFd);
  cleanups.push(() => stopChild(child));
  if (child.stdout !== null) {
    createInterface({ input: child.stdout }).on('line', (line) => say(`  server: ${line}`));
  }
  const origin = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = readFileSync(accessLogFile, 'utf8').slice(-3000);
      throw new Error(
        `The server exited at start-up (${child.signalCode ?? child.exitCode}):\n${tail}`,
      );
    }
    const answer = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.ok;
      },
      () => false,
    );
    if (answer) break;
    if (performance.now() > deadline) {
      throw new Error(`The server did not answer within ${START_TIMEOUT_MS / 1000} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const info = serverInfoSchema.safeParse(
    await fetch(`${origin}${SERVER_INFO_PATH}`).then((response) => response.json()),
  );
  if (!info.success || info.data.mode !== 'upstream' || info.data.access.mode !== 'shared') {
    throw new Error('The server is not reading the counting upstream with a shared token.');
  }
  return { origin, accessLogFile };
}

const accessLogLine = z.object({
  time: z.string(),
  msg: z.string(),
  route: z.optional(z.string()),
  durationMs: z.optional(z.number()),
  upstream: z.optional(z.string()),
});

/**
 * From the server's access log, during the run: how each request was served (upstream, cache,
 * shared, held), and how long /api requests and list pages took on the server itself.
 */
function readAccessLog(file: string, fromMs: number, toMs: number): ServerFigures {
  const upstreamUse: Record<string, number> = {};
  const apiMs: number[] = [];
  const listPageMs: number[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = accessLogLine.safeParse(json);
    if (!parsed.success || parsed.data.msg !== 'request') continue;
    const { time, route = '', durationMs, upstream } = parsed.data;
    const at = Date.parse(time);
    if (at < fromMs || at >= toMs) continue;
    const kind = route.startsWith(`${API_PREFIX}/`) ? 'api' : 'page';
    if (durationMs !== undefined) {
      if (kind === 'api') apiMs.push(durationMs);
      // A page whose render asked the upstream: a list page with its rows.
      else if (upstream !== undefined) listPageMs.push(durationMs);
    }
    if (kind === 'page' && upstream === undefined) continue;
    const key = `${kind} ${upstream ?? 'none'}`;
    upstreamUse[key] = (upstreamUse[key] ?? 0) + 1;
  }
  return {
    upstreamUse,
    apiP50Ms: percentile(apiMs, 50),
    apiP95Ms: percentile(apiMs, 95),
    listPageP50Ms: percentile(listPageMs, 50),
    listPageP95Ms: percentile(listPageMs, 95),
  };
}

function commitLabel(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'src', 'server'], {
      cwd: ROOT,
    })
      .toString()
      .trim();
    return changed === '' ? commit : `${commit} with uncommitted changes in src/ or server/`;
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const aliases: LearnerAliases = new Map();
  let startedAt = Number.POSITIVE_INFINITY;
  let wallStart = Date.now();
  const now = () => performance.now() - startedAt;
  const token = randomUUID();
  const upstream = await startCountingUpstream({ token, aliases, clock: now });
  cleanups.push(() => upstream.close());

  say('Starting the server (scripts/start.js builds first when dist/ is missing or stale)...');
  const server = await startServer(upstream.url, token);

  say(`Starting Chromium and ${options.staff} browser contexts...`);
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
  });
  cleanups.push(() => browser.close());

  const durationMs = Math.round(options.minutes * 60_000);
  const clock = { now, startEpochMs: () => wallStart, endMs: durationMs };
  const recorder = createRecorder();
  const contexts: BrowserContext[] = [];
  for (let index = 0; index < options.staff; index += 1) {
    const context = await browser.newContext({
      baseURL: server.origin,
      viewport: { width: 1280, height: 800 },
      // The app then drops its skeleton pulse and transitions: less CPU for the same requests.
      reducedMotion: 'reduce',
    });
    watchContext(context, index, clock, recorder);
    contexts.push(context);
  }

  let stop = () => {};
  let isStopped = false;
  const whenStopped = new Promise<void>((resolve) => {
    stop = () => {
      isStopped = true;
      resolve();
    };
  });
  const run: StaffRun = {
    seed: options.seed,
    staffCount: options.staff,
    intervalMs: 60_000 / options.learnersPerMinute,
    learners: options.learners,
    openOnly: options.openOnly,
    aliases,
    clock,
    stopper: { stopped: () => isStopped, whenStopped },
    recorder,
  };

  say(
    `Simulating ${options.staff} staff for ${options.minutes} min at ${options.learnersPerMinute} learners/min each (seed ${options.seed})...`,
  );
  const loadBefore = os.loadavg()[0] ?? 0;
  startedAt = performance.now();
  wallStart = Date.now();
  const progress = setInterval(() => {
    const calls = upstream.calls.filter((call) => call.atMs >= now() - 60_000).length;
    say(
      `  ${Math.round(now() / 1000)} s: ${recorder.learnersOpened} learners opened, ${recorder.views.length} views, ${calls} upstream calls in the last 60 s`,
    );
  }, 30_000);
  const stopTimer = setTimeout(stop, durationMs);
  const members = contexts.map((context, index) =>
    runStaffMember(run, { index, context, random: staffRandom(options.seed, index) }).catch(
      (error: unknown) => {
        if (!isStopped) say(`Staff member ${index} stopped: ${String(error)}`);
      },
    ),
  );
  await whenStopped;
  clearInterval(progress);
  clearTimeout(stopTimer);
  const wallEnd = Date.now();
  // Steps in flight end with their pages; nothing they see after the end is counted.
  await Promise.race([Promise.all(members), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  say('Closing the pages...');
  await bounded(
    Promise.all(contexts.map((context) => context.close().catch(() => undefined))),
    20_000,
    'closing the browser contexts',
  );
  await bounded(Promise.all(members), 10_000, 'ending the staff members’ last steps');
  await bounded(Promise.all([...recorder.pending]), 10_000, 'reading the last /api answers');
  say('Writing the report...');

  const meta: RunMeta = {
    commit: commitLabel(),
    date: new Date(wallStart).toISOString(),
    staff: options.staff,
    minutes: options.minutes,
    learnersPerMinute: options.learnersPerMinute,
    seed: options.seed,
    learners: options.learners,
    chromium: browser.version(),
    settings: passedSettings(),
    durationMs,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] ?? 0, cores: os.cpus().length },
  };
  const report = buildReport({
    meta,
    calls: upstream.calls,
    requests: recorder.requests,
    views: recorder.views,
    pageStatuses: recorder.pageStatuses,
    learnersOpened: recorder.learnersOpened,
    learnersPlanned: recorder.learnersPlanned,
    stepsCut: recorder.stepsCut,
    server: readAccessLog(server.accessLogFile, wallStart, wallEnd),
    scriptErrors: Object.fromEntries(recorder.scriptErrors),
  });
  if (upstream.seenByDemo() !== upstream.calls.length) {
    say(
      `Note: the demo upstream saw ${upstream.seenByDemo()} requests, the counting layer ${upstream.calls.length}.`,
    );
  }
  mkdirSync(fileURLToPath(new URL('./results', import.meta.url)), { recursive: true });
  // Formatted as the repository's Prettier would, so `prettier --check .` passes over it.
  const style = (await resolveConfig(RESULTS_FILE)) ?? {};
  writeFileSync(RESULTS_FILE, await format(JSON.stringify(report), { ...style, parser: 'json' }));
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else console.log(formatReport(report));
  say(`Written to bench/results/load-staff-latest.json`);
}

try {
  await main();
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await cleanUp();
}
