// Seeded generators of the demo's detail records: see docs/decisions/demo-upstream.md.
import type { JsonRecord } from '#src/api/contract/json-fields.ts';
import type { SessionDetailSids } from '#src/api/contract/session-detail.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { CANCELLED_STATUS, IN_PROGRESS_STATUS } from '#src/api/contract/session-status.ts';
import {
  between,
  createDemoData,
  DAY,
  DEMO_FAULTS,
  DEMO_SIDS,
  demoSid,
  HOUR,
  MINUTE,
  seededRandom,
  tripleKey,
  type DemoSession,
} from '#server/demo-upstream/data.ts';
import {
  ANNOTATION_KINDS,
  APPROVED,
  CANCEL_REASONS,
  DEMO_EXAMS,
  DEMO_INSTALLS,
  DEMO_USERS,
  demoUserSid,
  DENIAL_REASONS,
  EVENT_KINDS,
  INCIDENT_NOTES,
  proctorTypeFor,
  PROCTOR_TYPES,
  REVIEW_WINDOW,
  TOOK_PLACE,
  type DemoExam,
  type DemoInstall,
  type DemoUser,
} from '#server/demo-upstream/detail-fixtures.ts';

export interface DemoSessionRecord {
  sids: SessionListSids;
  row: DemoSession;
  /** With accessKey and URL, which the server must withhold. */
  detail: JsonRecord;
  /** Empty unless the session is an Incident or Closed. */
  events: DemoRecord[];
  annotations: DemoRecord[];
}

/** Undocumented fields, but always a sid and a creation date. */
export type DemoRecord = JsonRecord & { sid: string; createdDate: string };

export interface DemoWorld {
  sessionsByTriple: Map<string, DemoSession[]>;
  sessionsBySid: Map<string, DemoSessionRecord>;
  profiles: Map<string, { installSid: string; profile: JsonRecord }>;
  settings: Map<string, JsonRecord>;
}

export function createDemoWorld(now: Date): DemoWorld {
  const at = now.getTime();
  const sessionsByTriple = createDemoData(now);
  const sessionsBySid = new Map<string, DemoSessionRecord>();
  for (const sids of Object.values(DEMO_SIDS)) {
    for (const row of sessionsByTriple.get(tripleKey(sids)) ?? []) {
      sessionsBySid.set(row.sid, sessionRecord(sids, row, at));
    }
  }
  const profiles = new Map(
    Object.values(DEMO_USERS).map((person) => [
      person.userSid,
      { installSid: person.installSid, profile: userProfile(person, at) },
    ]),
  );
  const settings = new Map(
    Object.values(DEMO_INSTALLS).map((install) => [
      install.installSid,
      installSettings(install, at),
    ]),
  );
  return { sessionsByTriple, sessionsBySid, profiles, settings };
}

/**
 * Also answers the busy learner's sessions under the rate-limited fault's exam sid, since that
 * fault's list shows them once its wait is over.
 */
export function findDemoSession(
  world: DemoWorld,
  sids: SessionDetailSids,
): DemoSessionRecord | undefined {
  const found = world.sessionsBySid.get(sids.sessionSid);
  if (found?.sids.installSid !== sids.installSid) return undefined;
  if (found.sids.examSid === sids.examSid) return found;
  const replayed =
    sids.examSid === DEMO_FAULTS.rateLimited.examSid &&
    tripleKey(found.sids) === tripleKey(DEMO_SIDS.busy);
  return replayed ? { ...found, detail: { ...found.detail, examSid: sids.examSid } } : undefined;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick() needs at least one item.');
  return item;
}

