import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--disable-quic','--no-first-run'] });
const variants = process.argv.slice(3);
for (let round = 0; round < 3; round++) for (const file of variants) {
const ctx = await b.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false }); const p = await ctx.newPage();
await p.route('**/*.css', r => r.fulfill({ contentType: 'text/css', body: readFileSync(file, 'utf8') }));
await p.goto('about:blank');
await b.startTracing(p, { path: '/tmp/trace2.json', categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await p.goto(process.argv[2], { waitUntil: 'load' }); await p.waitForTimeout(300);
await b.stopTracing();
const ev = JSON.parse(readFileSync('/tmp/trace2.json', 'utf8')).traceEvents;
const pidOf = ev.find(e => e.name === 'ParseHTML' && e.args?.beginData?.url?.includes('/sessions'))?.pid;
const ult = ev.filter(e => e.name === 'UpdateLayoutTree' && e.pid === pidOf).map(e => e.dur/1000);
console.log(file.padEnd(22), 'style max', Math.max(...ult).toFixed(1), 'sum', ult.reduce((a,x)=>a+x,0).toFixed(1));
await ctx.close();
}
await b.close();
