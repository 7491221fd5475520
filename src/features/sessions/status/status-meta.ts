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
    meaning: 'No proctor or appointment yet: staff have to assign one or help the learner book.',
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
    meaning:
      'The request was denied: the learner has to choose another option, so it waits on them, not staff.',
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
