// The demo's fixed cast and wording; detail-data.ts generates records from them.
import { IN_PROGRESS_STATUS } from '#src/api/contract/session-status.ts';
import { DAY, DEMO_SIDS, demoSid } from '#server/demo-upstream/data.ts';

export interface DemoInstall {
  installSid: string;
  name: string;
  /** IANA zone, as users carry; the settings docs do not state the format. */
  defaultTimezone: string;
  locale: string;
  currency: string;
  lmsHost: string;
}

export const DEMO_INSTALLS = {
  northfield: {
    installSid: DEMO_SIDS.busy.installSid,
    name: 'Northfield University',
    defaultTimezone: 'America/Chicago',
    locale: 'en-US',
    currency: 'USD',
    lmsHost: 'lms.northfield.edu',
  },
  lakeside: {
    installSid: DEMO_SIDS.empty.installSid,
    name: 'Lakeside College',
    defaultTimezone: 'Europe/London',
    locale: 'en-GB',
    currency: 'GBP',
    lmsHost: 'vle.lakeside.ac.uk',
  },
} satisfies Record<string, DemoInstall>;

export interface DemoUser {
  userSid: string;
  installSid: string;
  firstName: string | null;
  lastName: string | null;
  /** The name the dashboard should show: the full name, else the username. */
  name: string;
  username: string;
  email: string;
  preferredEmail: string | null;
  role: 'learner' | 'proctor' | 'instructor';
}

/** One user per enrollment, so a session's enrollmentSid alone gives its learner. */
export function demoUserSid(enrollmentSid: string): string {
  return demoSid('US', `user:${enrollmentSid}`);
}

function user(
  userSid: string,
  install: DemoInstall,
  names: { first: string | null; last: string | null; username: string; preferred?: string },
  role: DemoUser['role'],
): DemoUser {
  const domain = install.lmsHost.replace(/^[a-z]+\./, '');
  const fullName = [names.first, names.last].filter((part) => part !== null).join(' ');
  return {
    userSid,
    installSid: install.installSid,
    firstName: names.first,
    lastName: names.last,
    name: fullName !== '' ? fullName : names.username,
    username: names.username,
    email: `${names.username}@${domain}`,
    preferredEmail: names.preferred ?? null,
    role,
  };
}

/** The handful learner's profile names nobody, to show the dashboard's username fallback. */
export const DEMO_USERS = {
  busyLearner: user(
    demoUserSid(DEMO_SIDS.busy.enrollmentSid),
    DEMO_INSTALLS.northfield,
    { first: 'Maya', last: 'Okonkwo', username: 'mokonkwo', preferred: 'maya.okonkwo@gmail.com' },
    'learner',
  ),
  handfulLearner: user(
    demoUserSid(DEMO_SIDS.handful.enrollmentSid),
    DEMO_INSTALLS.northfield,
    { first: null, last: null, username: 'schen42' },
    'learner',
  ),
  lakesideLearner: user(
    demoUserSid(DEMO_SIDS.empty.enrollmentSid),
    DEMO_INSTALLS.lakeside,
    { first: 'Tom', last: 'Hargreaves', username: 'thargreaves' },
    'learner',
  ),
  northfieldProctor: user(
    demoSid('US', 'user:northfield/proctor-1'),
    DEMO_INSTALLS.northfield,
    { first: 'Jordan', last: 'Blake', username: 'jblake' },
    'proctor',
  ),
  northfieldInstructor: user(
    demoSid('US', 'user:northfield/instructor-1'),
    DEMO_INSTALLS.northfield,
    { first: 'Elena', last: 'Petrova', username: 'epetrova' },
    'instructor',
  ),
  lakesideProctor: user(
    demoSid('US', 'user:lakeside/proctor-1'),
    DEMO_INSTALLS.lakeside,
    { first: 'Aisha', last: 'Karimi', username: 'akarimi' },
    'proctor',
  ),
} satisfies Record<string, DemoUser>;

export interface DemoExam {
  install: DemoInstall;
  title: string;
  courseName: string;
  courseCode: string;
  /** Time limit in minutes (the exam configuration's `duration`). */
  minutes: number;
  instructor: DemoUser;
  proctor: DemoUser;
  lmsPath: string;
}

const NORTHFIELD_STAFF = {
  instructor: DEMO_USERS.northfieldInstructor,
  proctor: DEMO_USERS.northfieldProctor,
};
// Lakeside's proctor also teaches: a small college.
const LAKESIDE_STAFF = {
  instructor: DEMO_USERS.lakesideProctor,
  proctor: DEMO_USERS.lakesideProctor,
};

