import { expect, test } from 'vitest';
import { EnvError, parseEnv } from '#server/env.ts';

test('an empty environment runs on demo data with the defaults', () => {
  expect(parseEnv({})).toEqual({
    port: 4173,
    host: '127.0.0.1',
    publicUrl: null,
    auth: { mode: 'shared' },
    timeoutMs: 10_000,
    renderBudgetMs: 300,
    cacheTtlMs: null,
    upstreamCallsPerMinute: 300,
    upstreamBreakerFailures: 3,
    maxConnections: 10,
    rateLimitPerMinute: 600,
    trustProxy: null,
    redisUrl: null,
    waitPolicy: { overdueAfterHours: 48, byInstall: {} },
    upstream: null,
    upstreamAuthHeader: 'token',
    demoIdentityProvider: false,
    metrics: null,
  });
});

test('the render budget may be 0 (never wait) up to a minute, whole milliseconds only', () => {
  expect(parseEnv({ SP_RENDER_BUDGET_MS: '0' }).renderBudgetMs).toBe(0);
  for (const value of ['-1', '2.5', 'soon', '60001']) {
    expect(() => parseEnv({ SP_RENDER_BUDGET_MS: value })).toThrow(
      'SP_RENDER_BUDGET_MS must be a whole number of milliseconds from 0 to 60000.',
    );
  }
});

test('empty values count as unset', () => {
  expect(parseEnv({ PORT: '', SP_API_URL: '', SP_API_TOKEN: '' }).upstream).toBeNull();
});

test('the real API needs a URL and a token; the trailing slash is dropped', () => {
  const env = parseEnv({
    PORT: '8080',
    HOST: '0.0.0.0',
    SP_API_URL: 'https://api.smarterproctoring.com/',
    SP_API_TOKEN: 'secret',
    SP_API_TIMEOUT_MS: '2500',
    SP_RENDER_BUDGET_MS: '150',
  });

  expect(env).toMatchObject({
    port: 8080,
    host: '0.0.0.0',
    auth: { mode: 'shared' },
    timeoutMs: 2500,
    renderBudgetMs: 150,
    upstream: {
      url: 'https://api.smarterproctoring.com',
      credentials: { kind: 'token', token: 'secret' },
    },
  });
});

test('SP_API_URL without a token fails with a readable message', () => {
  expect(() => parseEnv({ SP_API_URL: 'https://api.smarterproctoring.com' })).toThrow(EnvError);
  expect(() => parseEnv({ SP_API_URL: 'https://api.smarterproctoring.com' })).toThrow(
    /The server cannot start because of its environment:\n {2}- SP_API_TOKEN is required when SP_API_URL is set/,
  );
});

test('every bad value is named at once', () => {
  let problems: string[] = [];
  try {
    parseEnv({ PORT: 'eighty', SP_API_URL: 'ftp://example.com', SP_API_TIMEOUT_MS: '-5' });
  } catch (error) {
    if (error instanceof EnvError) problems = error.problems;
  }

  expect(problems).toHaveLength(3);
  expect(problems.join('\n')).toMatch(/PORT must be/);
  expect(problems.join('\n')).toMatch(/SP_API_URL must be an http/);
  expect(problems.join('\n')).toMatch(/SP_API_TIMEOUT_MS must be/);
});

