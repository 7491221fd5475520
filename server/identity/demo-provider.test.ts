import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startDemoProvider, type DemoProvider } from '#server/identity/demo-provider.ts';
import { testBrowser } from '#server/testing/test-browser.ts';

const DASHBOARD = 'http://127.0.0.1:4173';
const CALLBACK = `${DASHBOARD}/auth/callback`;

let provider: DemoProvider;
/** Everything oidc-provider prints goes through the console: nothing may, from start to end. */
const printed: string[] = [];

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
    });
  }
  provider = await startDemoProvider({
    accessTokenSeconds: 120,
    signInRedirectUris: [CALLBACK],
    postLogoutRedirectUris: [`${DASHBOARD}/`],
  });
});

afterAll(async () => {
  await provider.close();
  vi.restoreAllMocks();
  expect(printed).toEqual([]);
});

function discover(clientId: string, clientSecret: string) {
  return client.discovery(
    new URL(provider.issuer),
    clientId,
    undefined,
    client.ClientSecretBasic(clientSecret),
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the demo provider is http on loopback
    { execute: [client.allowInsecureRequests] },
  );
}

async function verifiedAccessToken(token: string) {
  return jwtVerify(token, createRemoteJWKSet(new URL(provider.jwksUri)), {
    issuer: provider.issuer,
    audience: provider.audience,
  });
}

/** Redirects the test browser follows: the provider's own, until one leaves it. */
const onProvider = (url: string) => url.startsWith(provider.issuer);

test('the dashboard server gets a signed JWT for the API with client credentials, lasting as set', async () => {
  const { clientId, clientSecret } = provider.clients.service;
  const config = await discover(clientId, clientSecret);

  const tokens = await client.clientCredentialsGrant(config);

  expect(tokens.expires_in).toBe(120);
  expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
  const { payload } = await verifiedAccessToken(tokens.access_token);
  expect(payload.client_id).toBe(clientId);
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(120);
  expect(provider.issued().client_credentials).toBe(1);
});

test('a wrong client secret gets no token', async () => {
  const config = await discover(provider.clients.service.clientId, 'not-the-secret');

  await expect(client.clientCredentialsGrant(config)).rejects.toMatchObject({ status: 401 });
});

test('a staff member signs in by choosing a demo account, with PKCE, then renews with a rotating refresh token', async () => {
  const signIn = provider.clients.signIn;
  if (signIn === null) throw new Error('The sign-in client was not registered.');
  const config = await discover(signIn.clientId, signIn.clientSecret);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const browser = testBrowser();

  const loginPage = await browser.follow(
    client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: signIn.scope,
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).href,
    onProvider,
  );
  expect(loginPage.status).toBe(200);
  expect(loginPage.text).toContain('Demo accounts:');
  expect(loginPage.text).toContain('Maya Okonkwo');
  expect(loginPage.text).toContain('Sam Rivera');

  const chosen = await browser.submit(`${loginPage.url}/login`, { account: 'demo-maya' });
  const back = await browser.follow(chosen.location ?? '', onProvider);
  expect(back.location).toMatch(new RegExp(`^${CALLBACK}\\?code=`));

  const tokens = await client.authorizationCodeGrant(config, new URL(back.location ?? ''), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  expect(tokens.claims()).toMatchObject({
    sub: 'demo-maya',
    name: 'Maya Okonkwo',
    email: 'maya@demo.example',
  });
  const { payload } = await verifiedAccessToken(tokens.access_token);
  expect(payload).toMatchObject({ sub: 'demo-maya', scope: 'sessions:read' });
  expect(tokens.refresh_token).toEqual(expect.any(String));

  const renewed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
  expect((await verifiedAccessToken(renewed.access_token)).payload.sub).toBe('demo-maya');
  expect(renewed.refresh_token).not.toBe(tokens.refresh_token);
  await expect(client.refreshTokenGrant(config, tokens.refresh_token ?? '')).rejects.toMatchObject({
    error: 'invalid_grant',
  });

  const signOut = await browser.follow(
    client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: `${DASHBOARD}/`,
    }).href,
    onProvider,
  );
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(signOut.text)?.[1] ?? '';
  const action = /action="([^"]+)"/.exec(signOut.text)?.[1] ?? '';
  const signedOut = await browser.submit(new URL(action, provider.issuer).href, {
    xsrf,
    logout: 'yes',
  });
  expect(signedOut.location).toBe(`${DASHBOARD}/`);
});

test('a sign-in without PKCE is refused', async () => {
  const signIn = provider.clients.signIn;
  if (signIn === null) throw new Error('The sign-in client was not registered.');
  const config = await discover(signIn.clientId, signIn.clientSecret);

  const answer = await testBrowser().follow(
    client.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: 'openid' }).href,
    onProvider,
  );

  expect(answer.location).toContain('error=invalid_request');
});
