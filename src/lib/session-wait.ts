// See docs/decisions/waits-from-creation.md.
import type { SessionRow } from '#src/api/contract/session-list.ts';

/** The statuses that wait on staff, not on the learner. */
const WAITING_STATUSES: ReadonlySet<string> = new Set(['Needs Proctor', 'Pending Approval']);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface SessionWait {
  /** E.g. "3 d": whole units, rounded down, so a wait is never reported longer than it has been. */
  length: string;
  overdue: boolean;
}

/** Counted from creation: the only start of a wait that the list API gives for every session. */
export function sessionWait(
  session: Pick<SessionRow, 'status' | 'createdDate'>,
  now: number,
  overdueAfterMs: number,
): SessionWait | null {
  if (!WAITING_STATUSES.has(session.status) || session.createdDate === null) return null;
  const created = Date.parse(session.createdDate);
  if (Number.isNaN(created)) return null;
  const waited = Math.max(0, now - created);
  return { length: formatWait(waited), overdue: waited > overdueAfterMs };
}

function formatWait(ms: number): string {
  if (ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

/** "3 d": a threshold in the words the rows use. */
export function formatThreshold(ms: number): string {
  return ms % DAY === 0 ? `${ms / DAY} d` : `${Math.round(ms / HOUR)} h`;
}
