/**
 * What each session status means to staff: label, tone, icon and one line of meaning.
 * One map for the chip, the legend and the filter, so they can never disagree.
 */
import {
  Ban,
  CalendarCheck,
  CircleCheck,
  CircleHelp,
  CirclePlay,
  Hourglass,
  LoaderCircle,
  ShieldAlert,
  UserRoundX,
  UserSearch,
  type LucideIcon,
} from 'lucide-react';
import {
  CANCELLED_STATUS,
  FILTERABLE_STATUSES,
  IN_PROGRESS_STATUS,
} from '#src/api/contract/session-status.ts';

export type StatusTone =
  | 'attention'
  | 'waiting'
  | 'danger'
  | 'scheduled'
  | 'live'
  | 'done'
  | 'working'
  | 'muted'
  | 'unknown';

export interface StatusMeta {
  label: string;
  tone: StatusTone;
  icon: LucideIcon;
  meaning: string;
}

const KNOWN_STATUSES: Record<string, StatusMeta> = {
  'Needs Proctor': {
    label: 'Needs Proctor',
    tone: 'attention',
    icon: UserSearch,
    meaning: 'No proctor or appointment yet: the learner still has to schedule.',
  },
  'Pending Approval': {
    label: 'Pending Approval',
    tone: 'waiting',
    icon: Hourglass,
    meaning: 'Waiting for staff to approve the requested proctor or appointment.',
  },
  'Approval Denied': {
    label: 'Approval Denied',
    tone: 'danger',
    icon: UserRoundX,
    meaning: 'The request was denied: the learner has to choose another option.',
  },
  Scheduled: {
    label: 'Scheduled',
    tone: 'scheduled',
    icon: CalendarCheck,
    meaning: 'An appointment is booked.',
  },
  Incident: {
    label: 'Incident',
    tone: 'danger',
    icon: ShieldAlert,
    meaning: 'The proctor reported an incident that staff need to review.',
  },
  Closed: {
    label: 'Closed',
    tone: 'done',
    icon: CircleCheck,
    meaning: 'The session is finished.',
  },
  Processing: {
    label: 'Processing',
    tone: 'working',
    icon: LoaderCircle,
    meaning: 'The exam is over; its recording and results are being processed.',
  },
  [CANCELLED_STATUS]: {
    label: 'Cancelled',
    tone: 'muted',
    icon: Ban,
    meaning: 'The session was cancelled and will not take place. The list cannot filter on it.',
  },
  [IN_PROGRESS_STATUS]: {
    label: 'In Progress',
    tone: 'live',
    icon: CirclePlay,
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
      icon: CircleHelp,
      meaning: 'A status this dashboard does not know yet, shown exactly as the API sent it.',
    }
  );
}

/**
 * Text, background and edge for each tone, from the chip tokens in styles.css (both themes, text
 * at 4.5:1 or more on its background, edges at 3:1 on the rows); the icon and label carry the
 * meaning too. An unknown status gets a dashed edge (an outline, since a ring
 * cannot be dashed) so it never passes for a known one.
 */
export const TONE_CLASSES: Record<StatusTone, string> = {
  attention:
    'bg-chip-attention-bg text-chip-attention-ink ring-1 ring-chip-attention-line ring-inset',
  waiting: 'bg-chip-waiting-bg text-chip-waiting-ink ring-1 ring-chip-waiting-line ring-inset',
  danger: 'bg-chip-danger-bg text-chip-danger-ink ring-1 ring-chip-danger-line ring-inset',
  scheduled:
    'bg-chip-scheduled-bg text-chip-scheduled-ink ring-1 ring-chip-scheduled-line ring-inset',
  live: 'bg-chip-live-bg text-chip-live-ink ring-1 ring-chip-live-line ring-inset',
  done: 'bg-chip-done-bg text-chip-done-ink ring-1 ring-chip-done-line ring-inset',
  working: 'bg-chip-working-bg text-chip-working-ink ring-1 ring-chip-working-line ring-inset',
  muted: 'bg-chip-muted-bg text-chip-muted-ink ring-1 ring-chip-muted-line ring-inset',
  unknown:
    'bg-chip-unknown-bg text-chip-unknown-ink outline-1 -outline-offset-1 outline-chip-unknown-line outline-dashed',
};
