import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { OIDC_CALLBACK_PATH, OIDC_SIGNED_OUT_PATH } from '#src/api/contract/sign-in.ts';
import { createApp } from '#server/app.ts';
import { DEMO_SIDS, demoLinks } from '#server/demo-upstream/data.ts';
import { startDemoUpstream, type DemoUpstreamServer } from '#server/demo-upstream/app.ts';
import {
  EnvError,
  parseEnv,
  type Env,
  type OidcSettings,
  type SharedCredentials,
  type UpstreamSettings,
} from '#server/env.ts';
import { listen, type Listening } from '#server/http/listen.ts';
import { createMetrics, createMetricsApp, METRICS_PATH } from '#server/metrics/metrics.ts';
import { loadPageRendering } from '#server/rendering/page-renderer.ts';
import { logToStderr } from '#server/http/log.ts';
import { createSharedState, type SharedState } from '#server/shared-state/shared-state.ts';
import {
  createUpstreamClient,
  UPSTREAM_DEFAULTS,
  type UpstreamClient,
} from '#server/upstream/client.ts';
import { createUserSessions } from '#server/auth/user-sessions.ts';
import type { Access } from '#server/auth/access.ts';
import { createDemoUserToken, issuerTokenVerifier } from '#server/demo-upstream/user-tokens.ts';
import { createOidcSessions, DEFAULT_OIDC_SCOPE } from '#server/auth/oidc-sessions.ts';
import { startDemoProvider, type DemoProvider } from '#server/identity/demo-provider.ts';
import {
  clientCredentialsToken,
  fileToken,
  staticToken,
  type SharedTokenSource,
} from '#server/identity/shared-token.ts';

// zod/mini (the shared contract) carries no message locale; the server logs readable ones.
z.config(z.locales.en());

if (existsSync('.env')) process.loadEnvFile('.env');

let env: Env;
try {
  env = parseEnv(process.env);
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exit(1);
}

// See docs/decisions/graceful-shutdown.md.
const GRACE_MS = 5_000;
const DEMO_TOKEN_SECONDS = 8 * 60 * 60;
let demo: DemoUpstreamServer | null = null;
/** On the demo, the embedded identity provider: staff sign in at it (SP_AUTH=oidc), or the
 * shared token comes from it (SP_OIDC_ISSUER=demo). */
let identity: DemoProvider | null = null;
let sharedTokens: SharedTokenSource | null = null;
let upstream: UpstreamClient | null = null;
let sharedState: SharedState | null = null;
let server: Listening | null = null;
let metricsServer: Listening | null = null;
let stopping: { signal: NodeJS.Signals; at: number } | null = null;
const closed = new AbortController();

