import { useOverdueAfterMs } from '#src/api/server-info-query.ts';
import { StatusChip } from '#src/features/sessions/status/status-chip.tsx';
import { LEGEND_STATUSES, statusMeta } from '#src/features/sessions/status/status-meta.ts';
import { formatThreshold } from '#src/lib/session-wait.ts';

/** What each status means, what "Needs action" holds and where a wait starts. */
export function StatusLegend() {
  return (
    <>
      <dl className="grid gap-x-4 gap-y-2 pb-1 text-left sm:grid-cols-[auto_1fr]">
        {LEGEND_STATUSES.map((status) => (
          <div key={status} className="contents">
            <dt>
              <StatusChip status={status} />
            </dt>
            <dd className="text-ink-muted">{statusMeta(status).meaning}</dd>
          </div>
        ))}
      </dl>
      <p className="pt-1 text-left text-ink-muted">
        Needs action is Needs Proctor, Pending Approval and Incident, which wait on staff. A wait
        counts from when the session was created, the only start the list gives, and is overdue
        after {formatThreshold(useOverdueAfterMs())}.
      </p>
    </>
  );
}
