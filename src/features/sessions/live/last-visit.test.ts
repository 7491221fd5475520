import { expect, test } from 'vitest';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import {
  LAST_VISITS_STORAGE_KEY,
  MAX_REMEMBERED_VIEWS,
  MAX_SEEN_ROWS,
  MAX_VIEWS_WITH_SEEN_ROWS,
  rememberShownRows,
  takeLastVisit,
} from '#src/features/sessions/live/last-visit.ts';
import { storedEntry, type StoredEntry } from '#src/lib/local-storage.ts';

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

/** When the previous visit to `view` was, recording this one. */
function visitedAt(view: string, now: number, visits: StoredEntry): number | null {
  return takeLastVisit(view, now, visits)?.at ?? null;
}

function shown(sid: string, status: string, editDate = '2026-11-20T10:00:00.000Z'): SessionRow {
  return {
    sid,
    status,
    sessionType: 'live',
    appointmentDate: null,
    createdDate: '2026-11-01T00:00:00.000Z',
    editDate,
  };
}

test('a first visit has no previous one; the next visit reads the time it was recorded', () => {
  const storage = new MemoryStorage();
  expect(visitedAt('/learner-a', 1_000, entry(storage))).toBeNull();
  expect(visitedAt('/learner-a', 5_000, entry(storage))).toBe(1_000);
  expect(visitedAt('/learner-a', 9_000, entry(storage))).toBe(5_000);
  expect(visitedAt('/learner-b', 9_500, entry(storage))).toBeNull();
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
  expect(visitedAt('/learner-0', 2_000, entry(storage))).toBe(1_000);
  takeLastVisit('/learner-new', 3_000, entry(storage));

  const visits = stored(storage);
  expect(visits).toHaveLength(MAX_REMEMBERED_VIEWS);
  expect(visitedAt('/learner-1', 4_000, entry(storage))).toBeNull();
  expect(visitedAt('/learner-0', 4_000, entry(storage))).toBe(2_000);
  expect(visitedAt('/learner-new', 4_000, entry(storage))).toBe(3_000);
});

test('a corrupt store reads as no visits and is rewritten whole', () => {
  for (const corrupt of ['{', 'null', '42', '"text"', '{"view":"/learner-a","at":1}']) {
    const storage = new MemoryStorage();
    storage.setItem(LAST_VISITS_STORAGE_KEY, corrupt);
    expect(visitedAt('/learner-a', 5_000, entry(storage))).toBeNull();
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
  expect(visitedAt('/learner-b', 5_000, entry(storage))).toBeNull();
  expect(visitedAt('/learner-c', 6_000, entry(storage))).toBe(3_000);
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
  expect(visitedAt('/learner-a', 5_000, visits)).toBe(1_000);
  expect(visitedAt('/learner-a', 6_000, visits)).toBe(1_000);
});

test('blocked storage never throws: visits are remembered for this page only', () => {
  const storage = new MemoryStorage();
  storage.failReads = true;
  storage.failWrites = true;
  const visits = entry(storage);
  expect(visitedAt('/learner-a', 1_000, visits)).toBeNull();
  expect(visitedAt('/learner-a', 5_000, visits)).toBe(1_000);
  expect(storage.items.size).toBe(0);
});

test('the rows a visit showed come back on the next visit, as they were last shown', () => {
  const storage = new MemoryStorage();
  const visits = entry(storage);
  takeLastVisit('/learner-a', 1_000, visits);
  rememberShownRows('/learner-a', [shown('ES1', 'Scheduled'), shown('ES2', 'Closed')], visits);
  // A refresh, then another page: the newer state wins, and both pages are kept.
  rememberShownRows('/learner-a', [shown('ES1', 'Incident', '2026-11-21T08:00:00.000Z')], visits);
  rememberShownRows('/learner-a', [shown('ES3', 'Closed')], visits);

  const lastVisit = takeLastVisit('/learner-a', 5_000, visits);
  expect(lastVisit?.at).toBe(1_000);
  expect(lastVisit?.seen).toEqual(
    new Map([
      [
        'ES3',
        {
          status: 'Closed',
          sessionType: 'live',
          appointmentDate: null,
          editDate: '2026-11-20T10:00:00.000Z',
        },
      ],
      [
        'ES1',
        {
          status: 'Incident',
          sessionType: 'live',
          appointmentDate: null,
          editDate: '2026-11-21T08:00:00.000Z',
        },
      ],
      [
        'ES2',
        {
          status: 'Closed',
          sessionType: 'live',
          appointmentDate: null,
          editDate: '2026-11-20T10:00:00.000Z',
        },
      ],
    ]),
  );
  // This visit starts with nothing shown yet.
  expect(takeLastVisit('/learner-a', 9_000, visits)?.seen.size).toBe(0);
});

test(`rows are kept for the ${MAX_VIEWS_WITH_SEEN_ROWS} lists visited last, ${MAX_SEEN_ROWS} each, the latest shown first`, () => {
  const storage = new MemoryStorage();
  const visits = entry(storage);
  const many = Array.from({ length: MAX_SEEN_ROWS + 20 }, (_, index) =>
    shown(`ES${index}`, 'Closed'),
  );
  for (let index = 0; index <= MAX_VIEWS_WITH_SEEN_ROWS; index += 1) {
    takeLastVisit(`/learner-${index}`, 1_000 + index, visits);
    rememberShownRows(`/learner-${index}`, many, visits);
  }
  rememberShownRows(
    `/learner-${MAX_VIEWS_WITH_SEEN_ROWS}`,
    [shown('ES-latest', 'Incident')],
    visits,
  );

  expect(takeLastVisit('/learner-1', 9_000, visits)?.seen.size).toBe(MAX_SEEN_ROWS);
  expect(takeLastVisit('/learner-0', 9_000, visits)?.seen.size).toBe(0);
  const latest = takeLastVisit(`/learner-${MAX_VIEWS_WITH_SEEN_ROWS}`, 9_000, visits);
  expect(latest?.seen.size).toBe(MAX_SEEN_ROWS);
  expect([...(latest?.seen.keys() ?? [])].slice(0, 2)).toEqual(['ES-latest', 'ES0']);
});

test('damaged rows are dropped one by one; a list never visited records no rows', () => {
  const storage = new MemoryStorage();
  storage.setItem(
    LAST_VISITS_STORAGE_KEY,
    JSON.stringify([
      {
        view: '/learner-a',
        at: 1_000,
        seen: [
          ['ES1', 'Closed', null, null, null],
          ['ES2', 42, null, null, null],
          'ES3',
          ['ES4', 'Incident', 'live', '2026-11-22T09:00:00.000Z', '2026-11-20T10:00:00.000Z'],
        ],
      },
    ]),
  );
  const visits = entry(storage);
  rememberShownRows('/learner-b', [shown('ES9', 'Closed')], visits);
  expect(stored(storage)).toEqual([
    { view: '/learner-a', at: 1_000, seen: expect.any(Array) as unknown },
  ]);
  expect([...(takeLastVisit('/learner-a', 5_000, visits)?.seen.keys() ?? [])]).toEqual([
    'ES1',
    'ES4',
  ]);
});

test('a row with an overlong value is not remembered; the others are', () => {
  const visits = entry(new MemoryStorage());
  takeLastVisit('view', 1_000, visits);
  rememberShownRows('view', [shown('ES1', 'Closed'), shown('ES2', 'x'.repeat(65))], visits);

  const seen = takeLastVisit('view', 2_000, visits)?.seen;
  expect(seen?.has('ES1')).toBe(true);
  expect(seen?.has('ES2')).toBe(false);
});
