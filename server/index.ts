/**
 * Entry: reads the environment, picks the real API or the embedded demo upstream, serves the app.
 * Both modes go through the same upstream client; the demo is just another HTTP host.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sessionListPath } from '#src/api/contract.ts';
import { createApp } from './app.ts';
import { DEMO_SIDS, demoLinks } from './demo-upstream/data.ts';
import { startDemoUpstream, type DemoUpstreamServer } from './demo-upstream/app.ts';
import { EnvError, parseEnv, type Env, type UpstreamSettings } from './env.ts';
import { listen } from './listen.ts';
import { createUpstreamClient } from './upstream.ts';

// A local .env (see .env.example) is read when present; real environment variables win.
if (existsSync('.env')) process.loadEnvFile('.env');

let env: Env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let demo: DemoUpstreamServer | null = null;
let settings: UpstreamSettings;
if (env.upstream === null) {
  const token = randomUUID();
  // The slow fault must outlast the client's timeout to show the timeout screen.
  demo = await startDemoUpstream({ token, slowDelayMs: env.timeoutMs + 2_000 });
  settings = { url: demo.url, token };
} else {
  settings = env.upstream;
}

const distDir = fileURLToPath(new URL('../dist', import.meta.url));
const app = createApp({
  upstream: createUpstreamClient({
    baseUrl: settings.url,
    token: settings.token,
    timeoutMs: env.timeoutMs,
  }),
  distDir,
  ...(demo === null ? {} : { demoLinks }),
});

const server = await listen(app, env.port, env.host).catch((error: unknown) => {
  const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
  console.error(`Could not listen on ${env.host}:${env.port} (${reason}). Set PORT or HOST.`);
  process.exit(1);
});

const origin = `http://${env.host.includes(':') ? `[${env.host}]` : env.host}:${server.port}`;
console.log(`Sessions dashboard: ${origin}`);
if (!existsSync(distDir)) {
  console.log('The web app is not built yet: run npm run build (the API works meanwhile).');
}
if (demo === null) {
  console.log(`Reading the SmarterProctoring API at ${new URL(settings.url).origin}`);
} else {
  console.log(
    'Demo mode: seeded data from an embedded upstream (set SP_API_URL and SP_API_TOKEN to read the real API).',
  );
  console.log('Ready links:');
  for (const link of demoLinks) console.log(`  ${link.label}\n    ${origin}${link.path}`);
  console.log(`JSON API example:\n    ${origin}/api${sessionListPath(DEMO_SIDS.busy)}`);
}

function shutdown(): void {
  void Promise.all([server.close(), demo?.close()]).then(() => process.exit(0));
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
