import { useCallback, useSyncExternalStore } from 'react';

/**
 * The viewer's theme choice, kept per browser. public/theme.js reads the same key before the
 * first paint, so the page never flashes the other theme; keep the two in step.
 */
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

// Where the choice lives when localStorage cannot be used (blocked storage, some private modes):
// it then holds for this page only.
let unsaved: ThemePreference | null = null;

export function readThemePreference(): ThemePreference {
  try {
    return parseThemePreference(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return unsaved ?? 'system';
  }
}

/** `data-theme` on <html> forces a theme; without it styles.css follows the system. */
export function applyThemePreference(
  preference: ThemePreference,
  root: HTMLElement = document.documentElement,
): void {
  if (preference === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', preference);
}

const listeners = new Set<() => void>();

export function saveThemePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    unsaved = preference;
  }
  applyThemePreference(preference);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  // A choice made in another tab of this browser applies here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY && event.key !== null) return;
    applyThemePreference(readThemePreference());
    listener();
  };
  listeners.add(listener);
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/**
 * The stored choice and a way to change it. The server cannot know the choice, so it renders
 * "system", and so does hydration; the stored value follows right after.
 */
export function useThemePreference(): [ThemePreference, (preference: ThemePreference) => void] {
  const preference = useSyncExternalStore(subscribe, readThemePreference, () => 'system' as const);
  const choose = useCallback((next: ThemePreference) => saveThemePreference(next), []);
  return [preference, choose];
}
