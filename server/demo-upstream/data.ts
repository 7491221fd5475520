// See docs/decisions/demo-upstream.md: sids hashed from labels, dates offset from an anchor.
import { createHash } from 'node:crypto';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import type { DemoLink } from '#src/api/contract/server-info.ts';
import type { SessionListSids, SessionRow } from '#src/api/contract/session-list.ts';
import { CANCELLED_STATUS, IN_PROGRESS_STATUS } from '#src/api/contract/session-status.ts';

export type DemoSession = SessionRow & { createdDate: string; editDate: string };

/** `prefix` is the API's two letters: AI install, US user, TS proctor type… */
export function demoSid(prefix: string, label: string): string {
  return prefix + createHash('sha256').update(label).digest('hex').slice(0, 32);
}

const NORTHFIELD = demoSid('AI', 'install:northfield-university');
const LAKESIDE = demoSid('AI', 'install:lakeside-college');
const NORTHFIELD_LEARNER = demoSid('EN', 'enrollment:northfield/learner-1');
const LAKESIDE_LEARNER = demoSid('EN', 'enrollment:lakeside/learner-9');

/** All but biology are behind the ready dashboard links. */
export const DEMO_SIDS = {
  busy: {
    installSid: NORTHFIELD,
    enrollmentSid: NORTHFIELD_LEARNER,
    examSid: demoSid('EX', 'exam:northfield/chemistry-final'),
  },
  handful: {
    installSid: NORTHFIELD,
    enrollmentSid: demoSid('EN', 'enrollment:northfield/learner-2'),
    examSid: demoSid('EX', 'exam:northfield/statistics-midterm'),
  },
  empty: {
    installSid: LAKESIDE,
    enrollmentSid: LAKESIDE_LEARNER,
    examSid: demoSid('EX', 'exam:lakeside/placement-test'),
  },
  // The Lakeside learner's second exam: one enrollment, an exam with sessions and one without.
  biology: {
    installSid: LAKESIDE,
    enrollmentSid: LAKESIDE_LEARNER,
    examSid: demoSid('EX', 'exam:lakeside/biology-quiz'),
  },
  live: {
    installSid: NORTHFIELD,
    enrollmentSid: NORTHFIELD_LEARNER,
    examSid: demoSid('EX', 'exam:northfield/physics-lab'),
  },
} satisfies Record<string, SessionListSids>;

export const DEMO_FAULT_NAMES = [
  'tokenRefused',
  'rateLimited',
  'upstreamError',
  'malformed',
  'slow',
  'notFound',
  'connectionReset',
  'hugeBody',
  'endlessStream',
  'slowTrickle',
] as const;

export type DemoFaultName = (typeof DEMO_FAULT_NAMES)[number];

/** Exam sids that, under the busy triple's install and enrollment, make the demo upstream fail. */
export const DEMO_FAULTS: Record<
  DemoFaultName,
  { examSid: string; label: string; description: string }
> = {
  tokenRefused: {
    examSid: demoSid('EX', 'fault:token-refused'),
    label: 'Token refused',
    description:
      'The upstream answers 403 AUTHENTICATIONFAILED, as it would for an expired API token.',
  },
  rateLimited: {
    examSid: demoSid('EX', 'fault:rate-limited'),
    label: 'Rate limited',
    description:
      'The upstream answers 429 with Retry-After: 5, then lets requests through once the wait is over.',
  },
  upstreamError: {
    examSid: demoSid('EX', 'fault:upstream-error'),
    label: 'Upstream error',
    description: 'The upstream answers 500 with an HTML error page.',
  },
  malformed: {
    examSid: demoSid('EX', 'fault:malformed'),
    label: 'Malformed response',
    description: 'The upstream answers 200 with a body that is not a session list.',
  },
  slow: {
    examSid: demoSid('EX', 'fault:slow'),
    label: 'Slow upstream',
    description: "The upstream answers only after the server's timeout has passed.",
  },
  notFound: {
    examSid: demoSid('EX', 'fault:not-found'),
    label: 'Not found',
    description:
      'The upstream answers 404 RESOURCENOTFOUND, as for a sid that does not exist; in demo mode that reads as sids the demo does not know.',
  },
  connectionReset: {
    examSid: demoSid('EX', 'fault:connection-reset'),
    label: 'Connection reset',
    description: 'The upstream drops the connection without answering.',
  },
  hugeBody: {
    examSid: demoSid('EX', 'fault:huge-body'),
    label: 'Huge response',
    description: 'The upstream answers with a 50 MB session list.',
  },
  endlessStream: {
    examSid: demoSid('EX', 'fault:endless-stream'),
    label: 'Endless response',
    description: 'The upstream starts a session list and never finishes it.',
  },
  slowTrickle: {
    examSid: demoSid('EX', 'fault:slow-trickle'),
    label: 'Slow trickle',
    description:
      "The upstream sends a short list a few bytes at a time, finishing only after the server's timeout.",
  },
};

