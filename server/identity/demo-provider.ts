// An OpenID provider for the demo and the tests: see docs/decisions/rotating-tokens.md.
import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type {
  Adapter,
  AdapterConstructor,
  AdapterPayload,
  ClientMetadata,
  Configuration,
  JWK,
  KoaContextWithOIDC,
  default as Provider,
} from 'oidc-provider';
import { z } from 'zod';

export interface DemoAccount {
  /** The `sub` of its tokens. */
  id: string;
  name: string;
  email: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { id: 'demo-maya', name: 'Maya Okonkwo', email: 'maya@demo.example' },
  { id: 'demo-sam', name: 'Sam Rivera', email: 'sam@demo.example' },
];

/** The API its access tokens are for: their `aud`, which the demo upstream checks. */
export const DEMO_API_RESOURCE = 'urn:sp-dashboard:demo-api';
const API_SCOPE = 'sessions:read';

export interface DemoProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Lifetime of every access token, both grants alike. */
  accessTokenSeconds?: number;
  /** Where the sign-in client may send staff back with a code; without any, it is not registered. */
  signInRedirectUris?: string[];
  postLogoutRedirectUris?: string[];
  /** What the sign-in client is registered as; made up when not given. */
  signInCredentials?: Partial<DemoServiceClient>;
}

export interface DemoServiceClient {
  clientId: string;
  clientSecret: string;
}

export interface DemoSignInClient extends DemoServiceClient {
  /** What the sign-in client asks for: who signed in, and the API's scope. */
  scope: string;
  redirectUris: readonly string[];
  postLogoutRedirectUris: readonly string[];
}

export interface DemoProvider {
  /** http://127.0.0.1:<port>, discovery at /.well-known/openid-configuration. */
  issuer: string;
  jwksUri: string;
  /** The access tokens' `aud`: the demo API's resource indicator. */
  audience: string;
  clients: {
    /** Client credentials, for the server's shared token. */
    service: DemoServiceClient;
    /** Authorization code with PKCE (S256) and refresh tokens, for staff sign-in. */
    signIn: DemoSignInClient | null;
  };
  accounts: readonly DemoAccount[];
  /** Tokens issued so far, by grant type: how often the server renewed, for tests and the bench. */
  issued(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

const DEFAULT_ACCESS_TOKEN_SECONDS = 300;
const HOUR = 60 * 60;
const DAY = 24 * HOUR;
const MAX_FORM_BYTES = 4 * 1024;

export async function startDemoProvider({
  port = 0,
  accessTokenSeconds = DEFAULT_ACCESS_TOKEN_SECONDS,
  signInRedirectUris = [],
  postLogoutRedirectUris = [],
  signInCredentials = {},
}: DemoProviderOptions = {}): Promise<DemoProvider> {
  // Loaded here, so a server that never starts the demo provider never loads it.
  const { default: Provider } = await import('oidc-provider');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${addressOf(server).port}`;
  const secret = () => randomBytes(32).toString('base64url');
  const service: DemoServiceClient = { clientId: 'sp-dashboard-service', clientSecret: secret() };
  const signIn: DemoSignInClient | null =
    signInRedirectUris.length === 0
      ? null
      : {
          clientId: signInCredentials.clientId ?? 'sp-dashboard',
          clientSecret: signInCredentials.clientSecret ?? secret(),
          scope: `openid profile email ${API_SCOPE}`,
          redirectUris: signInRedirectUris,
          postLogoutRedirectUris,
        };

  const clients: ClientMetadata[] = [
    {
      client_id: service.clientId,
      client_secret: service.clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ];
  if (signIn !== null) {
    clients.push({
      client_id: signIn.clientId,
      client_secret: signIn.clientSecret,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [...signIn.redirectUris],
      post_logout_redirect_uris: [...signIn.postLogoutRedirectUris],
    });
  }

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients,
    jwks: { keys: [await signingKey()] },
    cookies: {
      keys: [secret()],
      // The dashboard and the provider are both on 127.0.0.1: same site, and "none" needs https.
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    findAccount: (_ctx, sub) => {
      const account = DEMO_ACCOUNTS.find(({ id }) => id === sub);
      return (
        account && {
          accountId: account.id,
          claims: () => ({
            sub: account.id,
            name: account.name,
            email: account.email,
            email_verified: true,
          }),
        }
      );
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => DEMO_API_RESOURCE,
        // The code and refresh token stand for the API's access: no resource parameter needed.
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: API_SCOPE,
          audience: DEMO_API_RESOURCE,
          accessTokenTTL: accessTokenSeconds,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = page(
            'Sign out of the demo',
            `${form}<p>Sign out of the demo identity provider as well?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in here</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.type = 'html';
          ctx.body = page('Signed out', '<p>You are signed out of the demo identity provider.</p>');
        },
      },
    },
    // Without offline_access (which needs prompt=consent) too: such a refresh token ends with the
    // provider's session, so signing out there ends it. Each use gives a new one.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenSeconds,
      ClientCredentials: accessTokenSeconds,
      IdToken: HOUR,
      RefreshToken: DAY,
      Interaction: HOUR,
      Session: DAY,
      Grant: DAY,
    },
    // Staff sign in through the dashboard's server, never from a script in another origin.
    clientBasedCORS: () => false,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in failed',
        `<p>The demo identity provider could not go on: ${escapeHtml(out.error_description ?? out.error)}.</p>
<p>Go back to the dashboard and sign in again.</p>`,
      );
    },
  } satisfies Configuration);

  const issued: Record<string, number> = {};
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const grantType = ctx.oidc.params?.grant_type;
    if (typeof grantType === 'string') issued[grantType] = (issued[grantType] ?? 0) + 1;
  });

  const oidc = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const route = interactionRoute(req);
    if (route === null) {
      void oidc(req, res);
      return;
    }
    interact(provider, route, req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          page(
            'Sign-in expired',
            '<p>This sign-in has expired or was already used. Go back to the dashboard and sign in again.</p>',
          ),
        );
      }
    });
  });

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    audience: DEMO_API_RESOURCE,
    clients: { service, signIn },
    accounts: DEMO_ACCOUNTS,
    issued: () => ({ ...issued }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Closed already (a test took the provider down mid-way): nothing left to do.
        if (!server.listening) {
          resolve();
          return;
        }
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
  };
}

