import { describe, expect, it } from 'vitest';
import { assignRowSlots } from '#src/features/sessions/table/row-slots.ts';

const keysOf = (slots: ReturnType<typeof assignRowSlots>) => [...slots.keys.values()];

describe('assignRowSlots', () => {
  it('gives the first rows keys of their own', () => {
    expect(keysOf(assignRowSlots(['ES1', 'ES2', 'ES3']))).toEqual(['row-0', 'row-1', 'row-2']);
  });

  it('hands a new page the rows of the last one, in order, so they update in place', () => {
    const first = assignRowSlots(['ES1', 'ES2', 'ES3']);
    const next = assignRowSlots(['ES4', 'ES5', 'ES6'], first);
    expect([...next.keys]).toEqual([
      ['ES4', 'row-0'],
      ['ES5', 'row-1'],
      ['ES6', 'row-2'],
    ]);
  });

  it('keeps a session on its row when a refresh moves it, and gives a newcomer the row that left', () => {
    const before = assignRowSlots(['ES1', 'ES2', 'ES3']);
    const after = assignRowSlots(['ES9', 'ES1', 'ES2'], before);
    expect([...after.keys]).toEqual([
      ['ES9', 'row-2'],
      ['ES1', 'row-0'],
      ['ES2', 'row-1'],
    ]);
  });

  it('makes new keys, never used before, when the view grows', () => {
    const small = assignRowSlots(['ES1', 'ES2']);
    const fewer = assignRowSlots(['ES3'], small);
    const more = assignRowSlots(['ES1', 'ES3', 'ES4', 'ES5'], fewer);
    const keys = keysOf(more);
    expect(new Set(keys).size).toBe(keys.length);
    expect(more.keys.get('ES3')).toBe('row-0');
    // ES1's old row was dropped with the smaller view: it comes back on a key never used.
    expect(keys).toEqual(['row-2', 'row-0', 'row-3', 'row-4']);
  });

  it('gives the same answer when asked twice for the same rows', () => {
    const first = assignRowSlots(['ES1', 'ES2']);
    const next = assignRowSlots(['ES3', 'ES1'], first);
    expect(assignRowSlots(['ES3', 'ES1'], next).keys).toEqual(next.keys);
  });
});
