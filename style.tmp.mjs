import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--disable-quic','--no-first-run'] });
for (const mode of ['css', 'nocss', 'css', 'nocss']) {
const ctx = await b.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false }); const p = await ctx.newPage();
if (mode === 'nocss') await p.route('**/*.css', r => r.abort());
await p.goto('about:blank');
await b.startTracing(p, { path: '/tmp/trace2.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await p.goto(process.argv[2], { waitUntil: 'load' }); await p.waitForTimeout(500);
await b.stopTracing();
const ev = JSON.parse(readFileSync('/tmp/trace2.json', 'utf8')).traceEvents;
const fcp = ev.find(e => e.name === 'firstContentfulPaint'); const t0 = ev.find(e => e.name === 'navigationStart' && e.pid === fcp?.pid)?.ts;
const ult = ev.filter(e => e.name === 'UpdateLayoutTree' && e.pid === fcp?.pid).map(e => (e.dur/1000).toFixed(1));
const lay = ev.filter(e => e.name === 'Layout' && e.pid === fcp?.pid).map(e => (e.dur/1000).toFixed(1));
console.log(mode, 'style', ult.join(','), 'layout', lay.join(','), 'fcp', fcp ? ((fcp.ts - t0)/1000).toFixed(0) : '-');
await ctx.close();
}
await b.close();
