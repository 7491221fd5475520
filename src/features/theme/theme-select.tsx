import { useId } from 'react';
import {
  parseThemePreference,
  THEME_LABELS,
  THEME_PREFERENCES,
  useThemePreference,
} from '#src/features/theme/theme-preference.ts';

/** "Theme": System (follow the device), Light or Dark, remembered by this browser. */
export function ThemeSelect({ className = '' }: { className?: string }) {
  const [preference, choose] = useThemePreference();
  const selectId = useId();
  return (
    <span className={`inline-flex items-center gap-2 text-sm ${className}`}>
      <label htmlFor={selectId} className="text-ink-muted">
        Theme
      </label>
      <select
        id={selectId}
        value={preference}
        onChange={(event) => choose(parseThemePreference(event.target.value))}
        className="min-h-7 rounded-md border border-line-strong bg-surface px-2 py-1 text-ink"
      >
        {THEME_PREFERENCES.map((option) => (
          <option key={option} value={option}>
            {THEME_LABELS[option]}
          </option>
        ))}
      </select>
    </span>
  );
}
