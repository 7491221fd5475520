/**
 * How every browser test and the bench launch Chromium. Playwright cannot download its browser
 * on our machines: Debian's Chromium is used when present (or the path in CHROMIUM_PATH), else
 * Playwright's own browser.
 */
import { existsSync } from 'node:fs';

export const chromiumPath: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Headless flags for a closed network: without the background-networking ones Chromium's own
 * connections are refused, many at a time. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
