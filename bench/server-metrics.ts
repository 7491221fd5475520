/**
 * Server side of the bench: starting the built dashboard server, and what its /api hop costs.
 *
 * The hop is measured against a second demo upstream started in this process (imported from
 * server/demo-upstream/app.ts, with a token we know) and a second dashboard server pointed at it
 * (SP_API_URL, SP_API_TOKEN): the same list request through our server and straight to the
 * upstream. The load generator (autocannon) runs in its own process, so it does not share a core's
 * event loop with the upstream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { startDemoUpstream } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// ---------------------------------------------------------------------------------------------
// The dashboard server as a child process
// ---------------------------------------------------------------------------------------------

export interface AppServer {
  origin: string;
  /** Demo mode only: the "Ready links" as printed, in order. */
  readyLinks: { label: string; url: string }[];
  /** Demo mode only: the URL after "JSON API example:". */
  apiExampleUrl: string | null;
  stop(): Promise<void>;
}

/**
 * Starts `node <serverFile>` on a free loopback port and waits for its start-up lines: in demo
 * mode (no upstream given) up to the JSON API example, else up to "Sessions dashboard:".
 */
export async function startAppServer(
  serverFile: string,
  upstream: { url: string; token: string } | null,
  timeoutMs = 20_000,
  /** More settings for this server, over the bench's own. */
  env: Record<string, string> = {},
): Promise<AppServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverFile], {
    // Not the repository root: a developer's .env there must not change what is measured.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SP_API_URL: upstream?.url ?? '',
      SP_API_TOKEN: upstream?.token ?? '',
      SP_API_TIMEOUT_MS: '10000',
      // Every request comes from the bench, one loopback client: the per-client /api limit
      // (600 a minute by default) would answer the hop's 700 sequential GETs with 429.
      SP_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => stopChild(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));

  const lines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The dashboard server did not start within ${timeoutMs} ms.`)),
      timeoutMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The dashboard server exited (code ${code}) at start-up:\n${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line.trim());
      const done =
        upstream === null
          ? lines.at(-2) === 'JSON API example:'
          : line.startsWith('Sessions dashboard:');
      if (done) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }

  const origin = `http://127.0.0.1:${port}`;
  const readyLinks: AppServer['readyLinks'] = [];
  const linksAt = lines.indexOf('Ready links:');
  if (linksAt >= 0) {
    for (let i = linksAt + 1; i + 1 < lines.length && lines[i + 1]?.startsWith('http'); i += 2) {
      readyLinks.push({ label: lines[i] ?? '', url: lines[i + 1] ?? '' });
    }
  }
  const exampleAt = lines.indexOf('JSON API example:');
  return {
    origin,
    readyLinks,
    apiExampleUrl: exampleAt >= 0 ? (lines[exampleAt + 1] ?? null) : null,
    stop,
  };
}

/** SIGTERM, then SIGKILL if the child has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 7_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// The /api hop
// ---------------------------------------------------------------------------------------------

export interface HopFigures {
  /** Sequential GETs on one keep-alive connection, after a warm-up; milliseconds. */
  sequential: { requests: number; p50: number; p99: number; mean: number };
  /** autocannon: `connections` concurrent keep-alive connections for `seconds`. */
  load: {
    connections: number;
    seconds: number;
    requestsPerSecond: number;
    latencyP50: number;
    latencyP99: number;
    non2xx: number;
    errors: number;
  };
}

export interface ServerFigures {
  proxyUrl: string;
  directUrl: string;
  /** Through our server (browser → /api → upstream). */
  proxy: HopFigures;
  /** Straight to the demo upstream, with the token header. */
  direct: HopFigures;
}

interface Target {
  url: URL;
  headers: Record<string, string>;
}

function get(target: Target, agent: http.Agent, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(target.url, { agent, headers: target.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(body)
          : reject(new Error(`GET ${target.url.pathname} answered ${response.statusCode}`)),
      );
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`GET timed out`)));
    request.on('error', reject);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Warm-up, then `count` GETs alternating between the targets, so drift hits both alike. */
async function sequential(targets: Target[], count: number, warmup: number) {
  const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  try {
    const times = targets.map((): number[] => []);
    for (let i = 0; i < warmup + count; i++) {
      for (const [index, target] of targets.entries()) {
        const agent = agents[index] ?? new http.Agent();
        const started = process.hrtime.bigint();
        await get(target, agent);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (i >= warmup) times[index]?.push(ms);
      }
    }
    return times.map((list) => {
      const sorted = [...list].sort((a, b) => a - b);
      const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
      return {
        requests: sorted.length,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        mean,
      };
    });
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/** autocannon in its own process; its --json summary is read from stdout. */
async function load(target: Target, connections: number, seconds: number) {
  const headerArgs = Object.entries(target.headers).flatMap(([key, value]) => [
    '-H',
    `${key}=${value}`,
  ]);
  const args = [AUTOCANNON, '-c', String(connections), '-d', String(seconds), '-j', ...headerArgs];
  const child = spawn(process.execPath, [...args, target.url.href], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 20) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`autocannon failed (exit ${code}):\n${stderr}`);
  const result = JSON.parse(stdout) as AutocannonResult;
  return {
    connections,
    seconds,
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function measureServer(
  serverFile: string,
  options: { sequential: number; warmup: number; connections: number; seconds: number },
  log: (line: string) => void,
): Promise<ServerFigures> {
  const token = randomUUID();
  const upstream = await startDemoUpstream({ token });
  let app: AppServer | null = null;
  try {
    app = await startAppServer(serverFile, { url: upstream.url, token });
    // One page of 25, the app's default query, written in full for both (the upstream's own
    // default without a limit would be every row).
    const path = sessionListEndpoint.path(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
    const proxy: Target = { url: new URL(`/api${path}`, app.origin), headers: {} };
    const direct: Target = { url: new URL(path, upstream.url), headers: { token } };

    const probe = new http.Agent();
    const [viaProxy, straight] = [await get(proxy, probe), await get(direct, probe)];
    probe.destroy();
    const rows = (body: string) => (JSON.parse(body) as { results: unknown[] }).results.length;
    if (rows(viaProxy) !== rows(straight)) {
      throw new Error(`Proxy and upstream disagree: ${rows(viaProxy)} vs ${rows(straight)} rows.`);
    }

    log(
      `  ${options.sequential} sequential GETs each, alternating (after ${options.warmup} warm-up)`,
    );
    const [proxySeq, directSeq] = await sequential(
      [proxy, direct],
      options.sequential,
      options.warmup,
    );
    log(
      `  autocannon ${options.connections} connections × ${options.seconds} s: through our server`,
    );
    const proxyLoad = await load(proxy, options.connections, options.seconds);
    log(`  autocannon ${options.connections} connections × ${options.seconds} s: direct`);
    const directLoad = await load(direct, options.connections, options.seconds);
    if (proxySeq === undefined || directSeq === undefined)
      throw new Error('No sequential figures.');
    return {
      proxyUrl: proxy.url.pathname + proxy.url.search,
      directUrl: direct.url.pathname + direct.url.search,
      proxy: { sequential: proxySeq, load: proxyLoad },
      direct: { sequential: directSeq, load: directLoad },
    };
  } finally {
    await app?.stop();
    await upstream.close();
  }
}
