import { execFileSync } from 'node:child_process';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/chromium.ts';

/** Asks the OS for a free loopback port (the config must be synchronous, so a child does it). */
function findFreePort(): string {
  return execFileSync(process.execPath, [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });",
  ]).toString();
}

// Chosen once in the main process; workers inherit it through the environment.
process.env.E2E_PORT ??= findFreePort();
const port = Number(process.env.E2E_PORT);

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
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  // The built app on the built server (npm run test:e2e builds both first) in demo mode, with
  // real HTTP to the embedded demo upstream: what production runs.
  webServer: {
    command: 'node dist/server/index.js',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      SP_API_URL: '',
      SP_API_TOKEN: '',
      // Short enough that the demo "slow upstream" fault times out quickly in tests.
      SP_API_TIMEOUT_MS: '1500',
      // Generous on a busy 2-core machine, yet well under the slow fault's 1.5 s timeout.
      SP_RENDER_BUDGET_MS: '800',
    },
  },
});
