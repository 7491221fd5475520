import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { createApp } from '#server/app.ts';
import { createDemoUpstreamApp } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { issuerTokenVerifier } from '#server/demo-upstream/user-tokens.ts';
import { listen } from '#server/http/listen.ts';
import type { Log } from '#server/http/log.ts';
import { startDemoProvider, type DemoProvider } from '#server/identity/demo-provider.ts';
import {
  clientCredentialsToken,
  fileToken,
  type SharedTokenSource,
} from '#server/identity/shared-token.ts';
import { createUpstreamClient, type AuthHeader } from '#server/upstream/client.ts';

const LIST_PATH = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
const DEMO_TOKEN = 'behind-the-recorder';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface UpstreamCallSeen {
  credential: string | undefined;
  header: 'token' | 'bearer' | 'none';
  status: number;
}

/** The demo upstream behind a door that records each call's token and lets `accepts` decide. */
async function startUpstream(accepts: (token: string) => boolean | Promise<boolean>) {
  const demo = createDemoUpstreamApp({ token: DEMO_TOKEN });
  const calls: UpstreamCallSeen[] = [];
  const server = await listen(
    new Hono().all('*', async (c) => {
      const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
      const credential = c.req.header('token') ?? bearer;
      const header = c.req.header('token') !== undefined ? 'token' : bearer ? 'bearer' : 'none';
      const ok = credential !== undefined && (await accepts(credential));
      calls.push({ credential, header, status: ok ? 200 : 401 });
      if (!ok) return c.json({ code: 'UNAUTHORIZED', message: 'Expired.', status: 401 }, 401);
      const url = new URL(c.req.url);
      return demo.request(`${url.pathname}${url.search}`, { headers: { token: DEMO_TOKEN } });
    }),
    0,
    '127.0.0.1',
  );
  cleanups.push(() => server.close());
  return { url: `http://127.0.0.1:${server.port}`, calls };
}

/**
 * The dashboard's app and upstream client on a token source, as server/index.ts wires them, with
 * a recording of every log line and answer: `secrets` are looked for in all of them at the end.
 */