test('the token is only sent over https, except to a loopback stand-in', () => {
  expect(() =>
    parseEnv({ SP_API_URL: 'http://api.smarterproctoring.com', SP_API_TOKEN: 't' }),
  ).toThrow(/SP_API_URL must use https:\/\//);
  expect(parseEnv({ SP_API_URL: 'http://127.0.0.1:9000', SP_API_TOKEN: 't' }).upstream).toEqual({
    url: 'http://127.0.0.1:9000',
    credentials: { kind: 'token', token: 't' },
  });
});

test('a user name or password in SP_API_URL is refused', () => {
  expect(() =>
    parseEnv({ SP_API_URL: 'https://user:pass@api.smarterproctoring.com', SP_API_TOKEN: 't' }),
  ).toThrow(/must not contain a user name or password/);
});

test('per-user sign-in needs a session secret with the real API, and refuses a shared token', () => {
  const secret = 'x'.repeat(32);
  expect(parseEnv({ SP_AUTH: 'user' }).auth).toEqual({ mode: 'user', sessionSecret: null });
  expect(
    parseEnv({ SP_AUTH: 'user', SP_API_URL: 'https://api.example.com', SP_SESSION_SECRET: secret }),
  ).toMatchObject({
    auth: { mode: 'user', sessionSecret: secret },
    upstream: { url: 'https://api.example.com', credentials: null },
  });
  expect(() => parseEnv({ SP_AUTH: 'user', SP_API_URL: 'https://api.example.com' })).toThrow(
    'SP_SESSION_SECRET is required with SP_AUTH=user',
  );
  expect(() => parseEnv({ SP_AUTH: 'user', SP_API_TOKEN: 't' })).toThrow(
    'SP_API_TOKEN must not be set with SP_AUTH=user',
  );
  expect(() => parseEnv({ SP_AUTH: 'user', SP_API_TOKEN_FILE: '/run/token' })).toThrow(
    'SP_API_TOKEN_FILE must not be set with SP_AUTH=user',
  );
  expect(() => parseEnv({ SP_AUTH: 'user', SP_SESSION_SECRET: 'short' })).toThrow(
    'SP_SESSION_SECRET must be at least 32 characters',
  );
  expect(() => parseEnv({ SP_AUTH: 'everyone' })).toThrow('SP_AUTH must be "shared"');
});

test('sign-in with the institution account runs the demo provider unless SP_OIDC_ISSUER names one', () => {
  expect(parseEnv({ SP_AUTH: 'oidc' }).auth).toEqual({
    mode: 'oidc',
    sessionSecret: null,
    oidc: { issuer: null, clientId: null, clientSecret: null, scope: null },
  });
  const secret = 'x'.repeat(32);
  const env = parseEnv({
    SP_AUTH: 'oidc',
    SP_API_URL: 'https://api.example.com',
    SP_SESSION_SECRET: secret,
    SP_OIDC_ISSUER: 'https://login.example.edu/realms/staff',
    SP_OIDC_CLIENT_ID: 'sp-dashboard',
    SP_OIDC_SCOPE: 'openid email api:read',
  });
  expect(env.auth).toEqual({
    mode: 'oidc',
    sessionSecret: secret,
    oidc: {
      issuer: new URL('https://login.example.edu/realms/staff'),
      clientId: 'sp-dashboard',
      clientSecret: null,
      scope: 'openid email api:read',
    },
  });
  expect(env.upstream).toEqual({ url: 'https://api.example.com', credentials: null });
});

test('sign-in with the institution account names every missing or misplaced setting', () => {
  const problems = (source: Record<string, string>) => {
    try {
      parseEnv(source);
      return [];
    } catch (error) {
      return error instanceof EnvError ? error.problems : [];
    }
  };
  expect(problems({ SP_AUTH: 'oidc', SP_API_URL: 'https://api.example.com' })).toEqual([
    expect.stringMatching(/^SP_OIDC_ISSUER is required with SP_AUTH=oidc and SP_API_URL/),
  ]);
  expect(
    problems({
      SP_AUTH: 'oidc',
      SP_API_URL: 'https://api.example.com',
      SP_API_TOKEN: 't',
      SP_OIDC_ISSUER: 'https://login.example.edu',
    }),
  ).toEqual([
    expect.stringMatching(/^SP_API_TOKEN must not be set with SP_AUTH=oidc/),
    expect.stringMatching(/^SP_OIDC_CLIENT_ID is required with SP_OIDC_ISSUER/),
    expect.stringMatching(/^SP_SESSION_SECRET is required with SP_AUTH=oidc/),
  ]);
  expect(problems({ SP_AUTH: 'oidc', SP_OIDC_ISSUER: 'https://login.example.edu' })).toContainEqual(
    expect.stringMatching(/^SP_OIDC_ISSUER needs SP_API_URL: the demo data accepts only/),
  );
  expect(problems({ SP_AUTH: 'user', SP_OIDC_CLIENT_SECRET: 'hidden-value' })).toEqual([
    'SP_OIDC_CLIENT_SECRET is read only with SP_AUTH=oidc: set SP_AUTH=oidc, or unset SP_OIDC_CLIENT_SECRET.',
  ]);
});

test('the OpenID provider is reached over https (http only on loopback), and the scope asks for openid', () => {
  const base = { SP_AUTH: 'oidc', SP_API_URL: 'https://api.example.com' };
  expect(() => parseEnv({ ...base, SP_OIDC_ISSUER: 'http://login.example.edu' })).toThrow(
    "SP_OIDC_ISSUER must be the identity provider's https:// address",
  );
  expect(() => parseEnv({ ...base, SP_OIDC_ISSUER: 'https://login.example.edu/?x=1' })).toThrow(
    'without a query, fragment, user name or password',
  );
  expect(() => parseEnv({ SP_AUTH: 'oidc', SP_OIDC_SCOPE: 'profile email' })).toThrow(
    'SP_OIDC_SCOPE must include openid',
  );
  expect(parseEnv({ SP_AUTH: 'oidc', SP_OIDC_CLIENT_ID: 'demo-client' }).auth).toMatchObject({
    oidc: { clientId: 'demo-client' },
  });
});

const API = 'https://api.smarterproctoring.com';
const CLIENT = { SP_CLIENT_ID: 'dashboard', SP_CLIENT_SECRET: 'client-secret-value' };

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
  }
  return [];
}

