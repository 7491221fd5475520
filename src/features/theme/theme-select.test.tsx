import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToString } from 'react-dom/server';
import { afterEach, expect, test, vi } from 'vitest';
import { THEME_STORAGE_KEY } from '#src/features/theme/theme-preference.ts';
import { ThemeSelect } from '#src/features/theme/theme-select.tsx';

afterEach(() => {
  window.localStorage.clear();
  document.documentElement.removeAttribute('data-theme');
  vi.restoreAllMocks();
});

const themeSelect = () => screen.getByRole('combobox', { name: 'Theme' });

test('follows the system by default: System chosen, no data-theme', () => {
  render(<ThemeSelect />);
  expect(themeSelect()).toHaveDisplayValue('System');
  expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
    'System',
    'Light',
    'Dark',
  ]);
  expect(document.documentElement).not.toHaveAttribute('data-theme');
});

test('choosing Dark forces the dark theme and remembers it; System forgets it again', async () => {
  const user = userEvent.setup();
  render(<ThemeSelect />);

  await user.selectOptions(themeSelect(), 'Dark');
  expect(themeSelect()).toHaveDisplayValue('Dark');
  expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
  expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');

  await user.selectOptions(themeSelect(), 'Light');
  expect(document.documentElement).toHaveAttribute('data-theme', 'light');
  expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');

  await user.selectOptions(themeSelect(), 'System');
  expect(themeSelect()).toHaveDisplayValue('System');
  expect(document.documentElement).not.toHaveAttribute('data-theme');
  expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
});

test('the server renders System; hydration matches it, then shows the stored choice', async () => {
  window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
  // The server's renderer, not Testing Library's render: what the browser receives as HTML.
  // eslint-disable-next-line testing-library/render-result-naming-convention
  const html = renderToString(<ThemeSelect />);
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  expect(within(container).getByRole('combobox', { name: 'Theme' })).toHaveDisplayValue('System');

  // A mismatch would be a console.error, which fails the test (src/testing/setup.ts).
  render(<ThemeSelect />, { container, hydrate: true });
  await waitFor(() => expect(themeSelect()).toHaveDisplayValue('Dark'));
});

test('a stored value that is not a theme reads as System', () => {
  window.localStorage.setItem(THEME_STORAGE_KEY, 'sepia');
  render(<ThemeSelect />);
  expect(themeSelect()).toHaveDisplayValue('System');
});

test('without usable storage the choice still applies to this page', async () => {
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
    throw new DOMException('blocked', 'SecurityError');
  });
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new DOMException('blocked', 'SecurityError');
  });
  const user = userEvent.setup();
  render(<ThemeSelect />);
  expect(themeSelect()).toHaveDisplayValue('System');

  await user.selectOptions(themeSelect(), 'Dark');
  expect(themeSelect()).toHaveDisplayValue('Dark');
  expect(document.documentElement).toHaveAttribute('data-theme', 'dark');
});

test('a choice made in another tab applies here too', async () => {
  render(<ThemeSelect />);
  window.localStorage.setItem(THEME_STORAGE_KEY, 'light');
  window.dispatchEvent(new StorageEvent('storage', { key: THEME_STORAGE_KEY, newValue: 'light' }));
  await waitFor(() => expect(themeSelect()).toHaveDisplayValue('Light'));
  expect(document.documentElement).toHaveAttribute('data-theme', 'light');
});
