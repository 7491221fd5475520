/**
 * A tiny static server for the built reference page, on loopback. Like the dashboard's server it
 * sends text files brotli- or gzip-compressed by Accept-Encoding (compressed once, with the
 * settings of scripts/compress-client.js), and it forwards /api/* to the dashboard's server, so
 * the reference page fetches the same data through the same hop (plus this one, ~0.1 ms).
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface ReferenceServer {
  origin: string;
  close(): Promise<void>;
}

interface BuiltFile {
  type: string;
  plain: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

function compressed(plain: Buffer): Pick<BuiltFile, 'br' | 'gzip'> {
  const br = brotliCompressSync(plain, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  });
  const gzip = gzipSync(plain, { level: 9 });
  // A tiny file can grow when compressed; then the plain file is the better answer.
  return {
    ...(br.length < plain.length ? { br } : {}),
    ...(gzip.length < plain.length ? { gzip } : {}),
  };
}

/** Every built file, read and compressed once: URL path → file. */
function readBuild(distDir: string): Map<string, BuiltFile> {
  const files = new Map<string, BuiltFile>();
  for (const entry of readdirSync(distDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const plain = readFileSync(path);
    const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
    const text = type !== 'application/octet-stream';
    files.set(`/${relative(distDir, path).split(sep).join('/')}`, {
      type,
      plain,
      ...(text ? compressed(plain) : {}),
    });
  }
  return files;
}

/** The encoding to send: brotli, else gzip, else none, as the client accepts. */
function encode(file: BuiltFile, accepted: string): { body: Buffer; encoding?: string } {
  if (file.br && /\bbr\b/.test(accepted)) return { body: file.br, encoding: 'br' };
  if (file.gzip && /\bgzip\b/.test(accepted)) return { body: file.gzip, encoding: 'gzip' };
  return { body: file.plain };
}

export async function startReferenceServer(
  distDir: string,
  apiOrigin: string,
): Promise<ReferenceServer> {
  const files = readBuild(distDir);
  const index = files.get('/index.html');
  if (index === undefined) throw new Error(`The reference page is not built: ${distDir}`);
  const api = new URL(apiOrigin);
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    if (url.startsWith('/api/')) {
      const upstream = http.request(
        {
          host: api.hostname,
          port: api.port,
          method: request.method,
          path: url,
          headers: { ...request.headers, host: api.host },
          agent,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => {
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
      request.pipe(upstream);
      return;
    }
    const path = url.split('?')[0] ?? '/';
    // Same caching as the dashboard's server (the bench disables the cache anyway).
    const file = files.get(path) ?? index;
    const { body, encoding } = encode(file, request.headers['accept-encoding'] ?? '');
    response.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      vary: 'Accept-Encoding',
      ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
      'cache-control': path.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
