import { z } from 'zod';
import {
  DEFAULT_OVERDUE_AFTER_HOURS,
  parseWaitPolicy,
  WAIT_POLICY_FORMAT,
  type WaitPolicy,
} from '#src/api/contract/wait-policy.ts';
import {
  parseTrustProxy,
  TRUST_PROXY_FORMAT,
  type TrustedProxies,
} from '#server/http/client-address.ts';

/** The three ways to give the server its own token: see docs/decisions/rotating-tokens.md. */
export type SharedCredentials =
  | { kind: 'token'; token: string }
  /** Read again whenever the file changes. */
  | { kind: 'file'; path: string }
  | { kind: 'client_credentials'; issuer: URL; clientId: string; clientSecret: string };

export interface UpstreamSettings {
  url: string;
  /** Null with per-user sign-in, where each request brings its own token. */
  credentials: SharedCredentials | null;
}

/** `sessionSecret` is null in demo mode without SP_SESSION_SECRET. */
export type AuthSettings =
  | { mode: 'shared' }
  | { mode: 'user'; sessionSecret: string | null }
  | { mode: 'oidc'; sessionSecret: string | null; oidc: OidcSettings };

/** Sign-in through the institution's OpenID provider (SP_AUTH=oidc). */
export interface OidcSettings {
  /** Null in the demo: the embedded demo identity provider is started instead. */
  issuer: URL | null;
  /** In the demo, when set, what the embedded provider registers the dashboard as. */
  clientId: string | null;
  /** Null for a public client. */
  clientSecret: string | null;
  /** Null: the default scope, or the demo client's. */
  scope: string | null;
}

/**
 * Where /metrics answers: on a listener of its own (METRICS_PORT), or on PORT behind the token.
 * The token, when set, is asked wherever /metrics answers, and never logged.
 */
export type MetricsSettings =
  | { listener: { port: number; host: string }; token: string | null }
  | { listener: null; token: string };

export interface Env {
  port: number;
  host: string;
  publicUrl: URL | null;
  auth: AuthSettings;
  timeoutMs: number;
  renderBudgetMs: number;
  /** Caps each endpoint's declared reuse; 0 turns the cache off; null keeps the declared ones. */
  cacheTtlMs: number | null;
  /** Upstream calls per token in any 60 s; 0 means no budget. */
  upstreamCallsPerMinute: number;
  /** Timeouts or failed connections in a row that open the circuit; 0 turns the breaker off. */
  upstreamBreakerFailures: number;
  maxConnections: number;
  /** Per client and minute on /api; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Null: the socket peer is the client, whatever X-Forwarded-For says. */
  trustProxy: TrustedProxies | null;
  /** Redis or Valkey shared by every instance; null keeps the state in this process. */
  redisUrl: string | null;
  waitPolicy: WaitPolicy;
  /** Null when SP_API_URL is unset: the server then runs on the embedded demo upstream. */
  upstream: UpstreamSettings | null;
  /** How tokens are sent upstream: a `token` header (the API reference) or a bearer token. */
  upstreamAuthHeader: 'token' | 'bearer';
  /** SP_OIDC_ISSUER=demo: the demo gets its shared token from an embedded identity provider. */
  demoIdentityProvider: boolean;
  /** Null when neither METRICS_PORT nor METRICS_TOKEN is set: nothing answers /metrics. */
  metrics: MetricsSettings | null;
}

