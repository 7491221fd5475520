// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { THEME_STORAGE_KEY } from '#src/features/theme/theme-preference.ts';

/** index.html's inline script, run as the browser runs it before the first paint: classic. */
// A path, not a URL: under jsdom, URL is jsdom's own class, which resolves against its page.
const indexHtml = readFileSync(join(import.meta.dirname, '../../../index.html'), 'utf8');
const inlineScripts = [
  ...new DOMParser().parseFromString(indexHtml, 'text/html').querySelectorAll('script:not([src])'),
];
const source = inlineScripts[0]?.textContent ?? '';
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- our own page's script
const runThemeScript = new Function(source) as () => void;

const dataTheme = () => document.documentElement.getAttribute('data-theme');

afterEach(() => {
  window.localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
  vi.restoreAllMocks();
});

test.each(['light', 'dark'])('a stored %s is set as data-theme before the app runs', (theme) => {
  window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  runThemeScript();
  expect(dataTheme()).toBe(theme);
});

test.each([null, 'system', 'sepia', ''])('a stored %s leaves the theme to the system', (value) => {
  if (value !== null) window.localStorage.setItem(THEME_STORAGE_KEY, value);
  runThemeScript();
  expect(dataTheme()).toBeNull();
});

test('unusable storage throws nothing and leaves the theme to the system', () => {
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
    throw new DOMException('blocked', 'SecurityError');
  });
  expect(runThemeScript).not.toThrow();
  expect(dataTheme()).toBeNull();
});

test("it is the page's only inline script, and small: every HTML answer carries it", () => {
  expect(inlineScripts).toHaveLength(1);
  // size-limit measures whole files, not part of one: every HTML answer carries these bytes.
  expect(new TextEncoder().encode(source).length).toBeLessThan(400);
});