test('the token may come from a file, read again when it changes', () => {
  expect(
    parseEnv({ SP_API_URL: API, SP_API_TOKEN_FILE: '/run/secrets/sp-token' }).upstream,
  ).toEqual({ url: API, credentials: { kind: 'file', path: '/run/secrets/sp-token' } });
});

test('or by client credentials from an OpenID issuer, https unless on loopback', () => {
  expect(
    parseEnv({ SP_API_URL: API, SP_OIDC_ISSUER: 'https://login.example.edu/realms/sp', ...CLIENT })
      .upstream,
  ).toEqual({
    url: API,
    credentials: {
      kind: 'client_credentials',
      issuer: new URL('https://login.example.edu/realms/sp'),
      clientId: 'dashboard',
      clientSecret: 'client-secret-value',
    },
  });
  expect(
    parseEnv({ SP_API_URL: API, SP_OIDC_ISSUER: 'http://127.0.0.1:9400', ...CLIENT }).upstream
      ?.credentials,
  ).toMatchObject({ issuer: new URL('http://127.0.0.1:9400') });
  for (const issuer of [
    'http://login.example.edu',
    'https://login.example.edu/?tenant=1',
    'https://admin:pw@login.example.edu',
    'login.example.edu',
  ]) {
    expect(problemsOf({ SP_API_URL: API, SP_OIDC_ISSUER: issuer, ...CLIENT })).toEqual([
      expect.stringMatching(/^SP_OIDC_ISSUER must be the identity provider's https:\/\/ address/),
    ]);
  }
});

test('client credentials need both the client id and secret, and nothing names the secret', () => {
  const problems = problemsOf({
    SP_API_URL: API,
    SP_OIDC_ISSUER: 'https://login.example.edu',
    SP_CLIENT_SECRET: 'client-secret-value',
  });

  expect(problems).toEqual([
    'SP_CLIENT_ID is required with SP_OIDC_ISSUER: the client the dashboard gets its token as, from the identity provider.',
  ]);
  expect(problemsOf({ SP_API_URL: API, SP_API_TOKEN: 't', ...CLIENT })).toEqual([
    'SP_CLIENT_ID is used only with SP_OIDC_ISSUER: set SP_OIDC_ISSUER too, or unset SP_CLIENT_ID.',
    'SP_CLIENT_SECRET is used only with SP_OIDC_ISSUER: set SP_OIDC_ISSUER too, or unset SP_CLIENT_SECRET.',
  ]);
  const everything = problemsOf({ SP_API_URL: 'ftp://x', SP_OIDC_ISSUER: 'nope', ...CLIENT });
  expect(everything.join('\n')).not.toContain('client-secret-value');
});

test('one way to the token at a time', () => {
  expect(
    problemsOf({
      SP_API_URL: API,
      SP_API_TOKEN: 't',
      SP_OIDC_ISSUER: 'https://login.example.edu',
      ...CLIENT,
    }),
  ).toEqual([
    'Set only one of SP_API_TOKEN, SP_API_TOKEN_FILE and SP_OIDC_ISSUER: they are three ways to give the server its token.',
  ]);
  expect(problemsOf({ SP_API_URL: API, SP_API_TOKEN: 't', SP_API_TOKEN_FILE: '/t' })).toHaveLength(
    1,
  );
});

test('SP_OIDC_ISSUER=demo runs the demo on tokens from the embedded identity provider', () => {
  expect(parseEnv({ SP_OIDC_ISSUER: 'demo' })).toMatchObject({
    upstream: null,
    demoIdentityProvider: true,
  });
  expect(problemsOf({ SP_OIDC_ISSUER: 'demo', SP_API_URL: API, SP_API_TOKEN: 't' })).toEqual([
    expect.stringMatching(/^SP_OIDC_ISSUER=demo starts the demo identity provider/),
  ]);
  expect(problemsOf({ SP_OIDC_ISSUER: 'demo', SP_CLIENT_ID: 'x' })).toEqual([
    'SP_CLIENT_ID must not be set with SP_OIDC_ISSUER=demo: the demo identity provider makes its own client.',
  ]);
});

test('SP_API_AUTH_HEADER says how the token is sent: a token header (default) or a bearer token', () => {
  expect(parseEnv({ SP_API_AUTH_HEADER: 'bearer' }).upstreamAuthHeader).toBe('bearer');
  expect(parseEnv({ SP_API_AUTH_HEADER: 'token' }).upstreamAuthHeader).toBe('token');
  expect(problemsOf({ SP_API_AUTH_HEADER: 'Authorization' })).toEqual([
    'SP_API_AUTH_HEADER must be "token" (a token header, as the API reference shows) or "bearer" (Authorization: Bearer).',
  ]);
});

test('PUBLIC_URL is an http(s) origin, nothing more', () => {
  expect(parseEnv({ PUBLIC_URL: 'https://proctoring.example.edu/' }).publicUrl?.host).toBe(
    'proctoring.example.edu',
  );
  for (const value of [
    'ftp://x.example',
    'https://x.example/dashboard',
    'https://x.example/?a=1',
  ]) {
    expect(() => parseEnv({ PUBLIC_URL: value })).toThrow('PUBLIC_URL must');
  }
});

test('cache, connection and rate limits are bounded whole numbers; 0 turns cache and limit off', () => {
  expect(parseEnv({ SP_CACHE_TTL_MS: '0', SP_RATE_LIMIT_PER_MINUTE: '0' })).toMatchObject({
    cacheTtlMs: 0,
    rateLimitPerMinute: 0,
  });
  expect(() => parseEnv({ SP_API_MAX_CONNECTIONS: '0' })).toThrow('SP_API_MAX_CONNECTIONS');
  expect(() => parseEnv({ SP_CACHE_TTL_MS: '1.5' })).toThrow('SP_CACHE_TTL_MS');
  expect(() => parseEnv({ SP_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow('SP_RATE_LIMIT_PER_MINUTE');
});

test('TRUST_PROXY names how many proxies stand in front, or which peers are proxies', () => {
  expect(parseEnv({ TRUST_PROXY: 'false' }).trustProxy).toBeNull();
  expect(parseEnv({ TRUST_PROXY: '' }).trustProxy).toBeNull();
  expect(parseEnv({ TRUST_PROXY: '1' }).trustProxy).toEqual({ hops: 1 });
  expect(parseEnv({ TRUST_PROXY: '10.0.0.5, 10.8.0.0/16,loopback,::1' }).trustProxy).toEqual({
    peers: ['10.0.0.5', '10.8.0.0/16', 'loopback', '::1'],
  });
});

test('a TRUST_PROXY that would let clients choose their address, or is no address, stops the start', () => {
  expect(() => parseEnv({ TRUST_PROXY: 'true' })).toThrow(
    'TRUST_PROXY must be false (no proxy), the number of proxies in front of the server (e.g. 1), or their addresses separated by commas (e.g. 10.0.0.5, 10.8.0.0/16, loopback): true would let any client choose the address it is counted by',
  );
  expect(() => parseEnv({ TRUST_PROXY: 'proxy.example.edu, 10.0.0.0/33, 10.1' })).toThrow(
    /: "proxy\.example\.edu", "10\.0\.0\.0\/33", "10\.1" are not an address, a range such as 10\.8\.0\.0\/16, or one of loopback, linklocal, uniquelocal\.$/,
  );
  expect(() => parseEnv({ TRUST_PROXY: '1.5' })).toThrow('"1.5" is not an address');
});

test('REDIS_URL is a redis:// or rediss:// address, kept as given', () => {
  expect(parseEnv({ REDIS_URL: 'redis://:secret@redis.internal:6379/2' }).redisUrl).toBe(
    'redis://:secret@redis.internal:6379/2',
  );
  expect(parseEnv({ REDIS_URL: 'rediss://valkey.example.edu' }).redisUrl).toBe(
    'rediss://valkey.example.edu',
  );
  expect(() => parseEnv({ REDIS_URL: 'http://redis.internal:6379' })).toThrow(
    'REDIS_URL must be a redis:// or rediss:// address, e.g. redis://redis.internal:6379/0.',
  );
  expect(() => parseEnv({ REDIS_URL: 'redis.internal:6379' })).toThrow(/REDIS_URL must be/);
});

test('the upstream budget and breaker are whole numbers; 0 turns either off', () => {
  expect(
    parseEnv({ SP_UPSTREAM_CALLS_PER_MINUTE: '0', SP_UPSTREAM_BREAKER_FAILURES: '0' }),
  ).toMatchObject({ upstreamCallsPerMinute: 0, upstreamBreakerFailures: 0 });
  expect(parseEnv({ SP_CACHE_TTL_MS: '600000' }).cacheTtlMs).toBe(600_000);
  expect(() => parseEnv({ SP_UPSTREAM_CALLS_PER_MINUTE: '-1' })).toThrow(
    'SP_UPSTREAM_CALLS_PER_MINUTE must be a whole number from 0 (no budget) to 1000000.',
  );
  expect(() => parseEnv({ SP_UPSTREAM_BREAKER_FAILURES: '2.5' })).toThrow(
    'SP_UPSTREAM_BREAKER_FAILURES must be a whole number from 0 (no breaker) to 100.',
  );
});

test('waits are overdue after 48 hours unless SP_WAIT_OVERDUE_HOURS says otherwise, per install too', () => {
  expect(parseEnv({}).waitPolicy).toEqual({ overdueAfterHours: 48, byInstall: {} });
  const install = `AI${'a'.repeat(32)}`;
  expect(parseEnv({ SP_WAIT_OVERDUE_HOURS: `24,${install}=4` }).waitPolicy).toEqual({
    overdueAfterHours: 24,
    byInstall: { [install]: 4 },
  });
  expect(() => parseEnv({ SP_WAIT_OVERDUE_HOURS: '2d' })).toThrow(
    'SP_WAIT_OVERDUE_HOURS must be hours from 1 to 8760',
  );
});

const METRICS_TOKEN = 'm'.repeat(32);

test('METRICS_PORT gives /metrics a listener of its own, on HOST unless METRICS_HOST says otherwise', () => {
  expect(parseEnv({ HOST: '0.0.0.0', METRICS_PORT: '9464' }).metrics).toEqual({
    listener: { port: 9464, host: '0.0.0.0' },
    token: null,
  });
  expect(
    parseEnv({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', METRICS_TOKEN }).metrics,
  ).toEqual({ listener: { port: 9464, host: '10.0.0.5' }, token: METRICS_TOKEN });
  expect(() => parseEnv({ METRICS_PORT: '4173' })).toThrow('METRICS_PORT must differ from PORT');
  expect(() => parseEnv({ METRICS_PORT: '0' })).toThrow(
    'METRICS_PORT must be a port number from 1 to 65535.',
  );
  expect(() => parseEnv({ METRICS_HOST: '10.0.0.5' })).toThrow(
    'METRICS_HOST is where METRICS_PORT listens',
  );
});

test('METRICS_TOKEN alone serves /metrics on PORT; a weak token is refused without being repeated', () => {
  expect(parseEnv({ METRICS_TOKEN }).metrics).toEqual({ listener: null, token: METRICS_TOKEN });
  for (const weak of ['short-metrics-token', `${'m'.repeat(20)} ${'m'.repeat(20)}`]) {
    let message = '';
    try {
      parseEnv({ METRICS_TOKEN: weak });
    } catch (error) {
      if (error instanceof EnvError) message = error.message;
    }
    expect(message).toContain('METRICS_TOKEN must be at least 32 characters without spaces');
    expect(message).not.toContain(weak);
  }
});

test('SP_OIDC_ISSUER serves both: client credentials for the shared token, or staff sign-in with SP_AUTH=oidc', () => {
  const issuer = 'https://login.example.edu';
  const shared = parseEnv({ SP_API_URL: API, SP_OIDC_ISSUER: issuer, ...CLIENT });
  expect(shared.upstream?.credentials).toMatchObject({ kind: 'client_credentials' });
  expect(shared.auth).toEqual({ mode: 'shared' });

  const signIn = parseEnv({
    SP_AUTH: 'oidc',
    SP_API_URL: API,
    SP_OIDC_ISSUER: issuer,
    SP_OIDC_CLIENT_ID: 'dashboard-sign-in',
    SP_SESSION_SECRET: 's'.repeat(32),
  });
  expect(signIn.auth).toMatchObject({ mode: 'oidc', oidc: { issuer: new URL(issuer) } });
  expect(signIn.upstream?.credentials).toBeNull();

  expect(problemsOf({ SP_AUTH: 'oidc', ...CLIENT })).toEqual([
    "SP_CLIENT_ID must not be set with SP_AUTH=oidc: each staff member signs in with the institution's account.",
    "SP_CLIENT_SECRET must not be set with SP_AUTH=oidc: each staff member signs in with the institution's account.",
  ]);
  expect(problemsOf({ SP_OIDC_CLIENT_ID: 'dashboard-sign-in' })).toEqual([
    'SP_OIDC_CLIENT_ID is read only with SP_AUTH=oidc: set SP_AUTH=oidc, or unset SP_OIDC_CLIENT_ID.',
  ]);
});
