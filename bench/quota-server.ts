/** The server side of `npm run bench:quota`: the built server as a child process, one per scenario. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_INFO_PATH, serverInfoSchema } from '#src/api/contract/server-info.ts';
import { parseEnv, type Env } from '#server/env.ts';
import { newestSource } from './load-helpers.ts';
import { freePort, stopChild } from './server-metrics.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVER_FILE = join(ROOT, 'dist/server/index.js');
const OUTPUTS = ['dist/server/index.js', 'dist/ssr/entry-server.js', 'dist/client/index.html'];
const START_TIMEOUT_MS = 30_000;

/** Runs `npm run build` when dist/ is missing or older than server/ or src/; output to stderr. */
export async function ensureBuilt(say: (line: string) => void): Promise<void> {
  const missing = OUTPUTS.find((output) => !existsSync(join(ROOT, output)));
  const stale = missing === undefined ? newestSource(ROOT, SERVER_FILE) : null;
  if (missing === undefined && stale === null) return;
  say(
    `Building (${missing === undefined ? `${stale} changed` : `${missing} is missing`}): npm run build`,
  );
  const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run build failed (exit code ${code ?? 'none'}).`);
}

export interface RunningServer {
  origin: string;
  /** The settings the server parsed from the environment it was given. */
  env: Env;
  /** Its stdout and stderr so far, as lines. */
  log(): string[];
  stop(): Promise<void>;
}

/** Only ours: the developer's SP_* settings, PORT or .env must not change what is measured. */
function serverEnvironment(
  port: number,
  upstream: { url: string; token: string },
  settings: Record<string, string>,
): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && !/^(SP_|PORT$|HOST$|PUBLIC_URL$)/.test(entry[0]),
  );
  return {
    ...Object.fromEntries(inherited),
    PORT: String(port),
    HOST: '127.0.0.1',
    SP_API_URL: upstream.url,
    SP_API_TOKEN: upstream.token,
    SP_AUTH: 'shared',
    ...settings,
  };
}

export async function startServer(
  upstream: { url: string; token: string },
  settings: Record<string, string>,
  logFile: string,
): Promise<RunningServer> {
  const port = await freePort();
  const environment = serverEnvironment(port, upstream, settings);
  const env = parseEnv(environment);
  const out = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, [SERVER_FILE], {
    // Not the repository root, where a developer's .env would be read.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : []);
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= stopChild(child).then(() => new Promise<void>((resolve) => out.end(resolve))));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`The server exited at start-up:\n${log().slice(-30).join('\n')}`);
    }
    const up = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.ok;
      },
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer within ${START_TIMEOUT_MS / 1000} s.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const info = serverInfoSchema.safeParse(
    await fetch(`${origin}${SERVER_INFO_PATH}`).then((response) => response.json()),
  );
  if (!info.success || info.data.mode !== 'upstream' || info.data.access.mode !== 'shared') {
    await stop();
    throw new Error('The server is not reading the bench upstream with a shared token.');
  }
  return { origin, env, log, stop };
}
