/** The session status vocabulary: what the list can filter on, and what it may return besides. */

/** The seven statuses the list endpoint can filter on, in the order the API documents them. */
export const FILTERABLE_STATUSES = [
  'Needs Proctor',
  'Pending Approval',
  'Approval Denied',
  'Scheduled',
  'Incident',
  'Closed',
  'Processing',
] as const;

export type FilterableStatus = (typeof FILTERABLE_STATUSES)[number];

/**
 * Values the API returns but cannot filter on: other parts of its docs name cancelled sessions and
 * sessions in progress. Any other string is still valid data and is shown verbatim.
 */
export const CANCELLED_STATUS = 'Cancelled';
export const IN_PROGRESS_STATUS = 'In Progress';

export function isFilterableStatus(value: string): value is FilterableStatus {
  return FILTERABLE_STATUSES.some((status) => status === value);
}