function shutdown(signal: NodeJS.Signals): void {
  if (stopping !== null) {
    // Ctrl+C under npm arrives twice: from the terminal and forwarded by npm.
    if (signal === stopping.signal && Date.now() - stopping.at < 500) return;
    console.log(`${signal} again: exiting now.`);
    process.exit(128 + osConstants.signals[signal]);
  }
  stopping = { signal, at: Date.now() };
  console.log(
    `${signal}: letting requests in flight finish (up to ${GRACE_MS / 1000} s), then exiting.`,
  );
  void (server === null ? Promise.resolve() : server.close(GRACE_MS))
    .then(() => metricsServer?.close())
    .then(() => closed.abort())
    .then(() => upstream?.close())
    .then(() => sharedTokens?.close())
    .then(() => sharedState?.close())
    .then(() => demo?.close())
    .then(() => identity?.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Could not close the server cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

let settings: UpstreamSettings;
if (env.upstream === null) {
  const token = randomUUID();
  if (env.auth.mode === 'oidc' && env.auth.oidc.issuer === null) {
    identity = await startDemoIdentity(env.auth.oidc);
  }
  // Opt-in (SP_OIDC_ISSUER=demo): the shared token comes by client credentials and rotates.
  if (env.demoIdentityProvider) identity = await startDemoProvider();
  demo = await startDemoUpstream({
    token,
    slowDelayMs: env.timeoutMs + 2_000,
    acceptUserTokens: env.auth.mode === 'user',
    ...(identity === null ? {} : { verifyAccessToken: issuerTokenVerifier(identity) }),
  });
  settings = {
    url: demo.url,
    credentials:
      env.auth.mode !== 'shared'
        ? null
        : identity === null
          ? { kind: 'token', token }
          : {
              kind: 'client_credentials',
              issuer: new URL(identity.issuer),
              ...identity.clients.service,
            },
  };
} else {
  settings = env.upstream;
}

sharedState = await createSharedState({
  redisUrl: env.redisUrl,
  namespace: settings.url,
  callsPerMinute: env.upstreamCallsPerMinute,
  maxHoldSeconds: UPSTREAM_DEFAULTS.maxHoldSeconds,
  // The call that asks after a hold has the upstream timeout to answer before another may.
  probeMs: env.timeoutMs + 1_000,
  log: logToStderr,
});

let access: Access;
if (env.auth.mode === 'user') {
  if (env.auth.sessionSecret === null) {
    console.log('Sign-ins last until the server restarts (no SP_SESSION_SECRET; demo mode only).');
  }
  access = {
    mode: 'user',
    sessions: createUserSessions({
      secret: env.auth.sessionSecret ?? randomBytes(48).toString('base64url'),
      secure: env.publicUrl?.protocol === 'https:',
      signOuts: sharedState.signOuts,
    }),
  };
} else if (env.auth.mode === 'oidc') {
  if (env.auth.sessionSecret === null) {
    console.log('Sign-ins last until the server restarts (no SP_SESSION_SECRET; demo mode only).');
  }
  const { oidc } = env.auth;
  const demoClient = identity?.clients.signIn ?? null;
  const issuer = oidc.issuer ?? (identity === null ? null : new URL(identity.issuer));
  const clientId = oidc.clientId ?? demoClient?.clientId;
  // parseEnv requires SP_OIDC_CLIENT_ID with an issuer, and the demo starts its own: a bug.
  if (issuer === null || clientId === undefined) throw new Error('Sign-in without a provider.');
  const sessions = createOidcSessions({
    issuer,
    clientId,
    clientSecret: oidc.clientSecret ?? demoClient?.clientSecret ?? null,
    scope: oidc.scope ?? demoClient?.scope ?? DEFAULT_OIDC_SCOPE,
    secret: env.auth.sessionSecret ?? randomBytes(48).toString('base64url'),
    secure: env.publicUrl?.protocol === 'https:',
    publicUrl: env.publicUrl,
    signOuts: sharedState.signOuts,
    log: logToStderr,
  });
  // Early word of a provider that cannot be reached; sign-in asks again.
  sessions.discover().catch((error: unknown) => {
    console.error(
      `Could not read the identity provider's settings at ${issuer.origin} (${error instanceof Error ? error.message : String(error)}); sign-in will try again.`,
    );
  });
  access = { mode: 'oidc', sessions };
} else if (settings.credentials !== null) {
  sharedTokens = await sharedTokenSource(settings.credentials);
  access = { mode: 'shared', tokens: sharedTokens };
} else {
  // parseEnv requires a way to the token with SP_AUTH=shared, so this is a bug, not a setting.
  throw new Error('Shared access without a token.');
}

async function sharedTokenSource(credentials: SharedCredentials): Promise<SharedTokenSource> {
  switch (credentials.kind) {
    case 'token':
      return staticToken(credentials.token);
    case 'file':
      return fileToken(credentials.path, { log: logToStderr }).catch((error: unknown) => {
        console.error(
          `The server cannot start: ${String(error instanceof Error ? error.message : error)}`,
        );
        process.exit(1);
      });
    case 'client_credentials': {
      const { issuer, clientId, clientSecret } = credentials;
      const log = logToStderr;
      return clientCredentialsToken({
        issuer,
        clientId,
        clientSecret,
        timeoutMs: env.timeoutMs,
        log,
      });
    }
  }
}

// Built, this file is dist/server/index.js beside dist/client; from source it is server/index.ts.
// Only dist/client is served, never the server bundle.
const distPath = (folder: string) =>
  fileURLToPath(
    new URL(
      import.meta.url.endsWith('.ts') ? `../dist/${folder}` : `../${folder}`,
      import.meta.url,
    ),
  );
const clientDir = distPath('client');
const metrics =
  env.metrics === null
    ? null
    : createMetrics({
        readUpstreamState: () =>
          upstream === null ? Promise.reject(new Error('not started')) : upstream.readState(),
        sharedStateHealth: () => sharedState.health(),
      });
const pageRendering = await loadPageRendering(clientDir, join(distPath('ssr'), 'entry-server.js'));
upstream = createUpstreamClient({
  baseUrl: settings.url,
  timeoutMs: env.timeoutMs,
  isDemo: demo !== null,
  perUserTokens: env.auth.mode !== 'shared',
  authHeader: env.upstreamAuthHeader,
  ...(sharedTokens === null ? {} : { sharedTokens }),
  ...(env.cacheTtlMs === null ? {} : { cacheTtlMs: env.cacheTtlMs }),
  maxConnections: env.maxConnections,
  callsPerMinute: env.upstreamCallsPerMinute,
  breakerFailures: env.upstreamBreakerFailures,
  state: sharedState,
  onCall: metrics?.countUpstreamCall,
});
const app = createApp({
  upstream,
  access,
  guards: {
    https: env.publicUrl?.protocol === 'https:',
    hosts: { port: () => server?.port ?? env.port, publicUrl: env.publicUrl },
    rateLimitPerMinute: env.rateLimitPerMinute,
    trustProxy: env.trustProxy,
    rateLimitStore: sharedState.rateLimitStore('api'),
  },
  sharedStateHealth: () => sharedState.health(),
  ...(demo !== null && access.mode === 'user'
    ? { demoToken: () => createDemoUserToken('Demo staff member', DEMO_TOKEN_SECONDS) }
    : {}),
  distDir: clientDir,
  closed: closed.signal,
  waitPolicy: env.waitPolicy,
  ...(pageRendering === null
    ? {}
    : { pages: { rendering: pageRendering, budgetMs: env.renderBudgetMs } }),
  ...(demo === null ? {} : { demoLinks }),
  ...(metrics === null
    ? {}
    : {
        metrics: {
          series: metrics,
          // Without a listener of its own, /metrics answers on PORT, to the token only.
          token: env.metrics?.listener === null ? env.metrics.token : undefined,
        },
      }),
});

server = await listen(app, env.port, env.host).catch((error: unknown) => {
  const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
  console.error(`Could not listen on ${env.host}:${env.port} (${reason}). Set PORT or HOST.`);
  process.exit(1);
});

const originOf = (host: string, port: number) =>
  `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
const origin = originOf(env.host, server.port);
console.log(`Sessions dashboard: ${origin}`);
if (metrics !== null && env.metrics !== null) {
  const { listener, token } = env.metrics;
  if (listener === null) {
    console.log(`Metrics: ${origin}${METRICS_PATH}, with the METRICS_TOKEN as a bearer token.`);
  } else {
    metricsServer = await listen(
      createMetricsApp(metrics, token),
      listener.port,
      listener.host,
    ).catch((error: unknown) => {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
      console.error(
        `Could not listen on ${listener.host}:${listener.port} for metrics (${reason}). Set METRICS_PORT or METRICS_HOST.`,
      );
      process.exit(1);
    });
    console.log(
      `Metrics: ${originOf(listener.host, metricsServer.port)}${METRICS_PATH}${token === null ? '' : ', with the METRICS_TOKEN as a bearer token'}.`,
    );
  }
}
if (!existsSync(join(clientDir, 'index.html'))) {
  console.log('The web app is not built yet: run npm run build (the API works meanwhile).');
}
if (env.publicUrl === null && !/^(127\.|localhost$|::1$)/.test(env.host)) {
  console.log(
    `Listening beyond loopback: requests must use a loopback name until PUBLIC_URL is set to the address staff use.`,
  );
}
if (access.mode === 'user')
  console.log('Per-user sign-in: each staff member signs in with their own token.');
if (access.mode === 'oidc') {
  console.log(
    identity === null
      ? `Sign-in with the institution's account at ${access.sessions.provider}.`
      : `Sign-in at the demo identity provider (${identity.issuer}): two demo accounts, no password.`,
  );
}
if (settings.credentials?.kind === 'file') {
  console.log('Shared token: read from SP_API_TOKEN_FILE, and again whenever the file changes.');
}
if (settings.credentials?.kind === 'client_credentials') {
  console.log(
    `Shared token: client credentials from ${settings.credentials.issuer.host}, renewed before it expires.`,
  );
}
console.log(
  env.redisUrl === null
    ? 'Shared state: this process only (set REDIS_URL to run several instances).'
    : `Shared state: ${sharedState.health() === 'shared' ? 'connected to' : 'not yet reachable at'} REDIS_URL.`,
);
if (demo === null) {
  console.log(`Reading the SmarterProctoring API at ${new URL(settings.url).origin}`);
} else {
  console.log(
    'Demo mode: seeded data from an embedded upstream (set SP_API_URL and SP_API_TOKEN to read the real API).',
  );
  console.log('Ready links:');
  for (const link of demoLinks) console.log(`  ${link.label}\n    ${origin}${link.path}`);
  console.log(
    `JSON API example:\n    ${origin}${sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY)}`,
  );
}

/**
 * The demo's identity provider, with the dashboard registered at the addresses a browser may use:
 * loopback names on PORT, and PUBLIC_URL.
 */
async function startDemoIdentity(oidc: OidcSettings): Promise<DemoProvider> {
  if (env.port === 0) {
    console.error(
      "SP_AUTH=oidc on the demo needs a fixed PORT: the demo identity provider registers the dashboard's address when it starts.",
    );
    process.exit(1);
  }
  const origins = [
    ...['127.0.0.1', 'localhost', '[::1]'].map((host) => `http://${host}:${env.port}`),
    ...(env.publicUrl === null ? [] : [env.publicUrl.origin]),
  ];
  return startDemoProvider({
    signInRedirectUris: origins.map((origin) => `${origin}${OIDC_CALLBACK_PATH}`),
    postLogoutRedirectUris: origins.map((origin) => `${origin}${OIDC_SIGNED_OUT_PATH}`),
    signInCredentials: {
      ...(oidc.clientId === null ? {} : { clientId: oidc.clientId }),
      ...(oidc.clientSecret === null ? {} : { clientSecret: oidc.clientSecret }),
    },
  });
}
