import { useId } from 'react';
import { Select } from '#src/components/ui/select.tsx';
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
      <Select
        id={selectId}
        value={preference}
        onChange={(event) => choose(parseThemePreference(event.target.value))}
      >
        {THEME_PREFERENCES.map((option) => (
          <option key={option} value={option}>
            {THEME_LABELS[option]}
          </option>
        ))}
      </Select>
    </span>
  );
}
