import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Serves a Hono app over HTTP; resolves once listening, rejects if the port cannot be bound. */
export function listen(app: Hono, port: number, hostname: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    // serve() creates a node:http server unless told otherwise.
    const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
      server.off('error', reject);
      resolve({ port: info.port, close: () => close(server) });
    }) as Server;
    server.once('error', reject);
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets (and a request the slow demo fault is sitting on) would hold close() open.
    server.closeAllConnections();
  });
}