export function findDemoFault(sids: SessionListSids): DemoFaultName | undefined {
  if (sids.installSid !== NORTHFIELD || sids.enrollmentSid !== NORTHFIELD_LEARNER) return undefined;
  return DEMO_FAULT_NAMES.find((name) => DEMO_FAULTS[name].examSid === sids.examSid);
}

export function faultSids(name: DemoFaultName): SessionListSids {
  return { ...DEMO_SIDS.busy, examSid: DEMO_FAULTS[name].examSid };
}

function dashboardPath(sids: SessionListSids): string {
  return buildPath(PAGE_ROUTES.sessions, sids);
}

export const demoLinks: DemoLink[] = [
  {
    kind: 'dashboard',
    label: 'Chemistry final: 163 sessions',
    description:
      'Every status over several pages, with one session in progress that shows only when active sessions are included.',
    path: dashboardPath(DEMO_SIDS.busy),
  },
  {
    kind: 'dashboard',
    label: 'Statistics midterm: 5 sessions',
    description: 'A short history: closed, cancelled, an incident, one scheduled and one waiting.',
    path: dashboardPath(DEMO_SIDS.handful),
  },
  {
    kind: 'dashboard',
    label: 'Physics lab: a learner whose sessions change while you watch',
    description:
      'One session waiting for a proctor is edited every 10 seconds: turn on Auto-refresh to see it marked.',
    path: dashboardPath(DEMO_SIDS.live),
  },
  {
    kind: 'dashboard',
    label: 'Placement test: no sessions',
    description: 'An enrollment with no sessions yet.',
    path: dashboardPath(DEMO_SIDS.empty),
  },
  ...DEMO_FAULT_NAMES.map((name): DemoLink => ({
    kind: 'fault',
    label: `Fault: ${DEMO_FAULTS[name].label}`,
    description: DEMO_FAULTS[name].description,
    path: dashboardPath(faultSids(name)),
  })),
];

type StatusCounts = Record<string, number>;

const TRIPLES: Array<{ sids: SessionListSids; counts: StatusCounts }> = [
  {
    sids: DEMO_SIDS.busy,
    counts: {
      Closed: 60,
      Scheduled: 22,
      'Needs Proctor': 14,
      'Pending Approval': 12,
      'Approval Denied': 8,
      Incident: 9,
      Processing: 10,
      [CANCELLED_STATUS]: 27,
      [IN_PROGRESS_STATUS]: 1,
    },
  },
  {
    sids: DEMO_SIDS.handful,
    counts: { Closed: 1, [CANCELLED_STATUS]: 1, Incident: 1, Scheduled: 1, 'Needs Proctor': 1 },
  },
  { sids: DEMO_SIDS.empty, counts: {} },
  {
    sids: DEMO_SIDS.biology,
    counts: {
      Closed: 5,
      Scheduled: 2,
      'Pending Approval': 2,
      'Needs Proctor': 1,
      [CANCELLED_STATUS]: 1,
      [IN_PROGRESS_STATUS]: 1,
    },
  },
  {
    sids: DEMO_SIDS.live,
    counts: { Closed: 2, Scheduled: 1, 'Needs Proctor': 2, 'Pending Approval': 1 },
  },
];

const SESSION_TYPES = ['b-virtual', 'ad-hoc', 'proctoru', 'examity', 'automated', 'live'];

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function tripleKey(sids: SessionListSids): string {
  return `${sids.installSid}/${sids.enrollmentSid}/${sids.examSid}`;
}

export function createDemoData(now: Date): Map<string, DemoSession[]> {
  return new Map(
    TRIPLES.map(({ sids, counts }) => [
      tripleKey(sids),
      generateSessions(tripleKey(sids), counts, now.getTime()),
    ]),
  );
}

export function seededRandom(label: string): () => number {
  return mulberry32(parseInt(createHash('sha256').update(label).digest('hex').slice(0, 8), 16));
}

