// See docs/decisions/request-guards.md.
import { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Context, Env } from 'hono';
import proxyAddr from 'proxy-addr';

/** TRUST_PROXY, parsed: how many proxies stand in front, or which peers are proxies. */
export type TrustedProxies = { hops: number } | { peers: readonly string[] };

/** Whether the address `hop` steps back from the server (0: the socket peer) is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

export const TRUST_PROXY_FORMAT =
  'false (no proxy), the number of proxies in front of the server (e.g. 1), or their addresses separated by commas (e.g. 10.0.0.5, 10.8.0.0/16, loopback)';

/** Empty entries are skipped; `text` is trimmed and not empty. */
export function parseTrustProxy(
  text: string,
): { ok: true; value: TrustedProxies | null } | { ok: false; problem: string } {
  const lowered = text.toLowerCase();
  if (lowered === 'false' || lowered === '0') return { ok: true, value: null };
  if (lowered === 'true') {
    return {
      ok: false,
      problem:
        'true would let any client choose the address it is counted by; give the number of proxies or their addresses.',
    };
  }
  if (/^\d+$/.test(lowered)) return { ok: true, value: { hops: Number(lowered) } };
  const peers = lowered
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const wrong = peers.filter((peer) => !isPeer(peer));
  if (wrong.length > 0) {
    return {
      ok: false,
      problem: `${wrong.map((peer) => `"${peer}"`).join(', ')} ${wrong.length === 1 ? 'is' : 'are'} not an address, a range such as 10.8.0.0/16, or one of ${RANGE_NAMES.join(', ')}.`,
    };
  }
  return { ok: true, value: { peers } };
}

function isPeer(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  // proxy-addr also reads shorthands such as "10.1" (10.0.0.1); only the usual forms are meant.
  if (isIP(entry.split('/')[0] ?? '') === 0) return false;
  try {
    proxyAddr.compile(entry);
    return true;
  } catch {
    return false;
  }
}

export function proxyTrust(trusted: TrustedProxies | null): ProxyTrust {
  if (trusted === null) return () => false;
  if ('hops' in trusted) {
    const { hops } = trusted;
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile([...trusted.peers]);
}

/**
 * The socket peer, or the address the trusted proxies in front of it say they forwarded for.
 * Undefined without a socket, as in requests made with app.request().
 */
export function clientAddress<E extends Env>(c: Context<E>, trust: ProxyTrust): string | undefined {
  const incoming = nodeRequest(c);
  if (incoming?.socket.remoteAddress === undefined) return undefined;
  return proxyAddr(incoming, trust);
}

function nodeRequest<E extends Env>(c: Context<E>): IncomingMessage | undefined {
  const bindings: unknown = c.env;
  if (typeof bindings !== 'object' || bindings === null || !('incoming' in bindings)) {
    return undefined;
  }
  return bindings.incoming instanceof IncomingMessage ? bindings.incoming : undefined;
}