function iso(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

/** Stable made-up secrets and ids. */
function hexOf(label: string, length: number): string {
  return demoSid('', label).slice(0, length);
}

interface SessionTimes {
  dateScheduled: number | null;
  dateApproved: number | null;
  systemCheckStart: number | null;
  systemCheckEnd: number | null;
  inProgress: number | null;
  recordingStart: number | null;
  /** End of the recording; null while the session is still in progress. */
  recordingEnd: number | null;
}

/** Dates implied by the status, fitted between the row's created, appointment and edit dates. */
function sessionTimes(row: DemoSession, exam: DemoExam, random: () => number): SessionTimes {
  const created = Date.parse(row.createdDate);
  const edited = Date.parse(row.editDate);
  const appointment = row.appointmentDate === null ? null : Date.parse(row.appointmentDate);
  const times: SessionTimes = {
    dateScheduled: null,
    dateApproved: null,
    systemCheckStart: null,
    systemCheckEnd: null,
    inProgress: null,
    recordingStart: null,
    recordingEnd: null,
  };
  if (appointment === null) return times;

  const limit = Math.min(edited, appointment - 15 * MINUTE);
  times.dateScheduled = between(random, created, limit);
  const approved = APPROVED.has(row.status) || (row.status === CANCELLED_STATUS && random() < 0.5);
  if (approved) times.dateApproved = between(random, times.dateScheduled, limit);
  if (!TOOK_PLACE.has(row.status)) return times;

  times.systemCheckStart = between(random, appointment - 14 * MINUTE, appointment - 9 * MINUTE);
  times.systemCheckEnd = between(random, times.systemCheckStart + 2 * MINUTE, appointment - MINUTE);
  if (row.status === IN_PROGRESS_STATUS) {
    times.inProgress = between(random, appointment, Math.min(appointment + 2 * MINUTE, edited));
    times.recordingStart = between(
      random,
      times.inProgress,
      Math.min(times.inProgress + MINUTE, edited),
    );
    return times;
  }
  // A few minutes of check-in, then most of the time limit; squeezed before the last edit.
  const planned = (4 + Math.round(exam.minutes * (0.5 + random() * 0.5))) * MINUTE;
  const length = Math.min(planned, edited - appointment);
  const scale = length / planned;
  times.inProgress = appointment + Math.floor((3 * MINUTE * scale) / 1000) * 1000;
  times.recordingStart = appointment + Math.floor((4 * MINUTE * scale) / 1000) * 1000;
  times.recordingEnd = appointment + length;
  return times;
}

function sessionRecord(sids: SessionListSids, row: DemoSession, now: number): DemoSessionRecord {
  const exam = DEMO_EXAMS.get(sids.examSid);
  if (exam === undefined) throw new Error(`The demo has no exam ${sids.examSid}.`);
  const { install } = exam;
  const random = seededRandom(`detail:${row.sid}`);
  const times = sessionTimes(row, exam, random);
  const learner = demoUserSid(sids.enrollmentSid);
  const { status, sessionType } = row;
  const tookPlace = TOOK_PLACE.has(status);
  const finished = times.recordingEnd !== null;

  const events =
    finished && (status === 'Incident' || status === 'Closed')
      ? sessionEvents(
          row.sid,
          times,
          status === 'Incident' ? 32 + Math.floor(random() * 13) : 2 + Math.floor(random() * 10),
          random,
        )
      : [];
  const reviewed = status === 'Incident' || (status === 'Closed' && random() < 0.6);
  const reviewRequired =
    status === 'Needs Proctor'
      ? null
      : reviewed || status === 'Processing' || (status === IN_PROGRESS_STATUS && random() < 0.5);
  const reviewCompleted =
    reviewed && times.recordingEnd !== null
      ? between(
          random,
          times.recordingEnd,
          Math.min(Date.parse(row.editDate), times.recordingEnd + REVIEW_WINDOW),
        )
      : null;
  const annotations =
    finished && (status === 'Incident' || status === 'Closed')
      ? sessionAnnotations(row.sid, times, reviewCompleted, events, exam.proctor, random, {
          count: status === 'Incident' ? 6 + Math.floor(random() * 4) : Math.floor(random() * 3),
          lmsHost: install.lmsHost,
        })
      : [];

  const { statusReason, notes } = reasonAndNote(status, random);
  const external = sessionType === 'proctoru' || sessionType === 'examity';
  const externalId =
    external && row.appointmentDate !== null
      ? `${sessionType === 'proctoru' ? 'PU' : 'EXM'}-${String(Math.floor(random() * 9_000_000) + 1_000_000)}`
      : null;
  // A reservation held with the external service while the approval is pending.
  const reserved = externalId !== null && status === 'Pending Approval';
  const proctorType = proctorTypeFor(sessionType);
  const live = sessionType === 'live' || sessionType === 'b-virtual';
  const accessKey = hexOf(`access-key:${row.sid}`, 24)
    .toUpperCase()
    .replace(/(.{6})(?!$)/g, '$1-');
  const northfield = install.installSid === DEMO_INSTALLS.northfield.installSid;

  const detail: JsonRecord = {
    sid: row.sid,
    installSid: sids.installSid,
    examSid: sids.examSid,
    enrollmentSid: sids.enrollmentSid,
    userSid: learner,
    courseSid: courseSid(sids.examSid),
    instructorProctorSid:
      live && (tookPlace || status === 'Scheduled') ? exam.proctor.userSid : null,
    proctorTypeSid: status === 'Needs Proctor' ? null : proctorType.sid,
    cancellationPolicySid: northfield ? demoSid('CP', 'cancellation-policy:northfield') : null,
    cancellationPolicyVersionSid: northfield
      ? demoSid('CV', 'cancellation-policy:northfield/v3')
      : null,
    proctorReviewProcessSid:
      reviewRequired === true ? demoSid('PR', `review-process:${install.installSid}`) : null,
    reviewByUserSid: reviewRequired === true ? exam.proctor.userSid : null,

    status,
    statusReason,
    sessionType,
    schedulingModule:
      status === 'Needs Proctor' ? null : external ? sessionType : 'smarter-scheduling',
    workflowModule: reviewRequired === true ? 'automated-with-review' : 'standard',
    reviewRequired,
    reviewed: status === 'Needs Proctor' ? null : reviewed,
    sessionReportCount: tookPlace ? events.length : null,
    // Minutes: the time actually taken once finished, else the exam's time limit.
    duration:
      finished && times.inProgress !== null && times.recordingEnd !== null
        ? Math.round((times.recordingEnd - times.inProgress) / MINUTE)
        : exam.minutes,

    appointmentDate: row.appointmentDate,
    appointmentEndDate:
      row.appointmentDate === null
        ? null
        : iso(Date.parse(row.appointmentDate) + exam.minutes * MINUTE),
    dateApproved: iso(times.dateApproved),
    dateScheduled: iso(times.dateScheduled),
    createdDate: row.createdDate,
    inProgressDate: iso(times.inProgress),
    externalReservedAppointmentExpires: reserved ? iso(now + 2 * DAY) : null,
    externalAppointmentSyncDate:
      externalId !== null && times.dateScheduled !== null
        ? iso(between(random, times.dateScheduled, Date.parse(row.editDate)))
        : null,
    editDate: row.editDate,
    recordingStartDate: iso(times.recordingStart),
    reviewByDate:
      reviewRequired === true && times.recordingEnd !== null
        ? iso(times.recordingEnd + REVIEW_WINDOW)
        : null,
    reviewCompletedDate: iso(reviewCompleted),
    systemCheckStartDate: iso(times.systemCheckStart),
    systemCheckEndDate: iso(times.systemCheckEnd),

    externalAppointmentId: reserved ? null : externalId,
    externalReservedAppointmentId: reserved ? externalId : null,
    reviewCompleteNotificationUrl: northfield
      ? `https://${install.lmsHost}/api/proctoring/review-complete`
      : null,
    // Grants entry to the exam: our server must never pass it on.
    URL: `https://exam.smarterproctoring.com/launch/${row.sid}?key=${accessKey}`,

    accessKey,
    notes,
    account: demoSid('AC', `account:${install.name}`),
    install: { sid: install.installSid, name: install.name },
    deployment: demoSid('AD', `deployment:${install.name}`),
    series: null,
    proctorGroups: [
      {
        sid: demoSid('PG', `proctor-group:${install.name}`),
        name: `${install.name} Online Proctors`,
        timezone: install.defaultTimezone,
      },
    ],
    examLocale: install.locale,
    platformVersion: '3.14.2',
    modalityOptions: live ? ['online', 'test-center'] : ['online'],

    exam: {
      sid: sids.examSid,
      courseSid: courseSid(sids.examSid),
      title: exam.title,
      type: 'Online',
      status: 'active',
      duration: exam.minutes,
      courseName: exam.courseName,
      instructorName: exam.instructor.name,
      // The LMS quiz link: also exam access, so withheld at any depth.
      url: `https://${install.lmsHost}${exam.lmsPath}`,
    },
    enrollment: {
      sid: sids.enrollmentSid,
      userSid: learner,
      courseSid: courseSid(sids.examSid),
      role: 'learner',
    },
    course: {
      sid: courseSid(sids.examSid),
      name: exam.courseName,
      code: exam.courseCode,
      term: northfield ? 'Fall 2026' : 'Michaelmas 2026',
    },
    examFile: null,
    returnedFile: null,
    photos:
      times.systemCheckStart === null
        ? []
        : [
            {
              type: 'face',
              status: 'verified',
              capturedDate: iso(times.systemCheckStart + 40_000),
            },
            { type: 'id', status: 'verified', capturedDate: iso(times.systemCheckStart + 75_000) },
          ],
  };
  return { sids, row, detail, events, annotations };
}

function reasonAndNote(
  status: string,
  random: () => number,
): { statusReason: string | null; notes: string | null } {
  switch (status) {
    case CANCELLED_STATUS: {
      const { reason, note } = pick(random, CANCEL_REASONS);
      return { statusReason: reason, notes: note };
    }
    case 'Approval Denied': {
      const { reason, note } = pick(random, DENIAL_REASONS);
      return { statusReason: reason, notes: note };
    }
    case 'Incident':
      return { statusReason: 'exam-completed', notes: pick(random, INCIDENT_NOTES) };
    case 'Closed':
      return {
        statusReason: 'exam-completed',
        notes: random() < 0.3 ? 'Room scan clear. No concerns.' : null,
      };
    default:
      return { statusReason: null, notes: null };
  }
}

function sessionEvents(
  sessionSid: string,
  times: SessionTimes,
  count: number,
  random: () => number,
): DemoRecord[] {
  const { recordingStart, recordingEnd } = times;
  if (recordingStart === null || recordingEnd === null) return [];
  const events = Array.from({ length: count }, (_, index): DemoRecord => {
    const kind = pick(random, EVENT_KINDS);
    const createdDate = iso(between(random, recordingStart, recordingEnd)) ?? '';
    const sid = demoSid('ER', `event:${sessionSid}/${index}`);
    return {
      sid,
      examSessionSid: sessionSid,
      createdDate,
      type: kind.type,
      description: kind.description,
      severity: kind.severity,
      durationSeconds: 2 + Math.floor(random() * 40),
      confidence: Math.round((0.6 + random() * 0.39) * 100) / 100,
      source: { detector: kind.detector, version: '4.2.1', platform: 'Windows 11' },
      // Its signed link is withheld by our server.
      snapshot:
        random() < 0.3
          ? {
              capturedDate: createdDate,
              url: `https://media.smarterproctoring.com/snapshots/${sid}.jpg?sig=${hexOf(`sig:${sid}`, 16)}`,
            }
          : null,
    };
  });
  return events.sort((a, b) => a.createdDate.localeCompare(b.createdDate));
}

function sessionAnnotations(
  sessionSid: string,
  times: SessionTimes,
  reviewCompleted: number | null,
  events: readonly DemoRecord[],
  proctor: DemoUser,
  random: () => number,
  { count, lmsHost }: { count: number; lmsHost: string },
): DemoRecord[] {
  const { recordingStart, recordingEnd } = times;
  if (recordingStart === null || recordingEnd === null) return [];
  const author = { userSid: proctor.userSid, name: proctor.name, role: proctor.role };
  const annotations = Array.from({ length: count }, (_, index): DemoRecord => {
    const kind = pick(random, ANNOTATION_KINDS);
    // Most are written while watching; the rest during review, before it was completed.
    const late = reviewCompleted !== null && random() < 0.3;
    const created = late
      ? between(random, recordingEnd, reviewCompleted)
      : between(random, recordingStart, recordingEnd);
    const event = events.length > 0 && random() < 0.5 ? pick(random, events) : null;
    return {
      sid: demoSid('AN', `annotation:${sessionSid}/${index}`),
      examSessionSid: sessionSid,
      createdDate: iso(created) ?? '',
      annotationType: kind.annotationType,
      title: kind.title,
      text: kind.text,
      author,
      eventSid: event?.sid ?? null,
      visibility: random() < 0.7 ? 'instructor' : 'proctors-only',
    };
  });
  // The proctor sent a fresh onboarding link after a disconnect: a single-use link to withhold.
  if (annotations.length > 0) {
    annotations.push({
      sid: demoSid('AN', `annotation:${sessionSid}/relaunch`),
      examSessionSid: sessionSid,
      createdDate: iso(between(random, recordingStart, recordingEnd)) ?? '',
      annotationType: 'Relaunch Link Issued',
      title: 'Relaunch link sent',
      text: 'Learner lost connection; a new onboarding link was sent by email.',
      author,
      eventSid: null,
      visibility: 'proctors-only',
      onboardUrl: `https://${lmsHost}/proctoring/onboard/${hexOf(`onboard:${sessionSid}`, 32)}`,
    });
  }
  return annotations.sort((a, b) => a.createdDate.localeCompare(b.createdDate));
}

function courseSid(examSid: string): string {
  return demoSid('CU', `course:${examSid}`);
}

function timezoneSid(zone: string): string {
  return demoSid('TZ', `timezone:${zone}`);
}

function userProfile(person: DemoUser, now: number): JsonRecord {
  const install =
    person.installSid === DEMO_INSTALLS.lakeside.installSid
      ? DEMO_INSTALLS.lakeside
      : DEMO_INSTALLS.northfield;
  const random = seededRandom(`profile:${person.userSid}`);
  const created = between(random, now - 900 * DAY, now - 200 * DAY);
  const learner = person.role === 'learner';
  return {
    sid: person.userSid,
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    preferredEmail: person.preferredEmail,
    username: person.username,
    role: person.role,
    enabled: true,
    timeZoneSid: timezoneSid(install.defaultTimezone),
    timezone: { sid: timezoneSid(install.defaultTimezone), name: install.defaultTimezone },
    lmsId: String(10_000 + Math.floor(random() * 90_000)),
    apiId: null,
    sisId: learner ? `S${String(Math.floor(random() * 9_000_000) + 1_000_000)}` : null,
    externalId: null,
    phone: learner ? null : '+1 555 0100',
    address: null,
    lat: null,
    long: null,
    smarterId: learner ? { status: 'verified', verifiedDate: iso(created + 2 * DAY) } : null,
    identity: learner ? { verified: true, method: 'photo-id' } : null,
    course: null,
    exam: null,
    authentication: {
      method: 'lti',
      lastLoginDate: iso(between(random, now - 7 * DAY, now - HOUR)),
    },
    createdDate: iso(created),
    editDate: iso(between(random, created, now - DAY)),
  };
}

function installSettings(install: DemoInstall, now: number): JsonRecord {
  const random = seededRandom(`settings:${install.installSid}`);
  const created = between(random, now - 1500 * DAY, now - 1000 * DAY);
  const northfield = install.installSid === DEMO_INSTALLS.northfield.installSid;
  return {
    sid: install.installSid,
    name: install.name,
    deploymentSid: demoSid('AD', `deployment:${install.name}`),
    applicationSid: demoSid('AP', 'application:smarterproctoring'),
    defaultCourseOfferingSid: northfield
      ? demoSid('CO', `offering:${install.name}/fall-2026`)
      : null,
    defaultCurrencyCode: install.currency,
    defaultTimezone: install.defaultTimezone,
    requireManagerProctorApproval: northfield,
    requireManagerExamApproval: false,
    smarterIdEnabled: true,
    enableWrittenExams: !northfield,
    defaultNewExamType: 'Online',
    proctorTypes: Object.values(PROCTOR_TYPES).map((type) => ({
      sid: type.sid,
      name: type.name,
      status: 'active',
      automaticallyApprove: type !== PROCTOR_TYPES.live,
    })),
    enabled: true,
    createdDate: iso(created),
    editDate: iso(between(random, created, now - 30 * DAY)),
    facialProcessing: true,
    pauseForProctorReview: northfield ? false : null,
    mandatoryRoomScanVideo: northfield,
    secureSessionStatus: null,
  };
}
