import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Env, Hono } from 'hono';

export interface Listening {
  port: number;
  /** Requests in flight may finish for up to `graceMs` (default 0), then are cut. */
  close(graceMs?: number): Promise<void>;
}

export function listen<E extends Env>(
  app: Hono<E>,
  port: number,
  hostname: string,
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    let closing = false;
    const handle = getRequestListener(app.fetch);
    const server = createServer((request, response) => void handle(request, response));
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : port,
        close: (graceMs = 0) => {
          closing = true;
          return close(server, graceMs);
        },
      });
    });
    // While closing, a keep-alive connection goes as soon as it is idle, not when the grace ends.
    server.on('request', (_request, response) =>
      response.once('finish', () => {
        if (closing) setImmediate(() => server.closeIdleConnections());
      }),
    );
  });
}

function close(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close((error) => {
      clearTimeout(deadline);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}
