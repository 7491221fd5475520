/**
 * `npm run bench:floor`: what the list page's HTML and stylesheet cost Chromium to paint, with no
 * server work and no script. Takes the busy list page as the built dashboard (dist/, `npm run
 * build` first) renders it, strips its scripts, and serves four variants from a bare node:http
 * server, each from memory at once: a one-cell page, the page without its stylesheet, with it
 * linked and with it inline. Prints median HTML end and first contentful paint of cold loads.
 *
 * The floor under the bench's "first row" and "FCP − HTML end" on loopback: no server or client
 * change can paint this HTML sooner than its static copy does (see README, Latest bench).
 * Environment: CHROMIUM_PATH, BENCH_ROUNDS (cold loads per variant, default 9).
 */
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/chromium.ts';
import { startAppServer } from './server-metrics.ts';

const SERVER_FILE = fileURLToPath(new URL('../dist/server/index.js', import.meta.url));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? '9') || 9);
const STYLESHEET = /<link rel="stylesheet"[^>]*href="([^"]+)"[^>]*>/;

if (!existsSync(SERVER_FILE)) throw new Error('dist/ is missing: run `npm run build` first.');

const app = await startAppServer(SERVER_FILE, null);
let page: string;
let css: string;
try {
  const listUrl = app.readyLinks[0]?.url;
  if (listUrl === undefined) throw new Error('The dashboard printed no Ready link.');
  page = await (await fetch(listUrl)).text();
  const href = STYLESHEET.exec(page)?.[1];
  if (href === undefined) throw new Error('The list page links no stylesheet.');
  css = await (await fetch(new URL(href, app.origin))).text();
} finally {
  await app.stop();
}

// No script: the page as it stands before any code runs.
const bare = page
  .replace(/<link rel="modulepreload"[^>]*>/g, '')
  .replace(/<script>(?:(?!<\/script>)[\s\S])*import\((?:(?!<\/script>)[\s\S])*<\/script>/g, '');
const variants: Record<string, string> = {
  'one table cell': '<!doctype html><title>t</title><table><tr><td>one cell</td></tr></table>',
  'the page, no stylesheet': bare.replace(STYLESHEET, ''),
  'the page, stylesheet linked': bare.replace(STYLESHEET, '<link rel="stylesheet" href="/s.css">'),
  'the page, stylesheet inline': bare.replace(STYLESHEET, () => `<style>${css}</style>`),
};
const paths = Object.keys(variants).map((_, index) => `/${index}`);

const server = createServer((request, response) => {
  if (request.url === '/s.css') {
    response.writeHead(200, { 'content-type': 'text/css' }).end(css);
    return;
  }
  const html = Object.values(variants)[paths.indexOf(request.url ?? '')];
  if (html === undefined) response.writeHead(404).end();
  else response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;

const browser = await chromium.launch({
  executablePath: chromiumPath ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const results: Record<string, { htmlEnd: number[]; fcp: number[] }> = {};
for (const name of Object.keys(variants)) results[name] = { htmlEnd: [], fcp: [] };
try {
  // Interleaved, one warm-up round first, as the bench loads its two pages.
  for (let round = 0; round <= ROUNDS; round += 1) {
    for (const [index, name] of Object.keys(variants).entries()) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const tab = await context.newPage();
      await tab.goto(`${origin}${paths[index]}`, { waitUntil: 'load' });
      const timing = await tab.evaluate(
        () =>
          new Promise<{ htmlEnd: number; fcp: number }>((resolve) => {
            new PerformanceObserver((list, observer) => {
              const fcp = list.getEntriesByName('first-contentful-paint')[0];
              if (fcp === undefined) return;
              observer.disconnect();
              const [navigation] = performance.getEntriesByType('navigation');
              const htmlEnd =
                navigation instanceof PerformanceNavigationTiming ? navigation.responseEnd : NaN;
              resolve({ htmlEnd, fcp: fcp.startTime });
            }).observe({ type: 'paint', buffered: true });
          }),
      );
      await context.close();
      if (round > 0) {
        results[name]?.htmlEnd.push(timing.htmlEnd);
        results[name]?.fcp.push(timing.fcp);
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`Static copies of the list page, median of ${ROUNDS} cold loads each:`);
for (const [name, { htmlEnd, fcp }] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(30)} HTML end ${median(htmlEnd).toFixed(0).padStart(4)} ms   FCP ${median(fcp).toFixed(0).padStart(4)} ms`,
  );
}