export const DEMO_EXAMS = new Map<string, DemoExam>([
  [
    DEMO_SIDS.busy.examSid,
    {
      install: DEMO_INSTALLS.northfield,
      title: 'Chemistry Final Exam',
      courseName: 'General Chemistry II',
      courseCode: 'CHEM 201',
      minutes: 120,
      lmsPath: '/courses/chem-201/quizzes/final',
      ...NORTHFIELD_STAFF,
    },
  ],
  [
    DEMO_SIDS.handful.examSid,
    {
      install: DEMO_INSTALLS.northfield,
      title: 'Statistics Midterm',
      courseName: 'Introduction to Statistics',
      courseCode: 'STAT 110',
      minutes: 75,
      lmsPath: '/courses/stat-110/quizzes/midterm',
      ...NORTHFIELD_STAFF,
    },
  ],
  [
    DEMO_SIDS.live.examSid,
    {
      install: DEMO_INSTALLS.northfield,
      title: 'Physics Lab Practical',
      courseName: 'Experimental Physics',
      courseCode: 'PHYS 150',
      minutes: 90,
      lmsPath: '/courses/phys-150/quizzes/lab-practical',
      ...NORTHFIELD_STAFF,
    },
  ],
  [
    DEMO_SIDS.empty.examSid,
    {
      install: DEMO_INSTALLS.lakeside,
      title: 'Mathematics Placement Test',
      courseName: 'Admissions Testing',
      courseCode: 'ADM 001',
      minutes: 60,
      lmsPath: '/admissions/placement/maths',
      ...LAKESIDE_STAFF,
    },
  ],
  [
    DEMO_SIDS.biology.examSid,
    {
      install: DEMO_INSTALLS.lakeside,
      title: 'Cell Biology Quiz 3',
      courseName: 'Cell Biology',
      courseCode: 'BIO 105',
      minutes: 30,
      lmsPath: '/modules/bio-105/quiz-3',
      ...LAKESIDE_STAFF,
    },
  ],
]);

/** Names from the API's resource identifier page. */
export const PROCTOR_TYPES = {
  live: { sid: demoSid('TS', 'proctor-type:live'), name: 'Live Online Proctoring' },
  automated: { sid: demoSid('TS', 'proctor-type:automated'), name: 'Automated Online Proctoring' },
  review: {
    sid: demoSid('TS', 'proctor-type:automated-with-review'),
    name: 'Automated Online Proctoring with Review',
  },
  virtual: { sid: demoSid('TS', 'proctor-type:virtual'), name: 'Virtual Test Center' },
};

export function proctorTypeFor(sessionType: string | null) {
  switch (sessionType) {
    case 'live':
      return PROCTOR_TYPES.live;
    case 'automated':
      return PROCTOR_TYPES.automated;
    case 'b-virtual':
      return PROCTOR_TYPES.virtual;
    default:
      return PROCTOR_TYPES.review;
  }
}

/** From the recording's end to reviewByDate. */
export const REVIEW_WINDOW = 3 * DAY;

export const TOOK_PLACE = new Set(['Processing', 'Incident', 'Closed', IN_PROGRESS_STATUS]);
export const APPROVED = new Set(['Scheduled', ...TOOK_PLACE]);

/** The first is documented; the others look like the UI's dropdown. */
export const CANCEL_REASONS = [
  {
    reason: 'removed-by-limited-scope',
    note: 'Cancelled automatically when the learner was unassigned from the exam.',
  },
  { reason: 'learner-request', note: 'Learner asked to cancel: timetable clash with a lab.' },
  { reason: 'technical-issue', note: null },
  { reason: 'instructor-request', note: 'Instructor reopened the exam in the LMS.' },
];
export const DENIAL_REASONS = [
  { reason: 'outside-exam-window', note: 'Requested time falls outside the exam window.' },
  {
    reason: 'missing-accommodation',
    note: 'Extended time requested without an accommodation form.',
  },
];
export const INCIDENT_NOTES = [
  "Learner's phone was visible during the room scan.",
  'A second person entered the room about 40 minutes in; flagged for the instructor.',
  "Learner left the webcam's view twice; proctor ended the session early.",
];

export const EVENT_KINDS = [
  {
    type: 'Face not detected',
    severity: 'medium',
    detector: 'face-tracker',
    description: 'No face was visible to the webcam.',
  },
  {
    type: 'Multiple people',
    severity: 'high',
    detector: 'face-tracker',
    description: 'More than one face was visible to the webcam.',
  },
  {
    type: 'Exam window unfocused',
    severity: 'medium',
    detector: 'browser-monitor',
    description: 'The learner switched away from the exam window.',
  },
  {
    type: 'Exam tab unfocused',
    severity: 'low',
    detector: 'browser-monitor',
    description: 'The exam tab lost focus.',
  },
  {
    type: 'Blocked apps running',
    severity: 'high',
    detector: 'system-monitor',
    description: 'Blocked applications were running: Discord, TeamViewer.',
  },
  {
    type: 'Voice detected',
    severity: 'low',
    detector: 'audio-monitor',
    description: 'Speech was picked up by the microphone.',
  },
  {
    type: 'Looking away',
    severity: 'low',
    detector: 'gaze-tracker',
    description: 'The learner looked away from the screen.',
  },
  {
    type: 'Phone detected',
    severity: 'high',
    detector: 'object-detector',
    description: 'A mobile phone was visible to the webcam.',
  },
];

export const ANNOTATION_KINDS = [
  {
    annotationType: 'Blocked Apps Running',
    title: 'Blocked apps during exam',
    text: 'Discord was open in the background; learner closed it when asked.',
  },
  {
    annotationType: 'Exam Tab Unfocused',
    title: 'Tab switching',
    text: 'Learner switched tabs several times in the second half.',
  },
  {
    annotationType: 'Exam Window Unfocused',
    title: 'Window left',
    text: 'Exam window lost focus for about a minute; learner said a notification popped up.',
  },
  {
    annotationType: 'Multiple People',
    title: 'Second person in room',
    text: 'Someone walked behind the learner; they left within seconds.',
  },
  {
    annotationType: 'Room Scan',
    title: 'Room scan reviewed',
    text: 'Desk clear apart from a water bottle and scratch paper.',
  },
  {
    annotationType: 'Note',
    title: 'Proctor note',
    text: 'Audio quality poor; nothing suspicious heard.',
  },
];
