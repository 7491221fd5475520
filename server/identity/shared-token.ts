// The server's own token, however it is given: see docs/decisions/rotating-tokens.md.
import { readFile, unwatchFile, watchFile, type StatWatcher } from 'node:fs';
import { promisify } from 'node:util';
import {
  allowInsecureRequests,
  clientCredentialsGrant,
  ClientSecretBasic,
  discovery,
  WWWAuthenticateChallengeError,
  type Configuration,
} from 'openid-client';
import type { Log } from '#server/http/log.ts';
import { UpstreamError } from '#server/upstream/client.ts';

export interface SharedTokenSource {
  /** The token to send now; rejects with an UpstreamError (token_unavailable) when there is none. */
  current(): Promise<string>;
  /** The upstream refused `token` (401/403): a different token to retry with once, or null. */
  refused(token: string): Promise<string | null>;
  /** What an administrator checks when the upstream refuses the token, for its message. */
  readonly settings: string;
  close(): void;
}

export function staticToken(token: string): SharedTokenSource {
  return {
    current: () => Promise.resolve(token),
    refused: () => Promise.resolve(null),
    settings: 'SP_API_TOKEN',
    close: () => undefined,
  };
}

const readText = promisify(readFile);

export interface FileTokenOptions {
  log: Log;
  /** How often the file is looked at; a refused token has it read at once besides. */
  pollMs?: number;
}

const FILE_POLL_MS = 1_000;

/**
 * The token in a file, trimmed, read again when it changes: a Kubernetes secret swaps a symlink, a
 * vault agent rewrites the file. Polled: a watch on the file would lose a swapped symlink's target.
 * Throws at start, in plain words, when the file cannot give a token.
 */
