import { useCallback, useSyncExternalStore } from 'react';
import { storedEntry } from '#src/lib/local-storage.ts';

/** index.html's inline script reads it before the first paint: keep the two in step. */
export const THEME_STORAGE_KEY = 'sp-theme';

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEME_PREFERENCES)[number];

export const THEME_LABELS: Record<ThemePreference, string> = {
  system: 'System',
  light: 'Light',
  dark: 'Dark',
};

export function parseThemePreference(value: unknown): ThemePreference {
  return value === 'light' || value === 'dark' ? value : 'system';
}

const stored = storedEntry(THEME_STORAGE_KEY);

export function readThemePreference(): ThemePreference {
  return parseThemePreference(stored.read());
}

export function applyThemePreference(
  preference: ThemePreference,
  root: HTMLElement = document.documentElement,
): void {
  if (preference === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', preference);
}

export function saveThemePreference(preference: ThemePreference): void {
  // No key for "system": the page then follows the system, as before any choice.
  stored.write(preference === 'system' ? null : preference);
  // After the write, whose listeners apply the stored value: a full store keeps the old one.
  applyThemePreference(preference);
}

function subscribe(listener: () => void): () => void {
  // A choice made in another tab of this browser applies here too.
  return stored.subscribe(() => {
    applyThemePreference(readThemePreference());
    listener();
  });
}

/** "system" on the server and while hydrating; the stored value follows right after. */
export function useThemePreference(): [ThemePreference, (preference: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribe, readThemePreference, () => 'system' as const);
  const choose = useCallback((next: ThemePreference) => saveThemePreference(next), []);
  return [preference, choose];
}
