import { memo } from 'react';
import type { SessionRow as Session } from '#src/api/contract/session-list.ts';
import { StatusChip } from '#src/features/sessions/status/status-chip.tsx';
import type { ListSignalsModule, ShownMarks } from '#src/features/sessions/live/list-signals.tsx';
import type { RowMark } from '#src/features/sessions/live/row-marks.ts';

/** A row's one tab stop, its sid as a link to the session's detail (the row's header cell). */
export const ROW_LINK = 'tr > th > a';

/** What every row shares, made once per table render: no row calls a hook or builds an Intl. */
export interface RowContext {
  /** The detail's address; null where rows cannot open (no opener). */
  href: ((sessionSid: string) => string) | null;
  /** A date in the view's zone (UTC until hydration, as the server wrote it). */
  formatDate: (instant: Date) => string;
  /** Draws a row's wait and change mark, once the signals' code has loaded after hydration. */
  RowSignals: ListSignalsModule['RowSignals'] | null;
}

/** A row's own signals, passed one by one so that a row whose mark did not change is skipped. */
export interface RowSignalValues {
  mark: RowMark | undefined;
  now: ShownMarks['now'] | undefined;
  overdueAfterMs: ShownMarks['overdueAfterMs'] | undefined;
}

/** Memoised: a row renders again for its marks, its dates only for another zone. */
const DateText = memo(function DateText({
  value,
  empty,
  formatDate,
}: {
  value: string | null;
  empty: string;
  formatDate: RowContext['formatDate'];
}) {
  if (value === null || value === '') return <span className="text-ink-muted">{empty}</span>;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return <code>{value}</code>;
  return <time dateTime={instant.toISOString()}>{formatDate(instant)}</time>;
});

const SKELETON_BAR = 'my-1 block h-4 w-3/4 rounded bg-skeleton motion-safe:animate-pulse';

/** A row while the first page loads, shaped like one, so a card keeps its size when rows come. */
export function SessionRowSkeleton() {
  return (
    <tr aria-hidden="true">
      <th>
        <span className={SKELETON_BAR} />
      </th>
      {['', 'Type', 'Appointment', 'Created', ''].map((label, index) => (
        <td key={index} data-label={label || undefined}>
          <span className={SKELETON_BAR} />
        </td>
      ))}
    </tr>
  );
}

/**
 * One session: a table row on wide screens, a card on narrow ones (session-rows.css), so the HTML
 * holds each row once. Memoised: a refetch that changes nothing renders no row again, and the
 * query cache keeps an unchanged row the same object.
 */
export const SessionRowView = memo(function SessionRowView({
  session,
  context,
  mark,
  now,
  overdueAfterMs,
}: {
  session: Session;
  context: RowContext;
} & RowSignalValues) {
  const { href, formatDate, RowSignals } = context;
  const { sid } = session;
  return (
    <tr>
      <th scope="row">
        {href === null ? (
          <code>{sid}</code>
        ) : (
          // A real link for the keyboard, new tabs and copying; the table's one click handler
          // opens it in this tab. Not draggable, so a drag selects the sid instead.
          <a href={href(sid)} draggable={false}>
            {sid}
          </a>
        )}
      </th>
      <td>
        <StatusChip status={session.status} />
        {RowSignals && now !== undefined && overdueAfterMs !== undefined ? (
          <RowSignals session={session} mark={mark} now={now} overdueAfterMs={overdueAfterMs} />
        ) : null}
      </td>
      {/* Labelled for the cards; a cell without a label is left off them. */}
      <td data-label="Type">
        {session.sessionType ? (
          <code>{session.sessionType}</code>
        ) : (
          <span className="text-ink-muted">Not set</span>
        )}
      </td>
      <td data-label="Appointment">
        <DateText value={session.appointmentDate} empty="Not scheduled" formatDate={formatDate} />
      </td>
      <td data-label="Created">
        <DateText value={session.createdDate} empty="Unknown" formatDate={formatDate} />
      </td>
      <td>
        <DateText value={session.editDate} empty="Unknown" formatDate={formatDate} />
      </td>
    </tr>
  );
});
