/**
 * How long a session has waited for staff: sessions that need a proctor or an approval show the
 * time since their last edit ("waiting 2 d"), and past two days they are overdue.
 */
import type { SessionRow } from '#src/api/contract/session-list.ts';

/** The statuses in which a session waits on staff, so the wait is worth showing. */
const WAITING_STATUSES: ReadonlySet<SessionRow['status']> = new Set<SessionRow['status']>([
  'Needs Proctor',
  'Pending Approval',
]);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A wait longer than this is overdue. */
export const OVERDUE_AFTER_MS = 2 * DAY;

export interface SessionAging {
  /** Compact and spoken the same way: "waiting 12 min", "waiting 5 h", "waiting 2 d". */
  text: string;
  overdue: boolean;
}

/**
 * The wait of a session at `now` (epoch ms), or null when its status does not wait on staff or
 * its editDate is missing or not a date. An edit dated after `now` (clocks differ) is a wait of
 * nothing yet.
 */
export function sessionAging(
  session: Pick<SessionRow, 'status' | 'editDate'>,
  now: number,
): SessionAging | null {
  if (!WAITING_STATUSES.has(session.status) || session.editDate === null) return null;
  const edited = Date.parse(session.editDate);
  if (Number.isNaN(edited)) return null;
  const waited = Math.max(0, now - edited);
  return { text: `waiting ${formatWait(waited)}`, overdue: waited > OVERDUE_AFTER_MS };
}

/** Whole units, rounded down: a wait is never reported longer than it has been. */
function formatWait(ms: number): string {
  if (ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}
