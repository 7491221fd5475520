import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApp } from './app.ts';
import type { UpstreamClient } from './upstream.ts';

const INDEX_HTML = '<!doctype html><div id="root"></div>';
const unusedUpstream: UpstreamClient = {
  listSessions: () => Promise.reject(new Error('no upstream in static tests')),
};

let distDir: string;

beforeAll(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'sp-dist-'));
  await mkdir(join(distDir, 'assets'));
  await writeFile(join(distDir, 'index.html'), INDEX_HTML);
  await writeFile(join(distDir, 'assets', 'index-abc123.js'), 'console.log(1);');
  await writeFile(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

test('hashed assets are cached for a year', async () => {
  const app = createApp({ upstream: unusedUpstream, distDir });

  const response = await app.request('/assets/index-abc123.js');

  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await response.text()).toBe('console.log(1);');
});

test('other files get a short cache, and a missing asset is a 404, not the page', async () => {
  const app = createApp({ upstream: unusedUpstream, distDir });

  const favicon = await app.request('/favicon.svg');
  const missing = await app.request('/assets/index-old.js');

  expect(favicon.status).toBe(200);
  expect(favicon.headers.get('cache-control')).toBe('public, max-age=3600');
  expect(missing.status).toBe(404);
});

test('client routes and / get index.html, revalidated every time', async () => {
  const app = createApp({ upstream: unusedUpstream, distDir });

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
  const app = createApp({ upstream: unusedUpstream, distDir });

  const response = await app.request('/api/nope');

  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(await response.json()).toMatchObject({ code: 'route_not_found' });
});

test('a missing build answers 503 saying to run npm run build', async () => {
  const app = createApp({ upstream: unusedUpstream, distDir: join(distDir, 'not-built') });

  const response = await app.request('/installs/x');

  expect(response.status).toBe(503);
  expect(await response.text()).toContain('npm run build');
  expect((await app.request('/api/health')).status).toBe(200);
});
