// See docs/decisions/live-list-signals.md.
import type { SessionRow } from '#src/api/contract/session-list.ts';

const WAITING_STATUSES: ReadonlySet<SessionRow['status']> = new Set<SessionRow['status']>([
  'Needs Proctor',
  'Pending Approval',
]);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const OVERDUE_AFTER_MS = 2 * DAY;

export interface SessionAging {
  text: string;
  overdue: boolean;
}

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