/** `message` is a plain-words list of every problem, fit to print. */
export class EnvError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `The server cannot start because of its environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'EnvError';
    this.problems = problems;
  }
}

const PORT_ERROR = 'PORT must be a port number from 0 to 65535.';
const TIMEOUT_ERROR = 'SP_API_TIMEOUT_MS must be a whole number of milliseconds above 0.';
const BUDGET_ERROR = 'SP_RENDER_BUDGET_MS must be a whole number of milliseconds from 0 to 60000.';
const CACHE_ERROR = 'SP_CACHE_TTL_MS must be a whole number of milliseconds from 0 to 600000.';
const CALLS_ERROR =
  'SP_UPSTREAM_CALLS_PER_MINUTE must be a whole number from 0 (no budget) to 1000000.';
const BREAKER_ERROR =
  'SP_UPSTREAM_BREAKER_FAILURES must be a whole number from 0 (no breaker) to 100.';
const CONNECTIONS_ERROR = 'SP_API_MAX_CONNECTIONS must be a whole number from 1 to 256.';
const RATE_ERROR = 'SP_RATE_LIMIT_PER_MINUTE must be a whole number from 0 (no limit) upwards.';
const SECRET_LENGTH = 32;
const METRICS_PORT_ERROR = 'METRICS_PORT must be a port number from 1 to 65535.';
const METRICS_TOKEN_ERROR = `METRICS_TOKEN must be at least ${SECRET_LENGTH} characters without spaces (for example from: openssl rand -hex 32).`;

function wholeNumber(message: string, min: number, max: number, fallback: number) {
  return optionalWholeNumber(message, min, max).default(fallback);
}

function optionalWholeNumber(message: string, min: number, max: number) {
  return z.coerce
    .number({ error: message })
    .int({ error: message })
    .min(min, { error: message })
    .max(max, { error: message });
}

function httpUrl(error: string) {
  // `abort`: the checks after it parse the value as a URL.
  return z.url({ protocol: /^https?$/, abort: true, error });
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const ISSUER_FORMAT =
  'SP_OIDC_ISSUER must be the identity provider\'s https:// address, e.g. https://login.example.edu (plain http:// only for localhost), without a query, fragment, user name or password; or "demo"';

/** The client secret travels to the issuer: the same rule as SP_API_URL. */
function parseIssuer(text: string): URL | null {
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  const secure =
    url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  const bare = url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return secure && bare && !/[?#]/.test(text) ? url : null;
}

const envSchema = z
  .object({
    PORT: wholeNumber(PORT_ERROR, 0, 65535, 4173),
    HOST: z.string().default('127.0.0.1'),
    SP_API_URL: httpUrl(
      'SP_API_URL must be an http:// or https:// address, e.g. https://api.smarterproctoring.com.',
    )
      .refine((value) => !/[?#]/.test(value), {
        error: 'SP_API_URL must not contain a query string or fragment.',
      })
      .refine((value) => new URL(value).username === '' && new URL(value).password === '', {
        error:
          'SP_API_URL must not contain a user name or password; the token goes in SP_API_TOKEN.',
      })
      // The token travels in a header: plain http only for a local stand-in.
      .refine((value) => value.startsWith('https://') || isLoopback(new URL(value).hostname), {
        error: 'SP_API_URL must use https:// (plain http:// is allowed only for localhost).',
      })
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
    SP_API_TOKEN: z.string().optional(),
    SP_API_TOKEN_FILE: z.string().optional(),
    SP_OIDC_ISSUER: z
      .string()
      .transform((text, ctx) => {
        if (text === 'demo') return 'demo' as const;
        const issuer = parseIssuer(text);
        if (issuer !== null) return issuer;
        ctx.addIssue({ code: 'custom', message: `${ISSUER_FORMAT}.` });
        return z.NEVER;
      })
      .optional(),
    SP_CLIENT_ID: z.string().optional(),
    // Its messages never repeat the value: it is a secret.
    SP_CLIENT_SECRET: z.string().optional(),
    SP_API_AUTH_HEADER: z
      .enum(['token', 'bearer'], {
        error:
          'SP_API_AUTH_HEADER must be "token" (a token header, as the API reference shows) or "bearer" (Authorization: Bearer).',
      })
      .default('token'),
    PUBLIC_URL: httpUrl(
      'PUBLIC_URL must be an http:// or https:// address, e.g. https://proctoring.example.edu.',
    )
      .refine((value) => /^[^?#]*$/.test(value) && ['', '/'].includes(new URL(value).pathname), {
        error: "PUBLIC_URL must be the site's address alone, without a path, query or fragment.",
      })
      .transform((value) => new URL(value))
      .optional(),
    SP_AUTH: z
      .enum(['shared', 'user', 'oidc'], {
        error:
          'SP_AUTH must be "shared" (one server token, behind your own sign-on), "user" (each staff member signs in with their own token) or "oidc" (each staff member signs in with the institution\'s account).',
      })
      .default('shared'),
    SP_OIDC_CLIENT_ID: z.string().optional(),
    SP_OIDC_CLIENT_SECRET: z.string().optional(),
    SP_OIDC_SCOPE: z
      .string()
      .refine((value) => value.split(/\s+/).includes('openid'), {
        error: 'SP_OIDC_SCOPE must include openid, e.g. "openid profile email offline_access".',
      })
      .optional(),
    SP_SESSION_SECRET: z
      .string()
      .min(SECRET_LENGTH, {
        error: `SP_SESSION_SECRET must be at least ${SECRET_LENGTH} characters (for example from: openssl rand -base64 48).`,
      })
      .optional(),
    SP_CACHE_TTL_MS: optionalWholeNumber(CACHE_ERROR, 0, 600_000).optional(),
    SP_UPSTREAM_CALLS_PER_MINUTE: wholeNumber(CALLS_ERROR, 0, 1_000_000, 300),
    SP_UPSTREAM_BREAKER_FAILURES: wholeNumber(BREAKER_ERROR, 0, 100, 3),
    SP_API_MAX_CONNECTIONS: wholeNumber(CONNECTIONS_ERROR, 1, 256, 10),
    SP_RATE_LIMIT_PER_MINUTE: wholeNumber(RATE_ERROR, 0, Number.MAX_SAFE_INTEGER, 600),
    REDIS_URL: z
      .url({
        protocol: /^rediss?$/,
        error:
          'REDIS_URL must be a redis:// or rediss:// address, e.g. redis://redis.internal:6379/0.',
      })
      .optional(),
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((text, ctx) => {
        const trusted = parseTrustProxy(text);
        if (trusted.ok) return trusted.value;
        ctx.addIssue({
          code: 'custom',
          message: `TRUST_PROXY must be ${TRUST_PROXY_FORMAT}: ${trusted.problem}`,
        });
        return z.NEVER;
      }),
    SP_API_TIMEOUT_MS: wholeNumber(TIMEOUT_ERROR, 1, Infinity, 10_000),
    SP_RENDER_BUDGET_MS: wholeNumber(BUDGET_ERROR, 0, 60_000, 300),
    SP_WAIT_OVERDUE_HOURS: z
      .string()
      .default(String(DEFAULT_OVERDUE_AFTER_HOURS))
      .transform((text, ctx) => {
        const policy = parseWaitPolicy(text);
        if (policy.ok) return policy.value;
        ctx.addIssue({
          code: 'custom',
          message: `SP_WAIT_OVERDUE_HOURS must be ${WAIT_POLICY_FORMAT}: ${policy.problems.join(' ')}`,
        });
        return z.NEVER;
      }),
    METRICS_PORT: optionalWholeNumber(METRICS_PORT_ERROR, 1, 65535).optional(),
    METRICS_HOST: z.string().optional(),
    // The messages never repeat the value: it is a secret.
    METRICS_TOKEN: z
      .string()
      .min(SECRET_LENGTH, { error: METRICS_TOKEN_ERROR })
      .regex(/^[\x21-\x7e]+$/, { error: METRICS_TOKEN_ERROR })
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_PORT'],
        message: 'METRICS_PORT must differ from PORT: it is a listener of its own.',
      });
    }
    if (env.METRICS_HOST !== undefined && env.METRICS_PORT === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_HOST'],
        message: 'METRICS_HOST is where METRICS_PORT listens: set METRICS_PORT too, or unset it.',
      });
    }
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
    };
    // Checked below.
    if (env.SP_AUTH === 'oidc') return;
    const demoIssuer = env.SP_OIDC_ISSUER === 'demo';
    if (env.SP_AUTH === 'user') {
      for (const key of [
        'SP_API_TOKEN',
        'SP_API_TOKEN_FILE',
        'SP_OIDC_ISSUER',
        'SP_CLIENT_ID',
        'SP_CLIENT_SECRET',
      ] as const) {
        if (env[key] !== undefined) {
          problem(
            key,
            `${key} must not be set with SP_AUTH=user: each staff member signs in with their own token.`,
          );
        }
      }
      if (env.SP_API_URL !== undefined && env.SP_SESSION_SECRET === undefined) {
        problem(
          'SP_SESSION_SECRET',
          `SP_SESSION_SECRET is required with SP_AUTH=user: at least ${SECRET_LENGTH} random characters, the same on every instance (for example from: openssl rand -base64 48).`,
        );
      }
      return;
    }
    const given = [
      env.SP_API_TOKEN,
      env.SP_API_TOKEN_FILE,
      demoIssuer ? undefined : env.SP_OIDC_ISSUER,
    ].filter((value) => value !== undefined);
    if (given.length > 1) {
      problem(
        'SP_API_TOKEN',
        'Set only one of SP_API_TOKEN, SP_API_TOKEN_FILE and SP_OIDC_ISSUER: they are three ways to give the server its token.',
      );
    }
    if (env.SP_OIDC_ISSUER !== undefined && !demoIssuer) {
      for (const key of ['SP_CLIENT_ID', 'SP_CLIENT_SECRET'] as const) {
        if (env[key] === undefined) {
          problem(
            key,
            `${key} is required with SP_OIDC_ISSUER: the client the dashboard gets its token as, from the identity provider.`,
          );
        }
      }
    } else {
      for (const key of ['SP_CLIENT_ID', 'SP_CLIENT_SECRET'] as const) {
        if (env[key] !== undefined) {
          problem(
            key,
            demoIssuer
              ? `${key} must not be set with SP_OIDC_ISSUER=demo: the demo identity provider makes its own client.`
              : `${key} is used only with SP_OIDC_ISSUER: set SP_OIDC_ISSUER too, or unset ${key}.`,
          );
        }
      }
    }
    if (demoIssuer && env.SP_API_URL !== undefined) {
      problem(
        'SP_OIDC_ISSUER',
        'SP_OIDC_ISSUER=demo starts the demo identity provider, whose tokens only the demo data accepts: unset SP_API_URL, or give the address of your real identity provider.',
      );
    }
    if (env.SP_API_URL !== undefined && given.length === 0) {
      problem(
        'SP_API_TOKEN',
        'SP_API_TOKEN is required when SP_API_URL is set. Set it to the API token from your SmarterProctoring account manager (or SP_API_TOKEN_FILE to a file holding it, or SP_OIDC_ISSUER, SP_CLIENT_ID and SP_CLIENT_SECRET to get tokens with client credentials), or unset SP_API_URL to run on demo data.',
      );
    }
  })
  .superRefine((env, ctx) => {
    // SP_OIDC_ISSUER serves both: the shared token's client credentials, and staff sign-in.
    const oidcKeys = ['SP_OIDC_CLIENT_ID', 'SP_OIDC_CLIENT_SECRET', 'SP_OIDC_SCOPE'] as const;
    if (env.SP_AUTH !== 'oidc') {
      for (const key of oidcKeys.filter((name) => env[name] !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} is read only with SP_AUTH=oidc: set SP_AUTH=oidc, or unset ${key}.`,
        });
      }
      return;
    }
    const problems: Array<[string, string]> = [];
    for (const key of [
      'SP_API_TOKEN',
      'SP_API_TOKEN_FILE',
      'SP_CLIENT_ID',
      'SP_CLIENT_SECRET',
    ] as const) {
      if (env[key] !== undefined) {
        problems.push([
          key,
          `${key} must not be set with SP_AUTH=oidc: each staff member signs in with the institution's account.`,
        ]);
      }
    }
    if (env.SP_OIDC_ISSUER === 'demo') {
      problems.push([
        'SP_OIDC_ISSUER',
        'SP_OIDC_ISSUER=demo is for the shared token: with SP_AUTH=oidc, leave SP_OIDC_ISSUER unset to sign in at the demo provider.',
      ]);
    }
    if (env.SP_API_URL !== undefined && env.SP_OIDC_ISSUER === undefined) {
      problems.push([
        'SP_OIDC_ISSUER',
        "SP_OIDC_ISSUER is required with SP_AUTH=oidc and SP_API_URL: the address of your institution's OpenID provider (or unset SP_API_URL to try the demo's own provider).",
      ]);
    }
    if (env.SP_OIDC_ISSUER !== undefined && env.SP_API_URL === undefined) {
      problems.push([
        'SP_OIDC_ISSUER',
        "SP_OIDC_ISSUER needs SP_API_URL: the demo data accepts only the demo's own identity provider (unset SP_OIDC_ISSUER to use it).",
      ]);
    }
    if (env.SP_OIDC_ISSUER !== undefined && env.SP_OIDC_CLIENT_ID === undefined) {
      problems.push([
        'SP_OIDC_CLIENT_ID',
        'SP_OIDC_CLIENT_ID is required with SP_OIDC_ISSUER: the client id the provider gave this dashboard.',
      ]);
    }
    if (env.SP_OIDC_ISSUER !== undefined && env.SP_SESSION_SECRET === undefined) {
      problems.push([
        'SP_SESSION_SECRET',
        `SP_SESSION_SECRET is required with SP_AUTH=oidc: at least ${SECRET_LENGTH} random characters, the same on every instance (for example from: openssl rand -base64 48).`,
      ]);
    }
    for (const [key, message] of problems) ctx.addIssue({ code: 'custom', path: [key], message });
  });

