import { formatDate } from '#src/lib/format-date.ts';
import type { RowChange, RowMark } from '#src/features/sessions/live/row-marks.ts';

export interface MarkText {
  short: string;
  /** For screen readers: every change in words, dates in full. */
  full: string;
}

const LABELS: Record<RowMark['kind'], MarkText & { edited: string }> = {
  changed: { short: 'Changed', full: 'Changed just now', edited: 'Edited just now' },
  'since-visit': {
    short: 'Since last visit',
    full: 'Updated since your last visit',
    edited: 'Edited since your last visit',
  },
};

function when(iso: string | null, timeZone: string | undefined): string {
  if (iso === null) return 'not set';
  return formatDate(iso, undefined, timeZone)?.absolute ?? iso;
}

function changeText(change: RowChange, timeZone: string | undefined): MarkText {
  const { from, to } = change;
  switch (change.field) {
    case 'status':
      return { short: `${from} → ${to}`, full: `status from ${from} to ${to}` };
    case 'type':
      return {
        short: 'type changed',
        full: `type from ${from ?? 'not set'} to ${to ?? 'not set'}`,
      };
    case 'appointment':
      if (to === null) {
        return {
          short: 'appointment cancelled',
          full: `appointment cancelled, was ${when(from, timeZone)}`,
        };
      }
      if (from === null) {
        return {
          short: 'appointment booked',
          full: `appointment booked for ${when(to, timeZone)}`,
        };
      }
      return {
        short: 'appointment moved',
        full: `appointment moved from ${when(from, timeZone)} to ${when(to, timeZone)}`,
      };
  }
}

/** Names only what the list knows changed; an edit to nothing it shows is just "edited". */
export function markText(mark: RowMark, timeZone: string | undefined): MarkText {
  const label = LABELS[mark.kind];
  if (mark.changes.length === 0) return { short: label.edited, full: label.edited };
  const parts = mark.changes.map((change) => changeText(change, timeZone));
  return {
    short: `${label.short}: ${parts.map((part) => part.short).join(', ')}`,
    full: `${label.full}: ${parts.map((part) => part.full).join('; ')}.`,
  };
}
