/**
 * What each session status means to staff: label, tone, icon and one line of meaning.
 * One map for the chip, the legend and the filter, so they can never disagree. Icons are drawn
 * by CSS (components/ui/icons.css), so a row's HTML carries a class, not an SVG.
 */
import {
  CANCELLED_STATUS,
  FILTERABLE_STATUSES,
  IN_PROGRESS_STATUS,
} from '#src/api/contract/session-status.ts';
import type { ChipTone } from '#src/components/ui/chip.tsx';
import type { IconName } from '#src/components/ui/icon.tsx';

export type StatusTone = Exclude<ChipTone, 'off'>;

export interface StatusMeta {
  label: string;
  tone: StatusTone;
  /** A shape of components/ui/icons.css, by lucide name. */
  icon: IconName;
  meaning: string;
}

const KNOWN_STATUSES: Record<string, StatusMeta> = {
  'Needs Proctor': {
    label: 'Needs Proctor',
    tone: 'attention',
    icon: 'user-search',
    meaning: 'No proctor or appointment yet: staff have to assign one or help the learner book.',
  },
  'Pending Approval': {
    label: 'Pending Approval',
    tone: 'waiting',
    icon: 'hourglass',
    meaning: 'Waiting for staff to approve the requested proctor or appointment.',
  },
  'Approval Denied': {
    label: 'Approval Denied',
    tone: 'danger',
    icon: 'user-round-x',
    meaning:
      'The request was denied: the learner has to choose another option, so it waits on them, not staff.',
  },
  Scheduled: {
    label: 'Scheduled',
    tone: 'scheduled',
    icon: 'calendar-check',
    meaning: 'An appointment is booked.',
  },
  Incident: {
    label: 'Incident',
    tone: 'danger',
    icon: 'shield-alert',
    meaning: 'The proctor reported an incident that staff need to review.',
  },
  Closed: {
    label: 'Closed',
    tone: 'done',
    icon: 'circle-check',
    meaning: 'The session is finished.',
  },
  Processing: {
    label: 'Processing',
    tone: 'working',
    icon: 'loader-circle',
    meaning: 'The exam is over; its recording and results are being processed.',
  },
  [CANCELLED_STATUS]: {
    label: 'Cancelled',
    tone: 'muted',
    icon: 'ban',
    meaning: 'The session was cancelled and will not take place. The list cannot filter on it.',
  },
  [IN_PROGRESS_STATUS]: {
    label: 'In Progress',
    tone: 'live',
    icon: 'circle-play',
    meaning:
      'The learner is taking the exam now. Shown only when in-progress sessions are included.',
  },
};

/** The statuses the legend explains, filterable ones first. */
export const LEGEND_STATUSES = [...FILTERABLE_STATUSES, CANCELLED_STATUS, IN_PROGRESS_STATUS];

export function statusMeta(status: string): StatusMeta {
  return (
    KNOWN_STATUSES[status] ?? {
      label: status || 'No status',
      tone: 'unknown',
      icon: 'circle-help',
      meaning: 'A status this dashboard does not know yet, shown exactly as the API sent it.',
    }
  );
}
