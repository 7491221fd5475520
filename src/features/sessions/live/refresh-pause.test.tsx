import { act, render, renderHook, screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import { isRefreshPaused, useRefreshPaused } from '#src/features/sessions/live/refresh-pause.ts';

function Fields() {
  return (
    <form>
      <input aria-label="Text" />
      <input aria-label="Search" type="search" />
      <input aria-label="Number" type="number" />
      <textarea aria-label="Note" />
      <input aria-label="Include" type="checkbox" />
      <input aria-label="Choice" type="radio" />
      <button type="button">Next</button>
      <select aria-label="Auto-refresh">
        <option>Every 15 s</option>
      </select>
      <details>
        <summary>What do the statuses mean?</summary>
      </details>
      <button type="button" aria-expanded="false">
        Filters
      </button>
    </form>
  );
}

function pausedWithFocusOn(element: HTMLElement): boolean {
  element.focus();
  return isRefreshPaused(document);
}

test('typing in a text field, a search box, a number or a text area pauses auto-refresh', () => {
  render(<Fields />);
  expect(pausedWithFocusOn(screen.getByRole('textbox', { name: 'Text' }))).toBe(true);
  expect(pausedWithFocusOn(screen.getByRole('searchbox', { name: 'Search' }))).toBe(true);
  expect(pausedWithFocusOn(screen.getByRole('spinbutton', { name: 'Number' }))).toBe(true);
  expect(pausedWithFocusOn(screen.getByRole('textbox', { name: 'Note' }))).toBe(true);
});

test('a focused checkbox, radio, button or select does not pause it: nothing is being typed', () => {
  render(<Fields />);
  expect(pausedWithFocusOn(screen.getByRole('checkbox', { name: 'Include' }))).toBe(false);
  expect(pausedWithFocusOn(screen.getByRole('radio', { name: 'Choice' }))).toBe(false);
  expect(pausedWithFocusOn(screen.getByRole('button', { name: 'Next' }))).toBe(false);
  expect(pausedWithFocusOn(screen.getByRole('combobox', { name: 'Auto-refresh' }))).toBe(false);
});

test('an open disclosure or an expanded menu button pauses it', () => {
  render(<Fields />);
  const disclosure = screen.getByRole('group');
  const menuButton = screen.getByRole('button', { name: 'Filters' });
  expect(isRefreshPaused(document)).toBe(false);

  disclosure.setAttribute('open', '');
  expect(isRefreshPaused(document)).toBe(true);
  disclosure.removeAttribute('open');
  menuButton.setAttribute('aria-expanded', 'true');
  expect(isRefreshPaused(document)).toBe(true);
});

test('the hook follows focus and menus while watching, and stays false when not', async () => {
  render(<Fields />);
  const field = screen.getByRole('textbox', { name: 'Text' });
  const { result: watching } = renderHook(() => useRefreshPaused(true));
  const { result: idle } = renderHook(() => useRefreshPaused(false));
  expect(watching.current).toBe(false);

  act(() => field.focus());
  expect(watching.current).toBe(true);
  expect(idle.current).toBe(false);

  act(() => field.blur());
  expect(watching.current).toBe(false);

  // The observer reports attribute changes in a microtask.
  await act(async () => {
    screen.getByRole('button', { name: 'Filters' }).setAttribute('aria-expanded', 'true');
    await Promise.resolve();
  });
  expect(watching.current).toBe(true);
});
