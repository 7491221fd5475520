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

/** Returned but not filterable; any other string is still valid data, shown as sent. */
export const CANCELLED_STATUS = 'Cancelled';
export const IN_PROGRESS_STATUS = 'In Progress';

export function isFilterableStatus(value: string): value is FilterableStatus {
  return FILTERABLE_STATUSES.some((status) => status === value);
}
