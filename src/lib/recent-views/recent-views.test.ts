// @vitest-environment jsdom
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, expect, test, vi } from 'vitest';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { listContextEndpoint } from '#src/api/contract/list-context.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { userProfileEndpoint } from '#src/api/contract/user-profile.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import { pageAnsweredQuery, pageAnswersOptions } from '#src/api/page-answers.ts';
import { knownNames, recordAndWatchView } from '#src/lib/recent-views/record-recent-view.ts';
import {
  MAX_RECENT_VIEWS,
  clearRecentViews,
  parseRecentViews,
  readRecentViews,
  recentViewHref,
  recordRecentView,
  removeRecentView,
  RECENT_VIEWS_STORAGE_KEY,
  updateRecentViewNames,
  type ShownView,
} from '#src/lib/recent-views/recent-views.ts';

const AI = `AI${'1'.repeat(32)}`;
const EN = `EN${'2'.repeat(32)}`;
const EX = `EX${'3'.repeat(32)}`;
const US = `US${'4'.repeat(32)}`;

function examSid(index: number): string {
  return `EX${index.toString(16).padStart(32, '0')}`;
}

function sessionSid(index: number): string {
  return `ES${index.toString(16).padStart(32, '0')}`;
}

const LIST: ShownView = { installSid: AI, enrollmentSid: EN, examSid: EX, search: '' };

afterEach(() => {
  window.localStorage.clear();
  vi.restoreAllMocks();
});

test('views are kept newest first, one per path, the latest query winning', () => {
  recordRecentView(LIST);
  recordRecentView({ ...LIST, sessionSid: sessionSid(1) });
  recordRecentView({ ...LIST, search: 'status=incident' });

  expect(readRecentViews().map(recentViewHref)).toEqual([
    `/installs/${AI}/enrollments/${EN}/exams/${EX}/sessions?status=incident`,
    `/installs/${AI}/enrollments/${EN}/exams/${EX}/sessions/${sessionSid(1)}`,
  ]);
});

test('only the last ten views are kept', () => {
  for (let index = 0; index < MAX_RECENT_VIEWS + 3; index += 1) {
    recordRecentView({ ...LIST, examSid: examSid(index) });
  }
  const views = readRecentViews();
  expect(views).toHaveLength(MAX_RECENT_VIEWS);
  expect(views[0]?.examSid).toBe(examSid(MAX_RECENT_VIEWS + 2));
  expect(views.at(-1)?.examSid).toBe(examSid(3));
});

test('corrupt storage reads as no views, and bad entries are dropped one by one', () => {
  expect(parseRecentViews('{not json')).toEqual([]);
  expect(parseRecentViews('{"a":1}')).toEqual([]);
  expect(parseRecentViews(null)).toEqual([]);
  const stored = JSON.stringify([
    { ...LIST, installSid: 'AI-not-a-sid' },
    'junk',
    { ...LIST, learnerName: 'Maya Okonkwo' },
    { ...LIST, learnerName: 'A duplicate' },
  ]);
  expect(parseRecentViews(stored)).toEqual([{ ...LIST, learnerName: 'Maya Okonkwo' }]);

  window.localStorage.setItem(RECENT_VIEWS_STORAGE_KEY, '[[[');
  recordRecentView(LIST);
  expect(readRecentViews()).toEqual([LIST]);
});

test('without storage the views are kept for this page', () => {
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
    throw new Error('SecurityError');
  });
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new Error('SecurityError');
  });
  recordRecentView(LIST);
  expect(readRecentViews()).toEqual([LIST]);
  clearRecentViews();
  expect(readRecentViews()).toEqual([]);
});

test('names arriving later update the entry in place; a new visit keeps them', () => {
  recordRecentView(LIST);
  recordRecentView({ ...LIST, examSid: examSid(9) });
  updateRecentViewNames(LIST, { learnerName: 'Maya Okonkwo', installName: 'Northfield' });

  expect(readRecentViews()[1]).toEqual({
    ...LIST,
    learnerName: 'Maya Okonkwo',
    installName: 'Northfield',
  });
  recordRecentView({ ...LIST, search: 'status=closed' });
  expect(readRecentViews()[0]).toEqual({
    ...LIST,
    search: 'status=closed',
    learnerName: 'Maya Okonkwo',
    installName: 'Northfield',
  });
  // A removed view is not brought back by names that arrive for it.
  removeRecentView(LIST);
  updateRecentViewNames(LIST, { learnerName: 'Maya Okonkwo' });
  expect(readRecentViews().map((view) => view.examSid)).toEqual([examSid(9)]);
});

