// One list for the page and the ticket text, so they never differ.
import type { KnownSessionFields } from '#src/api/contract/session-detail.ts';

type DateField = {
  [Key in keyof KnownSessionFields]: KnownSessionFields[Key] extends string | null ? Key : never;
}[keyof KnownSessionFields];

export interface DateFieldLabel {
  field: DateField;
  label: string;
}

export const SCHEDULE_DATES: readonly DateFieldLabel[] = [
  { field: 'appointmentDate', label: 'Appointment start' },
  { field: 'appointmentEndDate', label: 'Appointment end' },
  { field: 'dateScheduled', label: 'Scheduled' },
  { field: 'dateApproved', label: 'Approved' },
  { field: 'inProgressDate', label: 'In progress' },
  { field: 'recordingStartDate', label: 'Recording start' },
  { field: 'systemCheckStartDate', label: 'System check start' },
  { field: 'systemCheckEndDate', label: 'System check end' },
  { field: 'createdDate', label: 'Created' },
  { field: 'editDate', label: 'Last edited' },
];

export const REVIEW_DATES: readonly DateFieldLabel[] = [
  { field: 'reviewByDate', label: 'Review by' },
  { field: 'reviewCompletedDate', label: 'Review completed' },
];

/** By lower-case name; any other withheld name reads as "another field". */
const WITHHELD_LABELS: Readonly<Record<string, string>> = {
  accesskey: 'Access key',
  url: 'exam URL',
  onboardurl: 'onboarding link',
};

export function withheldNote(withheld: readonly string[]): string | null {
  // In a fixed order (the access key first), whatever order the names came in.
  const names = withheld.map((name) => name.toLowerCase());
  const known = Object.keys(WITHHELD_LABELS).filter((name) => names.includes(name));
  const unknown = names.some((name) => !Object.hasOwn(WITHHELD_LABELS, name));
  const labels = [
    ...new Set([
      ...known.map((name) => WITHHELD_LABELS[name] ?? ''),
      ...(unknown ? ['another field'] : []),
    ]),
  ];
  if (labels.length === 0) return null;
  const [first = '', ...rest] = labels;
  const subject = [first.charAt(0).toUpperCase() + first.slice(1), ...rest];
  const list =
    subject.length === 1
      ? subject[0]
      : `${subject.slice(0, -1).join(', ')} and ${subject.at(-1) ?? ''}`;
  return subject.length === 1
    ? `${list} is withheld: it grants access to the exam.`
    : `${list} are withheld: they grant access to the exam.`;
}
