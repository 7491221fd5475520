import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Env, Hono } from 'hono';

export interface Listening {
  port: number;
  /**
   * Stops accepting connections and closes idle keep-alive ones; requests in flight may finish
   * for up to `graceMs` (default 0), then every connection left is cut. Resolves once closed.
   */
  close(graceMs?: number): Promise<void>;
}

/** Serves a Hono app over HTTP; resolves once listening, rejects if the port cannot be bound. */
export function listen<E extends Env>(
  app: Hono<E>,
  port: number,
  hostname: string,
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let closing = false;
    // Hono's adapter answers every request itself, errors included: nothing is left to await.
    const handle = getRequestListener(app.fetch);
    const server = createServer((request, response) => void handle(request, response));
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        // A TCP listener reports an AddressInfo; the port asked for is the fallback (0 is not).
        port: typeof address === 'object' && address !== null ? address.port : port,
        close: (graceMs = 0) => {
          closing = true;
          return close(server, graceMs);
        },
      });
    });
    // A keep-alive connection whose last response finished while closing would otherwise sit
    // idle until the grace period ends: close it as soon as it goes idle.
    server.on('request', (_request, response) =>
      response.once('finish', () => {
        if (closing) setImmediate(() => server.closeIdleConnections());
      }),
    );
  });
}

function close(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Keep-alive sockets (and a request the slow demo fault is sitting on) would hold close() open:
    // idle ones go now, busy ones when their response ends or, at the latest, when the grace ends.
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
