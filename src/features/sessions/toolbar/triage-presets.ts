/**
 * Triage presets: named views a staff member starts from. Each is nothing but a canonical list
 * URL, so it can be bookmarked, shared and opened in a new tab like any other view.
 */
import {
  DEFAULT_LIST_SEARCH,
  resetListSearch,
  serializeListSearch,
  type SessionListSearch,
} from '#src/lib/list-search.ts';

/** What a preset decides: which sessions, in which order; what it leaves out is the default. */
type PresetView = Pick<SessionListSearch, 'statuses'> &
  Partial<Pick<SessionListSearch, 'sort' | 'includeActive'>>;

export interface TriagePreset {
  label: string;
  view: PresetView;
}

export const TRIAGE_PRESETS: readonly TriagePreset[] = [
  // Approval Denied waits on the learner, so it is not staff's action.
  {
    label: 'Needs action',
    view: { statuses: ['Needs Proctor', 'Pending Approval', 'Incident'] },
  },
  // Creation is where waits start (session-wait.ts), so the server's own order puts the longest first.
  {
    label: 'Oldest waiting',
    view: { statuses: ['Needs Proctor', 'Pending Approval'], sort: 'createdDate.asc' },
  },
  {
    label: 'Upcoming',
    view: { statuses: ['Scheduled'], sort: 'createdDate.asc' },
  },
  {
    label: 'History',
    view: { statuses: ['Closed', 'Processing'], includeActive: true },
  },
];

/**
 * The preset's view from the current one: its filters and order on page 1, with the time zone and
 * Auto-refresh already chosen, since a preset changes which sessions are shown, not how they read.
 */
export function presetSearch(preset: TriagePreset, current: SessionListSearch): SessionListSearch {
  return { ...resetListSearch(current), ...preset.view };
}

/** Whether the view shows the preset's sessions in its order, on whatever page or page size. */
export function isPresetView(preset: TriagePreset, current: SessionListSearch): boolean {
  const same = (view: SessionListSearch) =>
    serializeListSearch({ ...view, page: 1, limit: DEFAULT_LIST_SEARCH.limit });
  return same(presetSearch(preset, current)) === same(current);
}
