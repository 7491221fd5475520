/** Built servers started as child processes, for tests of several instances sharing one Redis. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '#server/testing/redis-server.ts';

const SERVER_FILE = fileURLToPath(new URL('../dist/server/index.js', import.meta.url));
const START_TIMEOUT_MS = 20_000;

export interface Instance {
  origin: string;
  /** Its stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Only the given settings: the developer's own SP_*, PORT or .env must not leak in. */
export async function startInstance(settings: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined &&
      !/^(SP_|PORT$|HOST$|PUBLIC_URL$|REDIS_URL$|TRUST_PROXY$|METRICS_)/.test(entry[0]),
  );
  const child: ChildProcess = spawn(process.execPath, [SERVER_FILE], {
    // Not the repository root, where a developer's .env would be read.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: { ...Object.fromEntries(inherited), PORT: String(port), HOST: '127.0.0.1', ...settings },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${String(port)}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited at start:\n${output}`);
    const up = await fetch(`${origin}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error(`The server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
