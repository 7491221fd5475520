import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from '#server/app.ts';
import { stubUpstream } from '#server/testing/stub-upstream.ts';
import type { Access } from '#server/auth/access.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const INDEX_HTML = '<!doctype html><div id="root"></div>';
const ASSET_JS = 'console.log(1);';
// What scripts/compress-client.js writes next to each text file at build time.
const ASSET_BR = brotliCompressSync(ASSET_JS);
const ASSET_GZ = gzipSync(ASSET_JS, { level: 9 });
const INDEX_BR = brotliCompressSync(INDEX_HTML);
const SHARED: Access = { mode: 'shared', tokens: staticToken('unused') };
const unusedUpstream = stubUpstream();

let distDir: string;

beforeAll(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'sp-dist-'));
  await mkdir(join(distDir, 'assets'));
  await writeFile(join(distDir, 'index.html'), INDEX_HTML);
  await writeFile(join(distDir, 'assets', 'index-abc123.js'), ASSET_JS);
  await writeFile(join(distDir, 'assets', 'index-abc123.js.br'), ASSET_BR);
  await writeFile(join(distDir, 'assets', 'index-abc123.js.gz'), ASSET_GZ);
  await writeFile(join(distDir, 'index.html.br'), INDEX_BR);
  await writeFile(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

test('hashed assets are cached for a year', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  const response = await app.request('/assets/index-abc123.js');

  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await response.text()).toBe('console.log(1);');
});

test('other files get a short cache, and a missing asset is a 404, not the page', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  const favicon = await app.request('/favicon.svg');
  const missing = await app.request('/assets/index-old.js');

  expect(favicon.status).toBe(200);
  expect(favicon.headers.get('cache-control')).toBe('public, max-age=3600');
  expect(missing.status).toBe(404);
});

test('client routes and / get index.html, revalidated every time', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  for (const path of [
    '/',
    '/index.html',
    '/installs/AI1/enrollments/EN1/exams/EX1/sessions?page=2',
  ]) {
    const response = await app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX_HTML);
  }
});

test('unknown /api paths get JSON 404, never index.html', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  const response = await app.request('/api/nope');

  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(await response.json()).toMatchObject({ code: 'route_not_found' });
});

test('a missing build answers 503 saying to run npm run build', async () => {
  const app = createApp({
    upstream: unusedUpstream,
    access: SHARED,
    distDir: join(distDir, 'not-built'),
  });

  const response = await app.request('/installs/x');

  expect(response.status).toBe(503);
  expect(await response.text()).toContain('npm run build');
  expect((await app.request('/api/server-info')).status).toBe(200);
});

test('a hashed asset asked for with br is the precompressed .br file, typed as the original', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  const response = await app.request('/assets/index-abc123.js', {
    headers: { 'Accept-Encoding': 'gzip, deflate, br' },
  });

  expect(response.status).toBe(200);
  expect(response.headers.get('content-encoding')).toBe('br');
  expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(Buffer.from(await response.arrayBuffer())).toEqual(ASSET_BR);
});

test('a hashed asset asked for with gzip only is the precompressed .gz file', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  const response = await app.request('/assets/index-abc123.js', {
    headers: { 'Accept-Encoding': 'gzip' },
  });

  expect(response.status).toBe(200);
  expect(response.headers.get('content-encoding')).toBe('gzip');
  expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
  expect(Buffer.from(await response.arrayBuffer())).toEqual(ASSET_GZ);
});

test('without Accept-Encoding the plain file is sent, still marked as varying by it', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  const response = await app.request('/assets/index-abc123.js');

  expect(response.headers.get('content-encoding')).toBeNull();
  expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
  expect(await response.text()).toBe(ASSET_JS);
});

test('index.html for a client route comes precompressed, still uncached', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });

  const response = await app.request('/installs/AI1/enrollments/EN1/exams/EX1/sessions', {
    headers: { 'Accept-Encoding': 'br' },
  });

  expect(response.status).toBe(200);
  expect(response.headers.get('content-encoding')).toBe('br');
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
  expect(response.headers.get('cache-control')).toBe('no-cache');
  expect(Buffer.from(await response.arrayBuffer())).toEqual(INDEX_BR);
});

test('index.html has an ETag, and If-None-Match with it answers 304 without a body', async () => {
  const app = createApp({ upstream: unusedUpstream, access: SHARED, distDir });
  const path = '/installs/AI1/enrollments/EN1/exams/EX1/sessions';

  const first = await app.request(path);
  const tag = first.headers.get('etag');
  const again = await app.request(path, { headers: { 'If-None-Match': tag ?? '' } });

  expect(tag).toMatch(/^"[0-9a-f]+"$/);
  expect(again.status).toBe(304);
  expect(again.headers.get('etag')).toBe(tag);
  expect(again.headers.get('cache-control')).toBe('no-cache');
  expect(await again.text()).toBe('');
});

test('API JSON is gzipped when the client accepts it, and carries an ETag', async () => {
  const demoLinks = Array.from({ length: 20 }, (_, index) => ({
    kind: 'dashboard' as const,
    label: `Demo learner ${index}`,
    description: 'A learner with several proctored exam sessions in different statuses.',
    path: `/installs/AI${index}/enrollments/EN${index}/exams/EX${index}/sessions`,
  }));
  const app = createApp({ upstream: unusedUpstream, access: SHARED, demoLinks });

  const response = await app.request('/api/server-info', {
    headers: { 'Accept-Encoding': 'gzip, deflate, br' },
  });
  const again = await app.request('/api/server-info', {
    headers: {
      'Accept-Encoding': 'gzip, deflate, br',
      'If-None-Match': response.headers.get('etag') ?? '',
    },
  });

  expect(response.status).toBe(200);
  expect(response.headers.get('content-encoding')).toBe('gzip');
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]+"$/);
  expect(
    JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString('utf8')),
  ).toEqual({
    mode: 'demo',
    demoLinks,
    access: { mode: 'shared' },
    waitPolicy: { overdueAfterHours: 48, byInstall: {} },
  });
  expect(again.status).toBe(304);
});
