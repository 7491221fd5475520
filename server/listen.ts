import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  port: number;
  /**
   * Stops accepting connections and closes idle keep-alive ones; requests in flight may finish
   * for up to `graceMs` (default 0), then every connection left is cut. Resolves once closed.
   */
  close(graceMs?: number): Promise<void>;
}

/** Serves a Hono app over HTTP; resolves once listening, rejects if the port cannot be bound. */
export function listen(app: Hono, port: number, hostname: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let closing = false;
    // serve() creates a node:http server unless told otherwise.
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
      server.off('error', reject);
      resolve({
        port: info.port,
        close: (graceMs = 0) => {
          closing = true;
          return close(server, graceMs);
        },
      });
    }) as Server;
    server.once('error', reject);
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