function addressOf(server: ReturnType<typeof createServer>): AddressInfo {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The demo identity provider is not listening on a TCP port.');
  }
  return address;
}

/** Made at every start: the provider's built-in development keys are public. */
async function signingKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

type InteractionRoute = { uid: string; action: 'show' | 'login' };

function interactionRoute(req: IncomingMessage): InteractionRoute | null {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
  const uid = match?.[1];
  if (uid === undefined) return null;
  if (match?.[2] === undefined) return req.method === 'GET' ? { uid, action: 'show' } : null;
  return req.method === 'POST' ? { uid, action: 'login' } : null;
}

const stringList = z.array(z.string()).optional();
const resourceScopes = z.record(z.string(), z.array(z.string())).optional();

/**
 * The provider's own pages: a one-click choice of demo account for login, and consent given at
 * once, since both clients belong to the dashboard.
 */
async function interact(
  provider: Provider,
  route: InteractionRoute,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== route.uid) throw new Error('interaction mismatch');
  const { prompt, params, session } = details;
  if (prompt.name === 'login') {
    if (route.action === 'show') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(loginPage(route.uid));
      return;
    }
    const chosen = new URLSearchParams(await readForm(req)).get('account');
    const account = DEMO_ACCOUNTS.find(({ id }) => id === chosen);
    if (account === undefined) throw new Error('unknown demo account');
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.id } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  const clientId = params.client_id;
  if (prompt.name !== 'consent' || session === undefined || typeof clientId !== 'string') {
    throw new Error(`unexpected prompt ${prompt.name}`);
  }
  const grant =
    (details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId)) ??
    new provider.Grant({ accountId: session.accountId, clientId });
  const scopes = stringList.parse(prompt.details.missingOIDCScope);
  if (scopes !== undefined) grant.addOIDCScope(scopes.join(' '));
  const claims = stringList.parse(prompt.details.missingOIDCClaims);
  if (claims !== undefined) grant.addOIDCClaims(claims);
  const resources = resourceScopes.parse(prompt.details.missingResourceScopes) ?? {};
  for (const [resource, scope] of Object.entries(resources)) {
    grant.addResourceScope(resource, scope.join(' '));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}

async function readForm(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) throw new Error('form too large');
  }
  return body;
}

function loginPage(uid: string): string {
  const choices = DEMO_ACCOUNTS.map(
    (account) =>
      `<li><button type="submit" name="account" value="${escapeHtml(account.id)}">${escapeHtml(account.name)}</button> ${escapeHtml(account.email)}</li>`,
  ).join('\n');
  return page(
    'Sign in to the demo',
    `<p><strong>Demo accounts:</strong> these staff members exist only in this demo identity provider, and signing in needs no password. Choose one.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><ul>
${choices}
</ul></form>`,
  );
}

/** The provider's own pages; the empty icon spares the browser a /favicon.ico it would not find. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} – demo identity provider</title>
<h1>${escapeHtml(title)}</h1>
${body}
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The provider's state in this process, one store per provider: two providers in one test run
 * never share sessions. (The built-in one is shared by all, and warns that it is for development.)
 */
function memoryAdapter(): AdapterConstructor {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const sessionIds = new Map<string, string>();
  const grants = new Map<string, Set<string>>();

  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > Date.now()) return entry.payload;
    entries.delete(key);
    return undefined;
  };
  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };

  return class MemoryAdapter implements Adapter {
    readonly #model: string;

    constructor(model: string) {
      this.#model = model;
    }

    #key(id: string): string {
      return `${this.#model}:${id}`;
    }

    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      sweep();
      const key = this.#key(id);
      entries.set(key, { payload, expiresAt: Date.now() + expiresIn * 1000 });
      if (this.#model === 'Session' && payload.uid !== undefined) sessionIds.set(payload.uid, id);
      if (payload.grantId !== undefined) {
        const keys = grants.get(payload.grantId) ?? new Set<string>();
        grants.set(payload.grantId, keys.add(key));
      }
      return Promise.resolve();
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return Promise.resolve(live(this.#key(id)));
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = sessionIds.get(uid);
      return Promise.resolve(id === undefined ? undefined : live(this.#key(id)));
    }

    // Device codes are not enabled.
    findByUserCode(): Promise<undefined> {
      return Promise.resolve(undefined);
    }

    consume(id: string): Promise<void> {
      const payload = live(this.#key(id));
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }

    destroy(id: string): Promise<void> {
      entries.delete(this.#key(id));
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) entries.delete(key);
      grants.delete(grantId);
      return Promise.resolve();
    }
  };
}