const ENV_KEYS = [
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'SP_AUTH',
  'SP_SESSION_SECRET',
  'SP_OIDC_ISSUER',
  'SP_OIDC_CLIENT_ID',
  'SP_OIDC_CLIENT_SECRET',
  'SP_OIDC_SCOPE',
  'SP_API_URL',
  'SP_API_TOKEN',
  'SP_API_TOKEN_FILE',
  'SP_CLIENT_ID',
  'SP_CLIENT_SECRET',
  'SP_API_AUTH_HEADER',
  'SP_API_TIMEOUT_MS',
  'SP_API_MAX_CONNECTIONS',
  'SP_CACHE_TTL_MS',
  'SP_UPSTREAM_CALLS_PER_MINUTE',
  'SP_UPSTREAM_BREAKER_FAILURES',
  'SP_RATE_LIMIT_PER_MINUTE',
  'TRUST_PROXY',
  'REDIS_URL',
  'SP_RENDER_BUDGET_MS',
  'SP_WAIT_OVERDUE_HOURS',
  'METRICS_PORT',
  'METRICS_HOST',
  'METRICS_TOKEN',
] as const;

/** Throws EnvError naming every problem. Empty values count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const input = Object.fromEntries(
    ENV_KEYS.map((key) => [key, source[key]?.trim() === '' ? undefined : source[key]?.trim()]),
  );
  const result = envSchema.safeParse(input);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => issue.message));
  }
  const env = result.data;
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL ?? null,
    auth: authSettings(env),
    timeoutMs: env.SP_API_TIMEOUT_MS,
    renderBudgetMs: env.SP_RENDER_BUDGET_MS,
    cacheTtlMs: env.SP_CACHE_TTL_MS ?? null,
    upstreamCallsPerMinute: env.SP_UPSTREAM_CALLS_PER_MINUTE,
    upstreamBreakerFailures: env.SP_UPSTREAM_BREAKER_FAILURES,
    maxConnections: env.SP_API_MAX_CONNECTIONS,
    rateLimitPerMinute: env.SP_RATE_LIMIT_PER_MINUTE,
    trustProxy: env.TRUST_PROXY,
    redisUrl: env.REDIS_URL ?? null,
    waitPolicy: env.SP_WAIT_OVERDUE_HOURS,
    upstream:
      env.SP_API_URL === undefined
        ? null
        : { url: env.SP_API_URL, credentials: sharedCredentials(env) },
    upstreamAuthHeader: env.SP_API_AUTH_HEADER,
    demoIdentityProvider: env.SP_AUTH === 'shared' && env.SP_OIDC_ISSUER === 'demo',
    metrics: metricsSettings(env),
  };
}

function authSettings(env: z.infer<typeof envSchema>): AuthSettings {
  const sessionSecret = env.SP_SESSION_SECRET ?? null;
  if (env.SP_AUTH === 'shared') return { mode: 'shared' };
  if (env.SP_AUTH === 'user') return { mode: 'user', sessionSecret };
  return {
    mode: 'oidc',
    sessionSecret,
    oidc: {
      issuer: env.SP_OIDC_ISSUER instanceof URL ? env.SP_OIDC_ISSUER : null,
      clientId: env.SP_OIDC_CLIENT_ID ?? null,
      clientSecret: env.SP_OIDC_CLIENT_SECRET ?? null,
      scope: env.SP_OIDC_SCOPE ?? null,
    },
  };
}

/** Null with per-user sign-in; the schema has checked that exactly one way is given otherwise. */
function sharedCredentials({
  SP_AUTH,
  SP_API_TOKEN,
  SP_API_TOKEN_FILE,
  SP_OIDC_ISSUER,
  SP_CLIENT_ID,
  SP_CLIENT_SECRET,
}: z.infer<typeof envSchema>): SharedCredentials | null {
  if (SP_AUTH !== 'shared') return null;
  if (SP_API_TOKEN_FILE !== undefined) return { kind: 'file', path: SP_API_TOKEN_FILE };
  if (
    SP_OIDC_ISSUER instanceof URL &&
    SP_CLIENT_ID !== undefined &&
    SP_CLIENT_SECRET !== undefined
  ) {
    return {
      kind: 'client_credentials',
      issuer: SP_OIDC_ISSUER,
      clientId: SP_CLIENT_ID,
      clientSecret: SP_CLIENT_SECRET,
    };
  }
  return SP_API_TOKEN === undefined ? null : { kind: 'token', token: SP_API_TOKEN };
}

function metricsSettings({
  HOST,
  METRICS_PORT,
  METRICS_HOST,
  METRICS_TOKEN,
}: z.infer<typeof envSchema>): MetricsSettings | null {
  if (METRICS_PORT !== undefined) {
    return {
      listener: { port: METRICS_PORT, host: METRICS_HOST ?? HOST },
      token: METRICS_TOKEN ?? null,
    };
  }
  return METRICS_TOKEN === undefined ? null : { listener: null, token: METRICS_TOKEN };
}
