// One list for the page and the ticket text, so they never differ.
import type { KnownSessionFields } from '#src/api/contract/session-detail.ts';

type DateField = {
  [Key in keyof KnownSessionFields]: KnownSessionFields[Key] extends string | null ? Key : never;
}[keyof KnownSessionFields];

export interface DateFieldLabel {
  field: DateField;
  label: string;
}

export type TextFieldLabel = DateFieldLabel;

/** A sid also names its kind, for its copy button. */
export interface SidFieldLabel extends TextFieldLabel {
  sidKind: string;
}

export const TYPE_FIELDS: readonly TextFieldLabel[] = [
  { field: 'sessionType', label: 'Session type' },
  { field: 'schedulingModule', label: 'Scheduling module' },
  { field: 'workflowModule', label: 'Workflow module' },
];

export const RELATED_SIDS: readonly SidFieldLabel[] = [
  { field: 'sid', label: 'Session', sidKind: 'session' },
  { field: 'userSid', label: 'User', sidKind: 'user' },
  { field: 'courseSid', label: 'Course', sidKind: 'course' },
  { field: 'enrollmentSid', label: 'Enrollment', sidKind: 'enrollment' },
  { field: 'installSid', label: 'Install', sidKind: 'install' },
  { field: 'examSid', label: 'Exam', sidKind: 'exam' },
  { field: 'instructorProctorSid', label: 'Instructor proctor', sidKind: 'instructor proctor' },
  { field: 'proctorTypeSid', label: 'Proctor type', sidKind: 'proctor type' },
  { field: 'reviewByUserSid', label: 'Reviewer', sidKind: 'reviewer' },
];

export const EXTERNAL_IDS: readonly TextFieldLabel[] = [
  { field: 'externalAppointmentId', label: 'External appointment' },
  { field: 'externalReservedAppointmentId', label: 'External reserved appointment' },
];

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