const CHEMISTRY = { examTitle: 'Chemistry Final Exam', courseName: null, courseCode: 'CHEM 201' };

function cacheLearner(queryClient: QueryClient, session: { sid: string; enrollmentSid: string }) {
  queryClient.setQueryData(
    endpointQuery(
      sessionDetailEndpoint,
      { installSid: AI, examSid: EX, sessionSid: session.sid },
      undefined,
    ).queryKey,
    {
      session: { ...session, status: 'Closed', userSid: US },
      exam: CHEMISTRY,
    } as never,
  );
  // What a list's header learns of its enrollment, from that session.
  queryClient.setQueryData(
    endpointQuery(
      listContextEndpoint,
      { installSid: AI, enrollmentSid: session.enrollmentSid, examSid: EX },
      { session: session.sid },
    ).queryKey,
    { userSid: US, exam: CHEMISTRY },
  );
  queryClient.setQueryData(
    endpointQuery(userProfileEndpoint, { installSid: AI, userSid: US }, undefined).queryKey,
    {
      firstName: 'Maya',
      lastName: 'Okonkwo',
      username: 'mokonkwo',
    } as never,
  );
}

test('names are read from what the pages already fetched, never asked for', () => {
  const queryClient = new QueryClient();
  const fetchQuery = vi.spyOn(queryClient, 'fetchQuery');
  expect(knownNames(queryClient, LIST)).toEqual({});

  queryClient.setQueryData(
    endpointQuery(installSettingsEndpoint, { installSid: AI }, undefined).queryKey,
    {
      name: ' Northfield ',
    } as never,
  );
  // A session of another enrollment does not name this list's learner.
  cacheLearner(queryClient, { sid: sessionSid(1), enrollmentSid: `EN${'9'.repeat(32)}` });
  expect(knownNames(queryClient, LIST)).toEqual({ installName: 'Northfield' });

  cacheLearner(queryClient, { sid: sessionSid(2), enrollmentSid: EN });
  expect(knownNames(queryClient, LIST)).toEqual({
    learnerName: 'Maya Okonkwo',
    installName: 'Northfield',
    examName: 'Chemistry Final Exam (CHEM 201)',
  });
  expect(knownNames(queryClient, { ...LIST, sessionSid: sessionSid(2) })).toMatchObject({
    learnerName: 'Maya Okonkwo',
    examName: 'Chemistry Final Exam (CHEM 201)',
  });
  expect(fetchQuery).not.toHaveBeenCalled();
});

test('a name that comes with the page is recorded when the query that starts from it is made', () => {
  const queryClient = new QueryClient();
  const stop = recordAndWatchView(queryClient, LIST);

  const sids = { installSid: AI };
  queryClient.setQueryData(pageAnswersOptions.queryKey, [
    {
      apiPath: installSettingsEndpoint.apiPath(sids, undefined),
      answeredAt: Date.now(),
      response: { sid: AI, name: 'Northfield', defaultTimezone: null },
    },
  ]);
  // What useEndpointQuery does with an answer sent with the page: no fetch, no success event.
  new QueryObserver(
    queryClient,
    pageAnsweredQuery(queryClient, installSettingsEndpoint, sids, undefined),
  );

  expect(readRecentViews()[0]?.installName).toBe('Northfield');
  stop();
});

test('a shown view is recorded at once and named when its names arrive', () => {
  const queryClient = new QueryClient();
  const stop = recordAndWatchView(queryClient, LIST);
  expect(readRecentViews()).toEqual([LIST]);

  cacheLearner(queryClient, { sid: sessionSid(2), enrollmentSid: EN });
  expect(readRecentViews()).toEqual([
    { ...LIST, learnerName: 'Maya Okonkwo', examName: 'Chemistry Final Exam (CHEM 201)' },
  ]);

  stop();
  queryClient.setQueryData(
    endpointQuery(installSettingsEndpoint, { installSid: AI }, undefined).queryKey,
    {
      name: 'Northfield',
    } as never,
  );
  expect(readRecentViews()[0]?.installName).toBeUndefined();
});