export async function fileToken(
  path: string,
  { log, pollMs = FILE_POLL_MS }: FileTokenOptions,
): Promise<SharedTokenSource> {
  const first = await readToken(path);
  if (!first.ok) throw new Error(`SP_API_TOKEN_FILE (${path}) ${first.problem}.`);
  let token = first.token;
  let reading: Promise<void> | null = null;
  let complained = false;

  // One read at a time; a file caught mid-rewrite (empty) keeps the token read before.
  function reread(): Promise<void> {
    reading ??= readToken(path)
      .then((read) => {
        if (!read.ok) {
          if (!complained) log(`SP_API_TOKEN_FILE ${read.problem}; the token read before is kept.`);
          complained = true;
          return;
        }
        complained = false;
        if (read.token === token) return;
        token = read.token;
        log('SP_API_TOKEN_FILE changed: its new token is used from now on.');
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  }

  const onChange = () => void reread();
  const watcher: StatWatcher = watchFile(path, { interval: pollMs, persistent: false }, onChange);
  return {
    current: () => Promise.resolve(token),
    async refused(refusedToken) {
      if (refusedToken === token) await reread();
      return token === refusedToken ? null : token;
    },
    settings: 'SP_API_TOKEN_FILE',
    close() {
      unwatchFile(path, onChange);
      watcher.unref();
    },
  };
}

type TokenRead = { ok: true; token: string } | { ok: false; problem: string };

async function readToken(path: string): Promise<TokenRead> {
  try {
    const token = (await readText(path, 'utf8')).trim();
    return token === '' ? { ok: false, problem: 'is empty' } : { ok: true, token };
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    return { ok: false, problem: `could not be read (${code})` };
  }
}

export interface ClientCredentialsOptions {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** How long the issuer has to answer each request. */
  timeoutMs: number;
  log: Log;
  random?: () => number;
}

/** Renewed at 80 % of its lifetime, give or take 5 %, so instances do not renew together. */
const RENEW_AT = 0.8;
const RENEW_JITTER = 0.05;
const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 60_000;
/** When the issuer does not say how long a token lasts. */
const UNSTATED_LIFETIME_S = 300;
const EXPIRY_MARGIN_MS = 5_000;

/** Not sent in its last seconds (a tenth of its lifetime, at most 5 s): it could expire on its way. */
function sentUntil({ obtainedAt, expiresAt }: Held): number {
  return expiresAt - Math.min(EXPIRY_MARGIN_MS, (expiresAt - obtainedAt) / 10);
}

interface Held {
  token: string;
  obtainedAt: number;
  expiresAt: number;
  /** Renewed because the upstream refused the one before: not renewed again for that reason. */
  forced: boolean;
}

/**
 * A token got with the client-credentials grant and renewed before it expires, one renewal at a
 * time. While the issuer fails, the token held is used until it expires; then calls fail in plain
 * words, and the issuer is asked again with growing waits.
 */
export function clientCredentialsToken({
  issuer,
  clientId,
  clientSecret,
  timeoutMs,
  log,
  random = Math.random,
}: ClientCredentialsOptions): SharedTokenSource {
  const host = issuer.host;
  let configuration: Promise<Configuration> | null = null;
  let held: Held | null = null;
  let renewal: Promise<Held> | null = null;
  let failing: { tries: number; retryAt: number; error: UpstreamError } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  function discovered(): Promise<Configuration> {
    const found = (configuration ??= discovery(
      issuer,
      clientId,
      undefined,
      ClientSecretBasic(clientSecret),
      {
        timeout: Math.ceil(timeoutMs / 1000),
        // Plain http is allowed by parseEnv only on loopback.
        // eslint-disable-next-line @typescript-eslint/no-deprecated -- see the line above
        execute: issuer.protocol === 'http:' ? [allowInsecureRequests] : [],
      },
    ));
    // Asked again next time, so a wrong address fixed at the issuer's end needs no restart.
    found.catch(() => {
      if (configuration === found) configuration = null;
    });
    return found;
  }

  async function obtain(forced: boolean): Promise<Held> {
    const config = await discovered();
    const obtainedAt = Date.now();
    const tokens = await clientCredentialsGrant(config);
    // Less a second: a JWT's `exp` is in whole seconds, so it may come up to one second sooner.
    const seconds = Math.max(1, (tokens.expires_in ?? UNSTATED_LIFETIME_S) - 1);
    return {
      token: tokens.access_token,
      obtainedAt,
      expiresAt: obtainedAt + seconds * 1000,
      forced,
    };
  }

  function schedule(ms: number): void {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(() => {
      renew(false).catch(() => undefined);
    }, ms);
    timer.unref();
  }

  function renew(forced: boolean): Promise<Held> {
    renewal ??= obtain(forced)
      .then(
        (next) => {
          if (failing !== null) {
            log(`Got a token from ${host} again, after ${failing.tries} failed tries.`);
          } else if (held === null) {
            log(
              `Got a token from ${host} with client credentials; it is renewed before it expires.`,
            );
          }
          held = next;
          failing = null;
          const lifetime = next.expiresAt - next.obtainedAt;
          // Never sooner than a second: a token that lasts no time must not have the issuer hammered.
          const renewIn = lifetime * (RENEW_AT + (random() * 2 - 1) * RENEW_JITTER);
          schedule(Math.max(FIRST_RETRY_MS, renewIn));
          return next;
        },
        (error: unknown) => {
          const tries = (failing?.tries ?? 0) + 1;
          const waitMs = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** (tries - 1));
          const reason = reasonOf(error, timeoutMs);
          const left = held === null ? 0 : Math.ceil((sentUntil(held) - Date.now()) / 1000);
          log(
            `Could not get a token from ${host} (${reason}); ${left > 0 ? `the one held is used for ${left} s more` : 'calls to the API fail until one is got'}; trying again in ${Math.round(waitMs / 1000)} s.`,
          );
          failing = { tries, retryAt: Date.now() + waitMs, error: signInFailing(host, reason) };
          schedule(waitMs);
          throw failing.error;
        },
      )
      .finally(() => {
        renewal = null;
      });
    return renewal;
  }

  const usable = (token: Held | null): token is Held =>
    token !== null && Date.now() < sentUntil(token);

  renew(false).catch(() => undefined);

  return {
    async current() {
      if (usable(held)) return held.token;
      if (renewal === null && failing !== null && Date.now() < failing.retryAt) throw failing.error;
      return (await renew(false)).token;
    },
    async refused(token) {
      if (usable(held) && held.token !== token) return held.token;
      // A token just renewed because of a refusal is refused for another reason than its age.
      if (held?.token === token && held.forced) return null;
      const next = await renew(true).catch(() => null);
      return next === null || next.token === token ? null : next.token;
    },
    settings: 'SP_OIDC_ISSUER, SP_CLIENT_ID and SP_CLIENT_SECRET',
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}

function signInFailing(host: string, reason: string): UpstreamError {
  return new UpstreamError(
    'token_unavailable',
    502,
    `Sign-in to SmarterProctoring is failing: the dashboard could not get a token from ${host}. Ask an administrator to check SP_OIDC_ISSUER, SP_CLIENT_ID and SP_CLIENT_SECRET.`,
    { detail: `could not get a token from ${host} (${reason})` },
  );
}

/** From the error's fields only: its message could quote what the issuer sent back. */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return 'unknown error';
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const oauthError =
    error instanceof WWWAuthenticateChallengeError
      ? error.cause[0]?.parameters.error
      : 'error' in error && typeof error.error === 'string'
        ? error.error
        : undefined;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const cause =
    error.cause instanceof Error && 'code' in error.cause ? error.cause.code : undefined;
  const parts = [
    status === undefined ? undefined : `HTTP ${status}`,
    oauthError ?? code,
    typeof cause === 'string' ? cause : undefined,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? error.name : parts.join(', ');
}
