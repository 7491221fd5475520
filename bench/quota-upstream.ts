/**
 * The upstream side of `npm run bench:quota`: the demo upstream behind a layer that records every
 * call and can misbehave on cue (429s for a while, a late list), and an upstream that never answers.
 */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { createDemoUpstreamApp } from '#server/demo-upstream/app.ts';
import { listen } from '#server/http/listen.ts';
import { classifyUpstreamCall } from './load-staff-upstream.ts';

export interface UpstreamCall {
  /** Date.now() on arrival: a call the server gives up on still costs the quota. */
  at: number;
  /** A declared endpoint's name, `status-counts` for a count call, or `other`. */
  endpoint: string;
  /** Path and query as the server asked. */
  key: string;
  /** 0 until answered. */
  status: number;
}

/** How the upstream behaves; changed while it runs. */
export type Behaviour =
  | { kind: 'normal' }
  /** Every call answers 429 with `Retry-After: 1` for `forMs` from the first call, then normally. */
  | { kind: 'throttled'; forMs: number; since: number | null }
  /** Session-list calls (the counts' too) answer `delayMs` late; others normally. */
  | { kind: 'slow-list'; delayMs: number };

export interface CountingUpstream {
  url: string;
  calls: UpstreamCall[];
  behave(behaviour: Behaviour): void;
  /** When the throttled window began (its first call), or null. */
  throttledSince(): number | null;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startCountingUpstream(token: string): Promise<CountingUpstream> {
  const demo = createDemoUpstreamApp({ token });
  const calls: UpstreamCall[] = [];
  let behaviour: Behaviour = { kind: 'normal' };
  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const call: UpstreamCall = {
      at: Date.now(),
      endpoint: classifyUpstreamCall(url).endpoint,
      key: url.pathname + url.search,
      status: 0,
    };
    calls.push(call);
    if (behaviour.kind === 'throttled') {
      behaviour.since ??= call.at;
      if (call.at - behaviour.since < behaviour.forMs) {
        call.status = 429;
        c.header('Retry-After', '1');
        return c.json(
          { code: 'TOOMANYREQUESTS', message: 'Rate limit exceeded.', status: 429 },
          429,
        );
      }
    }
    if (behaviour.kind === 'slow-list' && isSessionList(url)) await sleep(behaviour.delayMs);
    const response = await demo.fetch(c.req.raw, c.env);
    call.status = response.status;
    return response;
  });
  const server = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${server.port}`,
    calls,
    behave: (next) => (behaviour = next),
    throttledSince: () => (behaviour.kind === 'throttled' ? behaviour.since : null),
    close: () => server.close(),
  };
}

const SESSION_LIST_PATH = new RegExp(`^${sessionListEndpoint.route.replace(/:\w+/g, '[^/]+')}$`);

function isSessionList(url: URL): boolean {
  return SESSION_LIST_PATH.test(url.pathname);
}

export interface SilentUpstream {
  url: string;
  /** Date.now() of each TCP connection accepted. */
  connections: number[];
  /** Date.now() of each HTTP request received (its request line), with its path. */
  requests: { at: number; path: string }[];
  close(): Promise<void>;
}

const REQUEST_LINE = /(?:^|\r\n)[A-Z]+ (\S+) HTTP\/1\.1\r\n/g;

/** Accepts TCP connections and never answers, nor closes them. */
export async function startSilentUpstream(): Promise<SilentUpstream> {
  const connections: number[] = [];
  const requests: SilentUpstream['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections.push(Date.now());
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) {
        requests.push({ at: Date.now(), path: (match[1] ?? '').split('?')[0] ?? '' });
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
