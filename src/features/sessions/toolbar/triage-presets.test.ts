import { expect, test } from 'vitest';
import {
  DEFAULT_LIST_SEARCH,
  parseListSearch,
  serializeListSearch,
  type SessionListSearch,
} from '#src/lib/list-search.ts';
import {
  isPresetView,
  presetSearch,
  TRIAGE_PRESETS,
  type TriagePreset,
} from '#src/features/sessions/toolbar/triage-presets.ts';

function preset(label: string): TriagePreset {
  const found = TRIAGE_PRESETS.find((candidate) => candidate.label === label);
  if (found === undefined) throw new Error(`No preset "${label}"`);
  return found;
}

const IN_UTC: SessionListSearch = { ...DEFAULT_LIST_SEARCH, timeZone: 'utc' };

test.each(TRIAGE_PRESETS)('"$label" is a canonical URL: parsing it gives it back whole', (each) => {
  for (const current of [DEFAULT_LIST_SEARCH, IN_UTC]) {
    const view = presetSearch(each, current);
    const query = serializeListSearch(view);
    const parsed = parseListSearch(new URLSearchParams(query));

    expect(parsed.ignored).toEqual([]);
    expect(parsed.search).toEqual(view);
    expect(serializeListSearch(parsed.search)).toBe(query);
  }
});

test('each preset is the view the issue names, on page 1, in the zone already chosen', () => {
  const on = { ...IN_UTC, page: 4, limit: 50 } satisfies SessionListSearch;
  expect(serializeListSearch(presetSearch(preset('Needs action'), on))).toBe(
    'status=needs-proctor&status=pending-approval&status=incident&tz=utc',
  );
  expect(serializeListSearch(presetSearch(preset('Oldest waiting'), on))).toBe(
    'status=needs-proctor&status=pending-approval&sort=createdDate.asc&tz=utc',
  );
  expect(serializeListSearch(presetSearch(preset('Upcoming'), on))).toBe(
    'status=scheduled&sort=createdDate.asc&tz=utc',
  );
  expect(serializeListSearch(presetSearch(preset('History'), on))).toBe(
    'status=closed&status=processing&includeActive=true&tz=utc',
  );
});

test('a view is a preset’s when it shows the same sessions in the same order, on any page', () => {
  const upcoming = preset('Upcoming');
  const shown = presetSearch(upcoming, IN_UTC);

  expect(isPresetView(upcoming, { ...shown, page: 3, limit: 100 })).toBe(true);
  expect(isPresetView(upcoming, { ...shown, sort: 'createdDate.desc' })).toBe(false);
  expect(isPresetView(upcoming, { ...shown, includeActive: true })).toBe(false);
  expect(isPresetView(preset('Needs action'), shown)).toBe(false);
  expect(TRIAGE_PRESETS.some((each) => isPresetView(each, DEFAULT_LIST_SEARCH))).toBe(false);
});

test('a preset keeps Auto-refresh, and is still the current view while it refreshes', () => {
  const refreshing = { ...IN_UTC, refresh: 30 } satisfies SessionListSearch;
  const needsAction = preset('Needs action');
  const shown = presetSearch(needsAction, refreshing);
  expect(serializeListSearch(shown)).toBe(
    'status=needs-proctor&status=pending-approval&status=incident&tz=utc&refresh=30',
  );
  expect(isPresetView(needsAction, shown)).toBe(true);
});
