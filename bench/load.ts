/**
 * `npm run load`: how the built server holds up under many concurrent requests for one view.
 *
 * Starts the demo upstream in this process (counting the calls it receives), then the built server
 * (`node dist/server/index.js`) on a free loopback port pointed at it, and runs autocannon (in its
 * own process) against the JSON list of the busy demo triple, the same canonical URL every time:
 * one view that many staff reload at once. Prints throughput, latency, errors, the server's memory
 * before and after, and how many upstream calls the requests cost.
 *
 * A benchmark, not a test: it passes nothing and fails only when it cannot run.
 * Environment: LOAD_SECONDS (default 30), LOAD_CONNECTIONS (default 50), LOAD_INSTANCES (default
 * 1): with 2 or more, that many servers share a redis-server started for the run (LOAD_REDIS=off
 * runs them without), and the connections are split between them as a load balancer would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { startDemoUpstream, type DemoUpstreamServer } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { startRedisServer } from '#server/testing/redis-server.ts';
import { newestSource, readRssBytes } from './load-helpers.ts';
import { freePort, stopChild } from './server-metrics.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_FILE = join(ROOT, 'dist/server/index.js');
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');
const START_TIMEOUT_MS = 20_000;

function positiveWholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of 1 or more (got "${raw}").`);
    process.exit(1);
  }
  return value;
}

const SECONDS = positiveWholeNumber('LOAD_SECONDS', 30);
const CONNECTIONS = positiveWholeNumber('LOAD_CONNECTIONS', 50);
const INSTANCES = positiveWholeNumber('LOAD_INSTANCES', 1);
const SHARED_STATE = INSTANCES > 1 && process.env.LOAD_REDIS !== 'off';

if (!existsSync(SERVER_FILE)) {
  console.error('Run npm run build first.');
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Cleanup: the server, autocannon and the demo upstream stop on success, failure or Ctrl+C.
// ---------------------------------------------------------------------------------------------

const cleanups: (() => unknown)[] = [];
/** Set on Ctrl+C: what fails after it (autocannon killed mid-run) is no news. */
const run = { interrupted: false };

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error: unknown) => console.error(`Cleanup failed: ${String(error)}`));
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    run.interrupted = true;
    console.error(`\n${signal}: stopping the load run.`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// A last bound on the whole run, whatever hangs: start-up, the run itself, and stopping.
const watchdog = setTimeout(
  () => {
    console.error('The load run took far longer than asked; stopping it.');
    void cleanUp().finally(() => process.exit(1));
  },
  (SECONDS + 90) * 1000,
);
cleanups.push(() => clearTimeout(watchdog));

// ---------------------------------------------------------------------------------------------
// The server under load
// ---------------------------------------------------------------------------------------------

interface Server {
  origin: string;
  child: ChildProcess;
  /** The last lines the server wrote to stderr, for a failure message. */
  stderrTail(): string;
}

/**
 * Starts the built server on a free loopback port against the demo upstream. Its stderr (one
 * access-log line per request) goes to a file, not through this process, which also hosts the
 * upstream and should spend its time there.
 */
async function startServer(
  upstream: DemoUpstreamServer,
  token: string,
  redisUrl: string | null,
): Promise<Server> {
  const port = await freePort();
  const logDir = mkdtempSync(join(os.tmpdir(), 'sp-load-'));
  cleanups.push(() => rmSync(logDir, { recursive: true, force: true }));
  const stderrFile = join(logDir, 'stderr.log');
  const stderrFd = openSync(stderrFile, 'w');
  const child = spawn(process.execPath, [SERVER_FILE], {
    // Not the repository root: a developer's .env there must not change what is measured.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SP_API_URL: upstream.url,
      SP_API_TOKEN: token,
      // 50 connections from one loopback address would otherwise measure the per-client limiter.
      SP_RATE_LIMIT_PER_MINUTE: '0',
      ...(redisUrl === null ? {} : { REDIS_URL: redisUrl }),
    },
    stdio: ['ignore', 'ignore', stderrFd],
  });
  closeSync(stderrFd);
  cleanups.push(() => stopChild(child));
  const stderrTail = () => {
    try {
      return readFileSync(stderrFile, 'utf8').slice(-3000);
    } catch {
      return '';
    }
  };
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(origin, child, stderrTail);
  return { origin, child, stderrTail };
}

