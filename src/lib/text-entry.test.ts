// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { isTextEntry, takesKeys } from '#src/lib/text-entry.ts';

function field(html: string): Element {
  document.body.innerHTML = html;
  const element = document.body.querySelector('[data-field]');
  if (element === null) throw new Error(`no [data-field] in ${html}`);
  return element;
}

test('text inputs, text areas and editable content take typing', () => {
  for (const html of [
    '<input data-field>',
    '<input data-field type="search">',
    '<input data-field type="number">',
    '<input data-field type="email">',
    '<textarea data-field></textarea>',
    '<div contenteditable="true"><p data-field>note</p></div>',
    '<div data-field contenteditable="">note</div>',
  ]) {
    expect(isTextEntry(field(html)), html).toBe(true);
    expect(takesKeys(field(html)), html).toBe(true);
  }
});

test('a checkbox, radio, button, slider or plain text takes no typing', () => {
  for (const html of [
    '<input data-field type="checkbox">',
    '<input data-field type="radio">',
    '<input data-field type="submit">',
    '<input data-field type="range">',
    '<button data-field>Next</button>',
    '<a data-field href="/">Session</a>',
    '<div contenteditable="false"><p data-field>fixed</p></div>',
  ]) {
    expect(isTextEntry(field(html)), html).toBe(false);
    expect(takesKeys(field(html)), html).toBe(false);
  }
  expect(isTextEntry(null)).toBe(false);
  expect(isTextEntry(window)).toBe(false);
});

test('a select takes keys (a letter picks an option) but is not text entry', () => {
  const select = field('<select data-field><option>Every 15 s</option></select>');
  expect(isTextEntry(select)).toBe(false);
  expect(takesKeys(select)).toBe(true);
  expect(takesKeys(field('<select><option data-field>Every 15 s</option></select>'))).toBe(true);
});
