import { expect, test } from 'vitest';
import {
  LAST_VISITS_STORAGE_KEY,
  MAX_REMEMBERED_VIEWS,
  takeLastVisit,
} from '#src/features/sessions/live/last-visit.ts';
import { storedEntry } from '#src/lib/local-storage.ts';

/** localStorage as a Map, with switches for the ways a real one fails. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  failReads = false;
  failWrites = false;
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    if (this.failReads) throw new DOMException('The operation is insecure.', 'SecurityError');
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.failWrites)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

function entry(storage: MemoryStorage) {
  return storedEntry(LAST_VISITS_STORAGE_KEY, () => storage);
}

function stored(storage: MemoryStorage): unknown {
  return JSON.parse(storage.getItem(LAST_VISITS_STORAGE_KEY) ?? 'null');
}

test('a first visit has no previous one; the next visit reads the time it was recorded', () => {
  const storage = new MemoryStorage();
  expect(takeLastVisit('/learner-a', 1_000, entry(storage))).toBeNull();
  expect(takeLastVisit('/learner-a', 5_000, entry(storage))).toBe(1_000);
  expect(takeLastVisit('/learner-a', 9_000, entry(storage))).toBe(5_000);
  expect(takeLastVisit('/learner-b', 9_500, entry(storage))).toBeNull();
  expect(stored(storage)).toEqual([
    { view: '/learner-a', at: 9_000 },
    { view: '/learner-b', at: 9_500 },
  ]);
});

test(`at most ${MAX_REMEMBERED_VIEWS} lists are remembered: the least recently visited go first`, () => {
  const storage = new MemoryStorage();
  for (let index = 0; index < MAX_REMEMBERED_VIEWS; index += 1) {
    takeLastVisit(`/learner-${index}`, 1_000 + index, entry(storage));
  }
  // Visiting the oldest again makes it the newest, so learner-1 is now the least recent.
  expect(takeLastVisit('/learner-0', 2_000, entry(storage))).toBe(1_000);
  takeLastVisit('/learner-new', 3_000, entry(storage));

  const visits = stored(storage);
  expect(visits).toHaveLength(MAX_REMEMBERED_VIEWS);
  expect(takeLastVisit('/learner-1', 4_000, entry(storage))).toBeNull();
  expect(takeLastVisit('/learner-0', 4_000, entry(storage))).toBe(2_000);
  expect(takeLastVisit('/learner-new', 4_000, entry(storage))).toBe(3_000);
});

test('a corrupt store reads as no visits and is rewritten whole', () => {
  for (const corrupt of ['{', 'null', '42', '"text"', '{"view":"/learner-a","at":1}']) {
    const storage = new MemoryStorage();
    storage.setItem(LAST_VISITS_STORAGE_KEY, corrupt);
    expect(takeLastVisit('/learner-a', 5_000, entry(storage))).toBeNull();
    expect(stored(storage)).toEqual([{ view: '/learner-a', at: 5_000 }]);
  }
});

test('damaged entries are dropped one by one; the others keep their visits', () => {
  const storage = new MemoryStorage();
  storage.setItem(
    LAST_VISITS_STORAGE_KEY,
    JSON.stringify([
      { view: '/learner-a', at: 1_000 },
      { view: '/learner-b', at: 'yesterday' },
      null,
      { view: 7, at: 2_000 },
      { view: '/learner-c', at: 3_000 },
    ]),
  );
  expect(takeLastVisit('/learner-b', 5_000, entry(storage))).toBeNull();
  expect(takeLastVisit('/learner-c', 6_000, entry(storage))).toBe(3_000);
  expect(stored(storage)).toEqual([
    { view: '/learner-a', at: 1_000 },
    { view: '/learner-b', at: 5_000 },
    { view: '/learner-c', at: 6_000 },
  ]);
});

test('a full store never throws: its visits still give marks, this visit is not remembered', () => {
  const storage = new MemoryStorage();
  const visits = entry(storage);
  takeLastVisit('/learner-a', 1_000, visits);

  storage.failWrites = true;
  expect(takeLastVisit('/learner-a', 5_000, visits)).toBe(1_000);
  expect(takeLastVisit('/learner-a', 6_000, visits)).toBe(1_000);
});

test('blocked storage never throws: visits are remembered for this page only', () => {
  const storage = new MemoryStorage();
  storage.failReads = true;
  storage.failWrites = true;
  const visits = entry(storage);
  expect(takeLastVisit('/learner-a', 1_000, visits)).toBeNull();
  expect(takeLastVisit('/learner-a', 5_000, visits)).toBe(1_000);
  expect(storage.items.size).toBe(0);
});