/** Polls GET /healthz (or, on a build without it, /api/server-info) until it answers 200. */
async function waitUntilAnswering(
  origin: string,
  child: ChildProcess,
  stderrTail: () => string,
): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  let probe = '/healthz';
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The server exited at start-up (${child.signalCode ?? child.exitCode}):\n${stderrTail()}`,
      );
    }
    try {
      const response = await fetch(`${origin}${probe}`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `${probe} answered ${response.status}`;
      if (response.status === 404 && probe === '/healthz') probe = '/api/server-info';
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `The server did not answer within ${START_TIMEOUT_MS / 1000} s (${last}):\n${stderrTail()}`,
  );
}

// ---------------------------------------------------------------------------------------------
// autocannon
// ---------------------------------------------------------------------------------------------

/** The parts of autocannon's --json summary we print; `errors` counts timeouts too. */
const autocannonResultSchema = z.object({
  requests: z.object({ total: z.number(), average: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  duration: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
});

type AutocannonResult = z.infer<typeof autocannonResultSchema>;

async function runAutocannon(url: string, connections: number): Promise<AutocannonResult> {
  const child = spawn(
    process.execPath,
    [AUTOCANNON, '-c', String(connections), '-d', String(SECONDS), '-j', url],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), (SECONDS + 20) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`autocannon failed (exit ${code}):\n${stderr}`);
  return autocannonResultSchema.parse(JSON.parse(stdout));
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const megabytes = (bytes: number | null) =>
  bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const stale = newestSource(ROOT, SERVER_FILE);
  if (stale !== null) {
    console.log(
      `Note: ${stale} is newer than dist/server/index.js; these figures are for the last build.`,
    );
  }

  let upstreamCalls = 0;
  const token = randomUUID();
  const upstream = await startDemoUpstream({ token, onRequest: () => (upstreamCalls += 1) });
  cleanups.push(() => upstream.close());
  const redis = SHARED_STATE ? await startRedisServer() : null;
  if (redis !== null) cleanups.push(() => redis.stop());
  const servers = await Promise.all(
    Array.from({ length: INSTANCES }, () => startServer(upstream, token, redis?.url ?? null)),
  );

  // The view many staff reload at once: the busy triple's first page, written canonically.
  const path = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
  for (const server of servers) {
    const check = await fetch(`${server.origin}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!check.ok) {
      throw new Error(
        `GET ${path} answered ${check.status}, not 200:\n${(await check.text()).slice(0, 500)}`,
      );
    }
    await check.arrayBuffer();
  }

  const connections = Math.max(1, Math.round(CONNECTIONS / INSTANCES));
  const sharing =
    INSTANCES === 1 ? '' : SHARED_STATE ? ', sharing one redis-server' : ', each on its own';
  console.log(`GET ${path}`);
  console.log(
    `${connections * INSTANCES} connections for ${SECONDS} s against ${INSTANCES} × node dist/server/index.js${sharing} (rate limit off)...`,
  );
  const rssBefore = servers.map(({ child }) =>
    child.pid === undefined ? null : readRssBytes(child.pid),
  );
  const callsBefore = upstreamCalls;
  const results = await Promise.all(
    servers.map((server) => runAutocannon(`${server.origin}${path}`, connections)),
  );
  const calls = upstreamCalls - callsBefore;
  const rssAfter = servers.map(({ child }) =>
    child.pid === undefined ? null : readRssBytes(child.pid),
  );

  const sum = (value: (result: AutocannonResult) => number) =>
    results.reduce((total, result) => total + value(result), 0);
  const total = sum((result) => result.requests.total);
  const timeouts = sum((result) => result.timeouts);
  const connectionErrors = sum((result) => result.errors) - timeouts;
  const errors = connectionErrors + timeouts + sum((result) => result.non2xx);
  const perCall =
    calls === 0 ? 'none reached the upstream' : `${(total / calls).toFixed(1)} requests per call`;
  const latency = results
    .map((result) => `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`)
    .join('; ');
  const rss = servers
    .map(
      (_server, index) =>
        `${megabytes(rssBefore[index] ?? null)} → ${megabytes(rssAfter[index] ?? null)}`,
    )
    .join('; ');
  console.log('');
  console.log(`Requests        ${total} in ${results[0]?.duration ?? SECONDS} s`);
  console.log(`Throughput      ${sum((result) => result.requests.average).toFixed(0)} req/s`);
  console.log(`Latency         ${latency}`);
  console.log(
    `Errors          ${errors} (connection errors ${connectionErrors}, timeouts ${timeouts}, non-2xx ${sum((result) => result.non2xx)})`,
  );
  console.log(`Server RSS      ${rss}`);
  console.log(`Upstream calls  ${calls} (${perCall})`);
}

try {
  await main();
} catch (error) {
  if (!run.interrupted) console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await cleanUp();
}
