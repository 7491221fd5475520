import { z } from 'zod';

/** The upstream the server reads: the real API (from the environment) or the embedded demo. */
export interface UpstreamSettings {
  url: string;
  token: string;
}

export interface Env {
  port: number;
  host: string;
  timeoutMs: number;
  /** How long a server-rendered page waits for its rows before it ships without them. */
  renderBudgetMs: number;
  /** Null when SP_API_URL is unset: the server then runs on the embedded demo upstream. */
  upstream: UpstreamSettings | null;
}

/** Thrown when the environment cannot be used; `message` is a plain-words list fit to print. */
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

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const envSchema = z
  .object({
    PORT: z.coerce
      .number({ error: PORT_ERROR })
      .int({ error: PORT_ERROR })
      .min(0, { error: PORT_ERROR })
      .max(65535, { error: PORT_ERROR })
      .default(4173),
    HOST: z.string().default('127.0.0.1'),
    SP_API_URL: z
      .url({
        protocol: /^https?$/,
        // Later checks parse the value as a URL: stop here when it is not one.
        abort: true,
        error:
          'SP_API_URL must be an http:// or https:// address, e.g. https://api.smarterproctoring.com.',
      })
      .refine((value) => !/[?#]/.test(value), {
        error: 'SP_API_URL must not contain a query string or fragment.',
      })
      .refine((value) => new URL(value).username === '' && new URL(value).password === '', {
        error:
          'SP_API_URL must not contain a user name or password; the token goes in SP_API_TOKEN.',
      })
      // The token travels in a header: only a loopback upstream (a local stand-in) may use plain http.
      .refine((value) => value.startsWith('https://') || isLoopback(new URL(value).hostname), {
        error: 'SP_API_URL must use https:// (plain http:// is allowed only for localhost).',
      })
      .transform((value) => value.replace(/\/+$/, ''))
      .optional(),
    SP_API_TOKEN: z.string().optional(),
    SP_API_TIMEOUT_MS: z.coerce
      .number({ error: TIMEOUT_ERROR })
      .int({ error: TIMEOUT_ERROR })
      .positive({ error: TIMEOUT_ERROR })
      .default(10_000),
    SP_RENDER_BUDGET_MS: z.coerce
      .number({ error: BUDGET_ERROR })
      .int({ error: BUDGET_ERROR })
      .nonnegative({ error: BUDGET_ERROR })
      .max(60_000, { error: BUDGET_ERROR })
      .default(300),
  })
  .superRefine((env, ctx) => {
    if (env.SP_API_URL !== undefined && env.SP_API_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SP_API_TOKEN'],
        message:
          'SP_API_TOKEN is required when SP_API_URL is set. Set it to the API token from your SmarterProctoring account manager, or unset SP_API_URL to run on demo data.',
      });
    }
  });

const ENV_KEYS = [
  'PORT',
  'HOST',
  'SP_API_URL',
  'SP_API_TOKEN',
  'SP_API_TIMEOUT_MS',
  'SP_RENDER_BUDGET_MS',
] as const;

/** Parses the environment once; throws EnvError naming every problem. Empty values count as unset. */
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
    timeoutMs: env.SP_API_TIMEOUT_MS,
    renderBudgetMs: env.SP_RENDER_BUDGET_MS,
    upstream:
      env.SP_API_URL !== undefined && env.SP_API_TOKEN !== undefined
        ? { url: env.SP_API_URL, token: env.SP_API_TOKEN }
        : null,
  };
}
