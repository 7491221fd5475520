import { expect, test } from 'vitest';
import { assignRowSlots } from '#src/features/sessions/table/row-slots.ts';

const keysOf = (slots: ReturnType<typeof assignRowSlots>) => [...slots.keys.values()];

test('the first rows get keys of their own', () => {
  expect(keysOf(assignRowSlots(['ES1', 'ES2', 'ES3'], 'page=1'))).toEqual([
    'row-0',
    'row-1',
    'row-2',
  ]);
});

test('a new page takes the rows of the last one, in order, so they update in place', () => {
  const first = assignRowSlots(['ES1', 'ES2', 'ES3'], 'page=1');
  const next = assignRowSlots(['ES4', 'ES5', 'ES6'], 'page=2', first);
  expect([...next.keys]).toEqual([
    ['ES4', 'row-0'],
    ['ES5', 'row-1'],
    ['ES6', 'row-2'],
  ]);
});

test('a session keeps its row when another view still shows it', () => {
  const before = assignRowSlots(['ES1', 'ES2', 'ES3'], 'page=1');
  const after = assignRowSlots(['ES9', 'ES1', 'ES2'], 'sort=createdDate.asc', before);
  expect([...after.keys]).toEqual([
    ['ES9', 'row-2'],
    ['ES1', 'row-0'],
    ['ES2', 'row-1'],
  ]);
});

test('a refresh of the same view gives a newcomer a new row, never the one that left', () => {
  const before = assignRowSlots(['ES1', 'ES2', 'ES3'], 'page=1');
  const after = assignRowSlots(['ES9', 'ES1', 'ES2'], 'page=1', before);
  expect([...after.keys]).toEqual([
    ['ES9', 'row-3'],
    ['ES1', 'row-0'],
    ['ES2', 'row-1'],
  ]);
});

test('a view with more rows gets new keys, never used before', () => {
  const small = assignRowSlots(['ES1', 'ES2'], 'a');
  const fewer = assignRowSlots(['ES3'], 'b', small);
  const more = assignRowSlots(['ES1', 'ES3', 'ES4', 'ES5'], 'c', fewer);
  const keys = keysOf(more);
  expect(new Set(keys).size).toBe(keys.length);
  // ES1's old row was dropped with the smaller view: it comes back on a key never used.
  expect(keys).toEqual(['row-2', 'row-0', 'row-3', 'row-4']);
});

test('asked twice for the same rows, it gives the same keys', () => {
  const first = assignRowSlots(['ES1', 'ES2'], 'a');
  const next = assignRowSlots(['ES3', 'ES1'], 'b', first);
  expect(assignRowSlots(['ES3', 'ES1'], 'b', next).keys).toEqual(next.keys);
});
