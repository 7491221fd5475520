import { execFileSync } from 'node:child_process';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/chromium.ts';
import { OIDC_SERVER, USER_SERVER_LOG } from './e2e/servers.ts';

/** Asks the OS for a free loopback port (the config must be synchronous, so a child does it). */
function findFreePort(): string {
  return execFileSync(process.execPath, [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
  ]).toString();
}

// Chosen once in the main process; workers inherit them through the environment.
process.env.E2E_PORT ??= findFreePort();
process.env.E2E_USER_PORT ??= findFreePort();
process.env.E2E_OIDC_PORT ??= findFreePort();
const port = Number(process.env.E2E_PORT);
const userPort = Number(process.env.E2E_USER_PORT);
const oidcPort = Number(process.env.E2E_OIDC_PORT);

/** What every server shares: demo mode, and a slow fault that times out quickly. */
const serverEnv = {
  HOST: '127.0.0.1',
  SP_API_URL: '',
  SP_API_TOKEN: '',
  // Short enough that the demo "slow upstream" fault times out quickly in tests.
  SP_API_TIMEOUT_MS: '1500',
  // Generous on a busy 2-core machine, yet well under the slow fault's 1.5 s timeout.
  SP_RENDER_BUDGET_MS: '800',
  // On, so every test goes through them, but far above what a test suite sends in a minute.
  SP_RATE_LIMIT_PER_MINUTE: '100000',
  SP_UPSTREAM_CALLS_PER_MINUTE: '100000',
  // Off: the demo's timeout and reset faults would open it for the tests that follow.
  SP_UPSTREAM_BREAKER_FAILURES: '0',
};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    permissions: ['clipboard-read', 'clipboard-write'],
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /(per-user|oidc)\.spec\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS },
      },
    },
    {
      // The same built server with per-user sign-in (SP_AUTH=user) on its own port.
      name: 'per-user',
      testMatch: /per-user\.spec\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: `http://127.0.0.1:${userPort}`,
        launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS },
      },
    },
    {
      // The same built server with sign-in at the demo's identity provider (SP_AUTH=oidc).
      name: 'oidc',
      testMatch: /oidc\.spec\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: `http://127.0.0.1:${oidcPort}`,
        launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS },
      },
    },
  ],
  // The built app on the built server (npm run test:e2e builds both first) in demo mode, with
  // real HTTP to the embedded demo upstream: what production runs.
  webServer: [
    {
      command: 'node dist/server/index.js',
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      // The access log (a JSON line per request) would bury the test report.
      stderr: 'ignore',
      env: { ...serverEnv, PORT: String(port) },
    },
    {
      command: `mkdir -p test-logs && exec node dist/server/index.js 2> ${USER_SERVER_LOG}`,
      url: `http://127.0.0.1:${userPort}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { ...serverEnv, PORT: String(userPort), SP_AUTH: 'user' },
    },
    {
      command: `mkdir -p test-logs && exec node dist/server/index.js 2> ${OIDC_SERVER.log}`,
      url: `http://127.0.0.1:${oidcPort}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        ...serverEnv,
        PORT: String(oidcPort),
        SP_AUTH: 'oidc',
        SP_SESSION_SECRET: OIDC_SERVER.sessionSecret,
        // The demo provider registers the dashboard with it: the test looks for it everywhere.
        SP_OIDC_CLIENT_SECRET: OIDC_SERVER.clientSecret,
      },
    },
  ],
});