/** Drawn first from the triple's sequence, before any date, so they do not depend on `now`. */
function shuffledStatuses(random: () => number, counts: StatusCounts): string[] {
  return Object.entries(counts)
    .flatMap(([status, count]) => Array<string>(count).fill(status))
    .map((status) => ({ status, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map(({ status }) => status);
}

function sessionSid(label: string, index: number): string {
  return demoSid('ES', `${label}/session-${index}`);
}

/** The sid of a triple's first session with this status, for any `now`. */
export function demoSessionSid(sids: SessionListSids, status: string): string {
  const label = tripleKey(sids);
  const triple = TRIPLES.find((entry) => tripleKey(entry.sids) === label);
  const index = shuffledStatuses(seededRandom(label), triple?.counts ?? {}).indexOf(status);
  if (index < 0) throw new Error(`The demo has no ${status} session for ${label}.`);
  return sessionSid(label, index);
}

export const DEMO_SESSION_SIDS = {
  incident: demoSessionSid(DEMO_SIDS.busy, 'Incident'),
  closed: demoSessionSid(DEMO_SIDS.busy, 'Closed'),
  scheduled: demoSessionSid(DEMO_SIDS.busy, 'Scheduled'),
  pendingApproval: demoSessionSid(DEMO_SIDS.busy, 'Pending Approval'),
  needsProctor: demoSessionSid(DEMO_SIDS.busy, 'Needs Proctor'),
  processing: demoSessionSid(DEMO_SIDS.busy, 'Processing'),
  cancelled: demoSessionSid(DEMO_SIDS.busy, CANCELLED_STATUS),
  inProgress: demoSessionSid(DEMO_SIDS.busy, IN_PROGRESS_STATUS),
};

/** Its editDate is the start of the current 10-second window; nothing else ever changes. */
export const LIVE_SESSION = {
  sid: demoSessionSid(DEMO_SIDS.live, 'Needs Proctor'),
  editStepMs: 10_000,
};

export function withLiveEdit<Row extends { sid?: unknown }>(row: Row, at: number): Row {
  if (row.sid !== LIVE_SESSION.sid) return row;
  const windowStart = Math.floor(at / LIVE_SESSION.editStepMs) * LIVE_SESSION.editStepMs;
  return { ...row, editDate: new Date(windowStart).toISOString() };
}

function generateSessions(label: string, counts: StatusCounts, now: number): DemoSession[] {
  const random = seededRandom(label);
  const statuses = shuffledStatuses(random, counts);

  return statuses.map((status, index) => {
    const drawn = between(random, now - 120 * DAY, now - 2 * HOUR);
    const created = WAITING.has(status) ? waitingSince(drawn, now) : drawn;
    const appointment = appointmentFor(status, created, now, random);
    const editedAfter = appointment !== null && appointment < now ? appointment : created;
    const sessionType =
      random() < 0.08 ? null : (SESSION_TYPES[Math.floor(random() * SESSION_TYPES.length)] ?? null);
    return {
      sid: sessionSid(label, index),
      status,
      sessionType,
      appointmentDate: appointment === null ? null : new Date(appointment).toISOString(),
      createdDate: new Date(created).toISOString(),
      editDate: new Date(between(random, editedAfter, now)).toISOString(),
    };
  });
}

const WAITING = new Set(['Needs Proctor', 'Pending Approval']);

/**
 * Most requests wait hours, a quarter have been forgotten for days to weeks: so "overdue" and
 * "Oldest waiting" have something to find. Remapped from the draw, so no other session changes.
 */
function waitingSince(drawn: number, now: number): number {
  const share = (drawn - (now - 120 * DAY)) / (120 * DAY - 2 * HOUR);
  const waited =
    share < 0.25
      ? 3 * DAY + (share / 0.25) * 27 * DAY
      : 10 * MINUTE + ((share - 0.25) / 0.75) * 36 * HOUR;
  return Math.floor((now - waited) / 1000) * 1000;
}

function appointmentFor(
  status: string,
  created: number,
  now: number,
  random: () => number,
): number | null {
  const future = () => between(random, now + HOUR, now + 30 * DAY);
  const past = () => between(random, created + HOUR, now - HOUR);
  switch (status) {
    case 'Needs Proctor':
      return null;
    case 'Pending Approval':
      return random() < 0.5 ? null : future();
    case 'Scheduled':
      return future();
    case IN_PROGRESS_STATUS:
      return between(random, now - 80 * MINUTE, now - 5 * MINUTE);
    case 'Approval Denied':
    case CANCELLED_STATUS:
      return random() < 0.4 ? null : random() < 0.5 ? past() : future();
    default:
      return past();
  }
}

/** A random instant rounded down to a whole second, like the upstream's `.000Z` dates. */
export function between(random: () => number, low: number, high: number): number {
  return Math.floor((low + random() * (high - low)) / 1000) * 1000;
}

/** Small seeded PRNG (public domain, Tommy Ettinger): the same seed gives the same data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
