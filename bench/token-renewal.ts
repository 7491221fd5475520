/**
 * `npm run bench:tokens`: the "Done when" of issue 22 (tokens that rotate). The built server
 * (dist/) gets its shared token by client credentials from the embedded identity provider, whose
 * tokens last 60 s, and reads the demo upstream, which accepts only that provider's live tokens.
 * A session list is asked every second; every call reaches the upstream (SP_CACHE_TTL_MS=0).
 *
 * Prints the renewals the provider saw and how far apart, the upstream's 401/403s and the failed
 * requests. Exits 1 when a request failed, the upstream refused a token, renewals were not about
 * once a minute, or a token reached the server's log.
 *
 * BENCH_TOKENS_MINUTES (default 5) sets how long it asks; BENCH_TOKENS_LIFETIME_S (default 60)
 * the tokens' lifetime.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { createDemoUpstreamApp } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { issuerTokenVerifier } from '#server/demo-upstream/user-tokens.ts';
import { listen } from '#server/http/listen.ts';
import { startDemoProvider } from '#server/identity/demo-provider.ts';
import { ensureBuilt, startServer } from './quota-server.ts';

const say = (line: string) => console.error(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function positiveNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    say(`${name} must be a number above 0 (got "${text}").`);
    process.exit(1);
  }
  return value;
}

const MINUTES = positiveNumber('BENCH_TOKENS_MINUTES', 5);
const LIFETIME_S = positiveNumber('BENCH_TOKENS_LIFETIME_S', 60);
const ASK_EVERY_MS = 1_000;
const LIST_PATH = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);

interface UpstreamCall {
  token: string | undefined;
  status: number;
}

await ensureBuilt(say);
const logDir = mkdtempSync(join(os.tmpdir(), 'sp-bench-tokens-'));
const provider = await startDemoProvider({ accessTokenSeconds: LIFETIME_S });
const demo = createDemoUpstreamApp({
  token: randomUUID(),
  verifyAccessToken: issuerTokenVerifier(provider),
});
const calls: UpstreamCall[] = [];
const upstream = await listen(
  new Hono().all('*', async (c) => {
    const response = await demo.fetch(c.req.raw, c.env);
    calls.push({ token: c.req.header('token'), status: response.status });
    return response;
  }),
  0,
  '127.0.0.1',
);
const { clientId, clientSecret } = provider.clients.service;
const server = await startServer(
  { url: `http://127.0.0.1:${upstream.port}`, token: '' },
  {
    // Empty counts as unset: the token comes from the issuer instead.
    SP_API_TOKEN: '',
    SP_OIDC_ISSUER: provider.issuer,
    SP_CLIENT_ID: clientId,
    SP_CLIENT_SECRET: clientSecret,
    SP_CACHE_TTL_MS: '0',
  },
  join(logDir, 'server.log'),
);

say(
  `Asking ${server.origin}${LIST_PATH.split('?')[0] ?? ''} every second for ${MINUTES} min; tokens last ${LIFETIME_S} s.`,
);
const started = Date.now();
const issuedAt: number[] = [];
let issuedSeen = 0;
const failures: string[] = [];
let requests = 0;
while (Date.now() - started < MINUTES * 60_000) {
  const tick = Date.now();
  requests += 1;
  const status = await fetch(`${server.origin}${LIST_PATH}`).then(
    async (response) => {
      await response.arrayBuffer();
      return String(response.status);
    },
    (error: unknown) => `no answer (${String(error)})`,
  );
  if (status !== '200') failures.push(`${Math.round((tick - started) / 1000)} s: ${status}`);
  const issued = provider.issued().client_credentials ?? 0;
  for (; issuedSeen < issued; issuedSeen += 1) issuedAt.push(Date.now());
  if (requests % 60 === 0) {
    say(`  ${requests / 60} min: ${issued} tokens issued, ${failures.length} failed requests`);
  }
  await sleep(ASK_EVERY_MS - (Date.now() - tick));
}
await server.stop();
await upstream.close();
await provider.close();

const renewals = issuedAt.length - 1;
const gaps = issuedAt.slice(1).map((at, i) => (at - (issuedAt[i] ?? at)) / 1000);
const refusals = calls.filter((call) => call.status === 401 || call.status === 403);
const tokens = new Set(calls.flatMap((call) => (call.token === undefined ? [] : [call.token])));
const logLines = server.log();
const leaked = logLines.filter((line) =>
  [...tokens, clientSecret].some((secret) => line.includes(secret)),
);
// Renewed at 80 % (± 5 %) of the lifetime less a second: about every 47 s for 60 s tokens.
const gapsOk = gaps.every((gap) => gap >= LIFETIME_S * 0.7 && gap <= LIFETIME_S);
const expectedRenewals = Math.floor((MINUTES * 60) / ((LIFETIME_S - 1) * 0.8));

const rows: Array<[string, string, boolean]> = [
  ['failed requests', `${failures.length} of ${requests}`, failures.length === 0],
  ['upstream 401/403', `${refusals.length} of ${calls.length} calls`, refusals.length === 0],
  [
    'renewals seen by the provider',
    `${renewals} (expected about ${expectedRenewals}); tokens sent upstream: ${tokens.size}`,
    renewals >= expectedRenewals - 1 && renewals <= expectedRenewals + 1,
  ],
  [
    'seconds between renewals',
    gaps.length === 0 ? 'none' : gaps.map((gap) => gap.toFixed(1)).join(', '),
    gapsOk,
  ],
  ['server log lines with a token or the secret', String(leaked.length), leaked.length === 0],
];
const width = Math.max(...rows.map(([figure]) => figure.length));
console.log(`\nnpm run bench:tokens (BENCH_TOKENS_MINUTES=${MINUTES}, tokens of ${LIFETIME_S} s)`);
for (const [figure, measured, pass] of rows) {
  console.log(`${figure.padEnd(width)}  ${measured}  ${pass ? 'pass' : 'MISSED'}`);
}
for (const failure of failures.slice(0, 10)) console.log(`  failed at ${failure}`);
const tokenLines = logLines.filter((line) => /token/i.test(line) && !line.includes('"request"'));
if (tokenLines.length > 0) console.log(`\nThe server's token lines:\n${tokenLines.join('\n')}`);
rmSync(logDir, { recursive: true, force: true });
process.exit(rows.every(([, , pass]) => pass) ? 0 : 1);