async function dashboard(
  upstream: { url: string },
  tokens: (log: Log) => SharedTokenSource | Promise<SharedTokenSource>,
  { authHeader = 'token' }: { authHeader?: AuthHeader } = {},
) {
  const written: string[] = [];
  const log: Log = (message, fields) => written.push(JSON.stringify([message, fields]));
  const source = await tokens(log);
  const client = createUpstreamClient({
    baseUrl: upstream.url,
    timeoutMs: 5_000,
    // Every request asks the upstream: what is measured is the token sent each time.
    cacheTtlMs: 0,
    callsPerMinute: 0,
    authHeader,
    sharedTokens: source,
    log,
  });
  const app = createApp({ upstream: client, access: { mode: 'shared', tokens: source }, log });
  cleanups.push(
    () => client.close(),
    () => source.close(),
  );
  const get = async (path = LIST_PATH) => {
    const response = await app.request(path);
    const text = await response.text();
    written.push(text, JSON.stringify([...response.headers]));
    return { status: response.status, body: JSON.parse(text) as unknown };
  };
  const expectNoSecrets = (secrets: Iterable<string | undefined>) => {
    for (const secret of secrets) {
      if (secret === undefined) continue;
      for (const line of written) expect(line).not.toContain(secret);
    }
  };
  return { written, get, expectNoSecrets };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Not so within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function provider(accessTokenSeconds: number): Promise<DemoProvider> {
  const started = await startDemoProvider({ accessTokenSeconds });
  cleanups.push(() => started.close());
  return started;
}

function clientCredentialsOf(issuer: DemoProvider) {
  return (log: Log) =>
    clientCredentialsToken({
      issuer: new URL(issuer.issuer),
      ...issuer.clients.service,
      timeoutMs: 2_000,
      log,
      // Renewals at exactly 80 % of the lifetime, for timings the test can rely on.
      random: () => 0.5,
    });
}

test('with client credentials, the server renews its 3-second token before it expires and no request fails', async () => {
  const issuer = await provider(3);
  const verify = issuerTokenVerifier(issuer);
  const upstream = await startUpstream(async (token) => (await verify(token)) === 'live');
  const { get, expectNoSecrets } = await dashboard(upstream, clientCredentialsOf(issuer));

  const statuses: number[] = [];
  const started = Date.now();
  while (Date.now() - started < 7_500) {
    statuses.push((await get()).status);
    await sleep(200);
  }

  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  expect(upstream.calls.filter((call) => call.status !== 200)).toEqual([]);
  // At 80 % of the 2 s it surely lasts (its `exp` is in whole seconds): 0, 1.6, 3.2 … 6.4 s.
  expect(issuer.issued().client_credentials).toBeGreaterThanOrEqual(4);
  expect(issuer.issued().client_credentials).toBeLessThanOrEqual(6);
  // Each renewal was sent (but maybe the last, got as the requests stopped).
  expect(new Set(upstream.calls.map((call) => call.credential)).size).toBeGreaterThanOrEqual(
    (issuer.issued().client_credentials ?? 0) - 1,
  );
  expectNoSecrets([
    ...upstream.calls.map((call) => call.credential),
    issuer.clients.service.clientSecret,
  ]);
}, 20_000);

test('with the issuer down at renewal, the token held serves until it expires; then calls fail in plain words', async () => {
  const issuer = await provider(6);
  const verify = issuerTokenVerifier(issuer);
  const upstream = await startUpstream(async (token) => (await verify(token)) !== 'invalid');
  const { get, written, expectNoSecrets } = await dashboard(upstream, clientCredentialsOf(issuer));
  expect((await get()).status).toBe(200);
  const host = new URL(issuer.issuer).host;

  await issuer.close();
  // The renewal, due at 4 s (80 % of the 5 s it surely lasts), fails; it is sent until 4.5 s.
  await until(() => written.some((line) => line.includes('Could not get a token')), 6_000);
  expect((await get()).status).toBe(200);
  expect(written.find((line) => line.includes('Could not get a token'))).toContain(
    `Could not get a token from ${host} (ECONNREFUSED); the one held is used for`,
  );
  await sleep(1_000);
  const failed = await get();

  expect(failed.status).toBe(502);
  expect(apiErrorBodySchema.parse(failed.body)).toEqual({
    code: 'token_unavailable',
    status: 502,
    message: `Sign-in to SmarterProctoring is failing: the dashboard could not get a token from ${host}. Ask an administrator to check SP_OIDC_ISSUER, SP_CLIENT_ID and SP_CLIENT_SECRET.`,
  });
  const ready = await get('/readyz');
  expect(ready).toMatchObject({ status: 503, body: { ready: false } });
  expect(JSON.stringify(ready.body)).toContain(`could not get a token from ${host}`);
  // One token reached the upstream, and it was only ever the one got before the issuer went.
  expect(new Set(upstream.calls.map((call) => call.credential)).size).toBe(1);
  expectNoSecrets([upstream.calls[0]?.credential, issuer.clients.service.clientSecret]);
}, 20_000);

test('a token the upstream refuses has the server renew once and retry once; a new token refused too is answered as refused', async () => {
  const issuer = await provider(60);
  const verify = issuerTokenVerifier(issuer);
  const revoked = new Set<string>();
  const upstream = await startUpstream(
    async (token) => !revoked.has(token) && (await verify(token)) === 'live',
  );
  const { get, expectNoSecrets } = await dashboard(upstream, clientCredentialsOf(issuer));
  expect((await get()).status).toBe(200);
  const [first] = upstream.calls.map((call) => call.credential);
  revoked.add(first ?? '');

  expect((await get()).status).toBe(200);
  const renewed = upstream.calls[2]?.credential;
  expect(upstream.calls.slice(1).map((call) => [call.credential, call.status])).toEqual([
    [first, 401],
    [renewed, 200],
  ]);
  expect(issuer.issued().client_credentials).toBe(2);

  revoked.add(renewed ?? '');
  const refused = await get();
  expect(refused.status).toBe(502);
  expect(apiErrorBodySchema.parse(refused.body)).toMatchObject({ code: 'token_refused' });
  expect(upstream.calls.slice(3)).toHaveLength(1);
  expect(issuer.issued().client_credentials).toBe(2);
  expectNoSecrets([first, renewed, issuer.clients.service.clientSecret]);
});

function tokenFile(token: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sp-token-'));
  cleanups.push(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const path = join(dir, 'token');
  writeFileSync(path, `${token}\n`);
  return path;
}

/** As a Kubernetes secret or a careful agent does it: whole, then moved into place. */
function replaceFile(path: string, token: string): void {
  writeFileSync(`${path}.new`, token);
  renameSync(`${path}.new`, path);
}

test('a token file rotated while requests run: none fails, and the upstream sees the new token within seconds', async () => {
  const valid = new Set(['token-one']);
  const upstream = await startUpstream((token) => valid.has(token));
  const path = tokenFile('token-one');
  const { get, written, expectNoSecrets } = await dashboard(upstream, (log) =>
    fileToken(path, { log }),
  );
  const statuses: number[] = [];
  const asking = (async () => {
    const started = Date.now();
    while (Date.now() - started < 6_000) {
      statuses.push((await get()).status);
      await sleep(50);
    }
  })();

  await sleep(500);
  valid.add('token-two');
  replaceFile(path, 'token-two');
  const rotatedAt = Date.now();
  await until(() => upstream.calls.at(-1)?.credential === 'token-two', 3_000);
  const seenAfterMs = Date.now() - rotatedAt;
  valid.delete('token-one');
  await sleep(500);
  // A vault agent rewriting in place: for a moment the file is empty.
  writeFileSync(path, '');
  await sleep(1_500);
  valid.add('token-three');
  writeFileSync(path, 'token-three\n');
  valid.delete('token-two');
  await asking;

  expect(statuses.filter((status) => status !== 200)).toEqual([]);
  expect(seenAfterMs).toBeLessThan(2_500);
  expect(upstream.calls.at(-1)?.credential).toBe('token-three');
  expect(written.filter((line) => line.includes('SP_API_TOKEN_FILE is empty'))).toEqual([
    JSON.stringify(['SP_API_TOKEN_FILE is empty; the token read before is kept.', null]),
  ]);
  expectNoSecrets(['token-one', 'token-two', 'token-three']);
}, 15_000);

test('a refused token has the server read the file again once and retry once; an unchanged file answers as refused', async () => {
  const valid = new Set(['token-one']);
  const upstream = await startUpstream((token) => valid.has(token));
  const path = tokenFile('token-one');
  // Never polled here: only the refusal makes the server look at the file.
  const { get } = await dashboard(upstream, (log) => fileToken(path, { log, pollMs: 3_600_000 }));
  expect((await get()).status).toBe(200);

  replaceFile(path, 'token-two');
  valid.clear();
  valid.add('token-two');
  expect((await get()).status).toBe(200);
  expect(upstream.calls.slice(1).map((call) => [call.credential, call.status])).toEqual([
    ['token-one', 401],
    ['token-two', 200],
  ]);

  valid.clear();
  const refused = await get();
  expect(refused.status).toBe(502);
  const { code, message } = apiErrorBodySchema.parse(refused.body);
  expect(code).toBe('token_refused');
  expect(message).toContain('Ask an administrator to check SP_API_TOKEN_FILE.');
  expect(upstream.calls.slice(3).map((call) => [call.credential, call.status])).toEqual([
    ['token-two', 401],
  ]);
});

test('a token file that cannot give a token stops the start, in plain words', async () => {
  const path = tokenFile('');
  writeFileSync(path, '  \n');

  await expect(fileToken(path, { log: () => undefined })).rejects.toThrow(
    `SP_API_TOKEN_FILE (${path}) is empty.`,
  );
  await expect(fileToken(`${path}-missing`, { log: () => undefined })).rejects.toThrow(
    `SP_API_TOKEN_FILE (${path}-missing) could not be read (ENOENT).`,
  );
});

test('with SP_API_AUTH_HEADER=bearer the token goes upstream as Authorization: Bearer, and no token header', async () => {
  const upstream = await startUpstream((token) => token === 'token-one');
  const path = tokenFile('token-one');
  const { get } = await dashboard(upstream, (log) => fileToken(path, { log }), {
    authHeader: 'bearer',
  });

  expect((await get()).status).toBe(200);
  expect(upstream.calls).toEqual([{ credential: 'token-one', header: 'bearer', status: 200 }]);
});
