import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { expect, test } from 'vitest';
// The router loads the page on demand; loading it here first keeps that one-off transform (seconds
// on a busy machine) out of whichever test happens to open a session first.
import '#src/features/session-detail/session-detail-page.tsx';
import {
  DETAIL_SIDS,
  INSTALL_SETTINGS,
  LEARNER_SID,
  SECRET_ACCESS_KEY,
  SECRET_EXAM_URL,
  answerListContext,
  detailApi,
  listContextApi,
  detailPagePath,
  detailResponse,
  makeRecords,
  profileApi,
  recordsApi,
  settingsApi,
  upstreamSession,
} from '#src/testing/detail-fixtures.ts';
import { MAX_RETRIES } from '#src/api/http.ts';
import { createQueryClient } from '#src/app/providers.tsx';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute, currentUrl } from '#src/testing/render.tsx';
import {
  SESSIONS_PATH,
  SIDS,
  cycleStatuses,
  errorResponse,
  makeSessions,
  sessionSid,
  sessionsApi,
} from '#src/testing/session-fixtures.ts';

const PROCTOR_SID = `US${'b2'.repeat(16)}`;

function render(url: string) {
  return renderRoute(url);
}

function sessionsTable(): HTMLElement {
  return screen.getByRole('table', { name: /Exam sessions/ });
}

/** The list's data row for a session, found by the sid its first cell shows. */
function listRow(sid: string): HTMLElement {
  const row = within(sessionsTable())
    .getAllByRole('row')
    .find((candidate) => within(candidate).queryByText(sid) !== null);
  if (!row) throw new Error(`No row for ${sid}`);
  return row;
}

async function findListRow(sid: string): Promise<HTMLElement> {
  await waitFor(() => expect(sessionsTable()).toHaveAttribute('aria-busy', 'false'));
  return waitFor(() => listRow(sid));
}

/** A row's one tab stop: the link its sid is. */
function rowLink(sid: string): HTMLElement {
  return within(listRow(sid)).getByRole('link', { name: sid });
}

function findDetailHeading(sid = DETAIL_SIDS.sessionSid): Promise<HTMLElement> {
  return screen.findByRole('heading', { level: 1, name: `Exam session ${sid}` });
}

function region(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

function valueOf(container: HTMLElement, label: string): HTMLElement {
  return within(container).getByRole('definition', { name: label });
}

function breadcrumb(): HTMLElement {
  return screen.getByRole('navigation', { name: 'Breadcrumb' });
}

test('clicking a row opens its session; Back to sessions returns to the same view, focus on that row', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(cycleStatuses(30, ['Incident', 'Closed']))).handler);
  const view = '?status=incident&sort=createdDate.asc&page=2&limit=10';
  const { router } = render(`${SESSIONS_PATH}${view}`);
  // Incident sessions are the even indexes; page 2 of 10, oldest first, starts at index 20.
  const opened = sessionSid(22);
  const row = await findListRow(opened);

  await user.click(within(row).getByText('Incident'));

  expect(currentUrl(router)).toBe(detailPagePath(opened));
  expect(await findDetailHeading(opened)).toHaveFocus();

  await user.click(screen.getByRole('link', { name: 'Back to sessions' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}${view}`);
  // Closing went back to the list's own entry, adding none.
  expect(router.state.historyAction).toBe('POP');
  await waitFor(() => expect(rowLink(opened)).toHaveFocus());
  expect(screen.getByRole('checkbox', { name: 'Incident' })).toBeChecked();
});

test('Enter on a row’s link opens its session, and Escape closes it with focus back on that link', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Closed', 'Incident', 'Scheduled'])).handler);
  const { router } = render(`${SESSIONS_PATH}?status=closed&status=scheduled`);
  const opened = sessionSid(2);
  await findListRow(opened);

  act(() => rowLink(opened).focus());
  await user.keyboard('{Enter}');

  expect(currentUrl(router)).toBe(detailPagePath(opened));
  await findDetailHeading(opened);

  await user.keyboard('{Escape}');

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=scheduled&status=closed`);
  await waitFor(() => expect(rowLink(opened)).toHaveFocus());
});

test('a deep link shows the session grouped for reading', async () => {
  render(detailPagePath());
  await findDetailHeading();
  await screen.findByRole('region', { name: 'Status' });

  expect(within(valueOf(region('Status'), 'Status')).getByText('Incident')).toBeInTheDocument();
  expect(valueOf(region('Status'), 'Status reason')).toHaveTextContent('exam-completed');

  const schedule = region('Schedule');
  expect(
    within(valueOf(schedule, 'Appointment start')).getByTitle('2026-11-15T00:25:00.000Z'),
  ).toBeInTheDocument();
  expect(
    within(valueOf(schedule, 'System check end')).getByTitle('2026-11-15T00:24:30.000Z'),
  ).toBeInTheDocument();
  expect(valueOf(schedule, 'Approved')).toHaveTextContent('Not set');

  const review = region('Review');
  expect(valueOf(review, 'Review required')).toHaveTextContent('Yes');
  expect(valueOf(review, 'Reviewed')).toHaveTextContent('No');
  expect(valueOf(review, 'Review completed')).toHaveTextContent('Not set');
  expect(valueOf(review, 'Report count')).toHaveTextContent('2');

  const types = region('Type and modules');
  expect(valueOf(types, 'Session type')).toHaveTextContent('live');
  expect(valueOf(types, 'Scheduling module')).toHaveTextContent('smarter-scheduling');
  expect(valueOf(types, 'Workflow module')).toHaveTextContent('Not set');
  expect(valueOf(types, 'Duration')).toHaveTextContent('120');

  expect(region('Notes')).toHaveTextContent('Learner left the room twice.');

  const related = region('Related sids');
  expect(valueOf(related, 'User')).toHaveTextContent(LEARNER_SID);
  expect(valueOf(related, 'Instructor proctor')).toHaveTextContent('Not set');
  expect(within(related).getByRole('button', { name: 'Copy user sid' })).toBeInTheDocument();
  expect(valueOf(region('External ids'), 'External appointment')).toHaveTextContent('PU-77812');

  expect(screen.getByRole('link', { name: 'Back to sessions' })).toHaveAttribute(
    'href',
    SESSIONS_PATH,
  );
});

test('closing a session opened by a link goes to the plain list of its sids, focus on its row', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Incident'])).handler);
  const { router } = render(detailPagePath());
  const heading = await findDetailHeading();
  // Opened fresh, the page starts at the top rather than moving focus.
  expect(heading).not.toHaveFocus();

  await user.click(screen.getByRole('link', { name: 'Back to sessions' }));

  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  expect(router.state.historyAction).toBe('PUSH');
  await waitFor(() => expect(rowLink(sessionSid(0))).toHaveFocus());
});

test('access key and exam URL are named as withheld, and their values never shown', async () => {
  render(detailPagePath());
  await findDetailHeading();

  expect(
    await screen.findByText('Access key and exam URL are withheld: they grant access to the exam.'),
  ).toBeInTheDocument();
  const main = screen.getByRole('main');
  expect(main).not.toHaveTextContent(SECRET_ACCESS_KEY);
  expect(main).not.toHaveTextContent(SECRET_EXAM_URL);
  expect(main).not.toHaveTextContent('accessKey');
});

test('other fields are listed by name and value in a collapsed "Other fields" section', async () => {
  const user = userEvent.setup();
  render(detailPagePath());
  await findDetailHeading();

  const summary = await screen.findByText(/^Other fields/);
  expect(summary).toHaveTextContent('Other fields (5)');
  const locale = screen.getByRole('definition', { name: 'examLocale' });
  expect(locale).toHaveTextContent('en-US');
  expect(locale).not.toBeVisible();

  await user.click(summary);

  expect(locale).toBeVisible();
  expect(screen.getByRole('definition', { name: 'exam.title' })).toHaveTextContent(
    'Chemistry Final Exam',
  );
  expect(screen.getByRole('definition', { name: 'platformVersion' })).toHaveTextContent('3');
  // Withheld at any depth: the embedded exam's URL is not an "other field".
  expect(screen.queryByRole('definition', { name: 'exam.URL' })).not.toBeInTheDocument();
});

test('the detail header names the install, the learner with their email, and the exam; so does the tab', async () => {
  render(detailPagePath());
  await findDetailHeading();

  expect(await within(breadcrumb()).findByText('Ada Lovelace')).toBeInTheDocument();
  expect(within(breadcrumb()).getByText(INSTALL_SETTINGS.name ?? '')).toBeInTheDocument();
  expect(await within(breadcrumb()).findByText('Chemistry Final Exam (CHEM 201)')).toHaveAttribute(
    'title',
    DETAIL_SIDS.examSid,
  );
  expect(screen.getByRole('link', { name: 'ada.lovelace@example.edu' })).toHaveAttribute(
    'href',
    'mailto:ada.lovelace@example.edu',
  );
  await waitFor(() =>
    expect(document.title).toBe(
      'Ada Lovelace · Chemistry Final Exam (CHEM 201) · Session ES000000… · SmarterProctoring staff',
    ),
  );
});

test('the heading is followed by the status, its reason, the type and, for a session waiting on staff, the wait', async () => {
  server.use(
    detailApi((_url, params) =>
      HttpResponse.json(
        detailResponse(
          upstreamSession(params.sessionSid ?? '', {
            status: 'Needs Proctor',
            statusReason: null,
            createdDate: new Date(Date.now() - 3 * 24 * 3600_000 - 60_000).toISOString(),
          }),
        ),
      ),
    ).handler,
  );
  render(detailPagePath());
  const heading = await findDetailHeading();

  const wait = await screen.findByText(/^Waiting 3 d/);
  expect(wait).toHaveTextContent('Waiting 3 d, overdue');
  // Between the heading and the session's fields, where the first glance falls.
  const fields = await screen.findByRole('region', { name: 'Status' });
  for (const shown of [wait, screen.getAllByText('Needs Proctor')[0], screen.getByText('Type')]) {
    expect(heading.compareDocumentPosition(shown ?? heading)).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    expect(fields.compareDocumentPosition(shown ?? fields)).toBe(Node.DOCUMENT_POSITION_PRECEDING);
  }
});

test('a profile that fails leaves the learner unknown and the rest of the page as it is', async () => {
  server.use(profileApi(() => errorResponse('upstream_error', 502, 'The profile failed.')).handler);
  render(detailPagePath());
  await findDetailHeading();

  expect(await within(breadcrumb()).findByText('Learner unknown')).toBeInTheDocument();
  expect(await screen.findByRole('region', { name: 'Schedule' })).toBeInTheDocument();
  expect(within(breadcrumb()).getByText(INSTALL_SETTINGS.name ?? '')).toBeInTheDocument();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('install settings that fail leave the install sid in the breadcrumb', async () => {
  server.use(settingsApi(() => errorResponse('not_found', 404, 'No install.')).handler);
  render(detailPagePath());
  await findDetailHeading();
  await within(breadcrumb()).findByText('Ada Lovelace');

  expect(within(breadcrumb()).getByText(SIDS.installSid)).toBeInTheDocument();
  expect(within(breadcrumb()).queryByText(INSTALL_SETTINGS.name ?? '')).not.toBeInTheDocument();
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('the list header names the learner, asking for a session only once its rows are shown', async () => {
  const user = userEvent.setup();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const list = sessionsApi(makeSessions(cycleStatuses(30, ['Closed'])), async (_url, answer) => {
    await gate;
    return answer();
  });
  const rowsWhenAsked: number[] = [];
  const context = listContextApi((url) => {
    rowsWhenAsked.push(screen.queryAllByRole('row').length);
    return answerListContext(url);
  });
  const profile = profileApi();
  const settings = settingsApi();
  server.use(list.handler, context.handler, profile.handler, settings.handler);
  render(SESSIONS_PATH);

  await waitFor(() => expect(list.requests).toHaveLength(1));
  expect(context.requests).toHaveLength(0);
  expect(settings.requests).toHaveLength(0);

  release();

  expect(await within(breadcrumb()).findByText('Ada Lovelace')).toBeInTheDocument();
  expect(within(breadcrumb()).getByText('Northfield University')).toBeInTheDocument();
  // The newest session is first; it was on screen, with the others, when it was asked about.
  expect(context.requests.map((url) => `${url.pathname}${url.search}`)).toEqual([
    `/api/v1/installs/${SIDS.installSid}/enrollments/${SIDS.enrollmentSid}/exams/${SIDS.examSid}/context?session=${sessionSid(29)}`,
  ]);
  expect(rowsWhenAsked[0]).toBeGreaterThan(1);

  // Other rows of the same learner need no other lookup.
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await findListRow(sessionSid(4));
  expect(context.requests).toHaveLength(1);
  expect(profile.requests).toHaveLength(1);
});

test('a list with no rows names no learner and asks for nothing more', async () => {
  const detail = detailApi();
  const profile = profileApi();
  const settings = settingsApi();
  server.use(sessionsApi([]).handler, detail.handler, profile.handler, settings.handler);
  render(SESSIONS_PATH);

  await screen.findByRole('status', { name: 'No exam sessions yet' });

  expect(breadcrumb()).toHaveTextContent(/Learner EN/);
  expect(breadcrumb()).not.toHaveTextContent(/unknown/);
  expect(detail.requests).toEqual([]);
  expect(profile.requests).toEqual([]);
  expect(settings.requests).toEqual([]);
});

test('a failing learner lookup leaves the list’s learner unknown and its rows as they are', async () => {
  server.use(
    sessionsApi(makeSessions(['Closed', 'Incident'])).handler,
    listContextApi(() => errorResponse('upstream_error', 502, 'Detail failed.')).handler,
  );
  render(SESSIONS_PATH);
  await findListRow(sessionSid(0));

  await waitFor(() => expect(breadcrumb()).toHaveTextContent(/Learner unknown/));
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(listRow(sessionSid(1))).toBeInTheDocument();
});

test('a malformed session sid is named, with a way back to the sessions, and nothing is asked for', async () => {
  const detail = detailApi();
  const profile = profileApi();
  const settings = settingsApi();
  const events = recordsApi('events', []);
  const list = sessionsApi([]);
  server.use(detail.handler, profile.handler, settings.handler, events.handler, list.handler);
  render(`${SESSIONS_PATH}/ES123`);

  const alert = await screen.findByRole('alert', {
    name: 'This link has a malformed exam session sid',
  });
  expect(alert).toHaveTextContent(
    'The exam session sid ES123 is not valid. A valid exam session sid is ES followed by 32 lowercase hexadecimal characters (0-9, a-f).',
  );
  expect(alert).toHaveTextContent('Nothing was requested from SmarterProctoring.');
  expect(within(alert).getByRole('link', { name: 'Open this learner’s sessions' })).toHaveAttribute(
    'href',
    SESSIONS_PATH,
  );
  for (const api of [detail, profile, settings, events, list]) expect(api.requests).toEqual([]);
});

test('malformed enrollment and session sids are each named, and the way on is the home page', async () => {
  const detail = detailApi();
  server.use(detail.handler);
  render(
    `/installs/${SIDS.installSid}/enrollments/EN42/exams/${SIDS.examSid}/sessions/not-a-session`,
  );

  const alert = await screen.findByRole('alert', { name: 'This link has malformed sids' });
  expect(alert).toHaveTextContent('The enrollment sid EN42 is not valid.');
  expect(alert).toHaveTextContent('The exam session sid not-a-session is not valid.');
  expect(within(alert).getByRole('link', { name: 'Go to the home page' })).toHaveAttribute(
    'href',
    '/',
  );
  expect(detail.requests).toEqual([]);
});

test('an unknown session shows the API error panel, and no timeline is asked for', async () => {
  const events = recordsApi('events', []);
  server.use(
    detailApi(() => errorResponse('not_found', 404, 'No exam session with these sids.')).handler,
    events.handler,
  );
  render(detailPagePath());

  const alert = await screen.findByRole('alert', {
    name: 'SmarterProctoring has nothing at these sids',
  });
  expect(alert).toHaveTextContent('check the link with whoever sent it');
  expect(screen.getByRole('link', { name: 'Back to sessions' })).toBeInTheDocument();
  expect(screen.queryByRole('region', { name: 'Integrity events' })).not.toBeInTheDocument();
  expect(events.requests).toEqual([]);
});

test('while the session is asked for again after a 500, the page says which retry it is on', async () => {
  let failures = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  server.use(
    detailApi(async () => {
      failures += 1;
      if (failures > 1) await held;
      return errorResponse(
        'upstream_error',
        502,
        'The SmarterProctoring API answered with HTTP 500.',
      );
    }).handler,
  );
  renderRoute(detailPagePath(), { queryClient: createQueryClient({ retryDelay: () => 0 }) });

  expect(await screen.findByText(`Retrying (1 of ${MAX_RETRIES})…`)).toBeInTheDocument();
  expect(screen.queryByText('Loading the session…')).not.toBeInTheDocument();
  release();
  expect(
    await screen.findByRole('alert', { name: 'SmarterProctoring had a problem' }),
  ).toBeInTheDocument();
});

test('each timeline pages on its own', async () => {
  const user = userEvent.setup();
  const events = recordsApi('events', makeRecords('events', 34));
  server.use(events.handler, recordsApi('annotations', makeRecords('annotations', 3)).handler);
  render(detailPagePath());
  await findDetailHeading();

  const eventsRegion = await screen.findByRole('region', { name: 'Integrity events' });
  const eventPages = await within(eventsRegion).findByRole('navigation', {
    name: 'Integrity events pages',
  });
  const annotationPages = await within(region('Proctor annotations')).findByRole('navigation', {
    name: 'Proctor annotations pages',
  });
  expect(eventPages).toHaveTextContent('1–20 of 34');
  expect(annotationPages).toHaveTextContent('1–3 of 3');
  expect(within(eventPages).getByRole('button', { name: 'Previous' })).toBeDisabled();
  expect(within(annotationPages).getByRole('button', { name: 'Next' })).toBeDisabled();

  const [first] = within(eventsRegion).getAllByRole('listitem');
  expect(
    within(first ?? eventsRegion).getByRole('heading', { level: 3, name: 'Event 1' }),
  ).toBeInTheDocument();
  expect(within(first ?? eventsRegion).getByText('High')).toHaveTextContent('High severity');
  expect(within(eventsRegion).getByTitle('2026-11-15T00:30:00.000Z')).toBeInTheDocument();

  await user.click(within(eventPages).getByRole('button', { name: 'Next' }));

  await waitFor(() => expect(eventPages).toHaveTextContent('21–34 of 34'));
  expect(
    within(eventsRegion).getByRole('heading', { level: 3, name: 'Event 21' }),
  ).toBeInTheDocument();
  expect(within(eventsRegion).queryByRole('heading', { name: 'Event 1' })).not.toBeInTheDocument();
  expect(within(eventPages).getByRole('button', { name: 'Next' })).toBeDisabled();
  expect(annotationPages).toHaveTextContent('1–3 of 3');
  // The newest first, page by page.
  expect(events.requests.map((url) => url.search)).toEqual([
    '?offset=0&limit=20&sortOrder=DESC',
    '?offset=20&limit=20&sortOrder=DESC',
  ]);

  await user.click(within(eventPages).getByRole('button', { name: 'Previous' }));
  await waitFor(() => expect(eventPages).toHaveTextContent('1–20 of 34'));
});

test('a timeline that fails says so in place, and the rest of the page stays', async () => {
  const user = userEvent.setup();
  let failing = true;
  server.use(
    recordsApi('events', makeRecords('events', 2)).handler,
    recordsApi('annotations', makeRecords('annotations', 1), (_url, reply) =>
      failing ? errorResponse('upstream_error', 502, 'Annotations failed.') : reply(),
    ).handler,
  );
  render(detailPagePath());
  await findDetailHeading();

  const annotations = await screen.findByRole('region', { name: 'Proctor annotations' });
  const alert = await within(annotations).findByRole('alert');
  expect(alert).toHaveTextContent('The annotations could not be loaded.');
  expect(alert).toHaveTextContent('Annotations failed.');
  expect(
    await within(region('Integrity events')).findByRole('heading', { name: 'Event 1' }),
  ).toBeInTheDocument();
  expect(region('Schedule')).toBeInTheDocument();

  failing = false;
  await user.click(within(alert).getByRole('button', { name: 'Try again' }));

  expect(
    await within(annotations).findByRole('heading', { name: 'Annotation 1' }),
  ).toBeInTheDocument();
});

test('an empty timeline says so', async () => {
  render(detailPagePath());
  await findDetailHeading();

  expect(
    await within(await screen.findByRole('region', { name: 'Integrity events' })).findByText(
      'No events for this session.',
    ),
  ).toBeInTheDocument();
  expect(
    await within(region('Proctor annotations')).findByText('No annotations for this session.'),
  ).toBeInTheDocument();
});

test('Copy for a ticket copies who, which install and exam, what happened and when, the link, then the sids', async () => {
  const user = userEvent.setup();
  server.use(
    detailApi(() =>
      HttpResponse.json(
        detailResponse(
          upstreamSession(DETAIL_SIDS.sessionSid, {
            // An offset in the API's answer is still copied as the same instant in UTC.
            appointmentDate: '2026-11-14T19:25:00-05:00',
            recordingStartDate: null,
          }),
        ),
      ),
    ).handler,
  );
  render(detailPagePath());
  await findDetailHeading();
  await within(breadcrumb()).findByText('Ada Lovelace');

  await user.click(await screen.findByRole('button', { name: 'Copy for a ticket' }));

  // Tests run in UTC, the zone the page shows by default here.
  await expect(navigator.clipboard.readText()).resolves.toBe(
    [
      'Exam session: Ada Lovelace, Chemistry Final Exam (CHEM 201)',
      '',
      'Learner: Ada Lovelace (ada.lovelace@example.edu)',
      'Install: Northfield University',
      'Exam: Chemistry Final Exam',
      'Course: General Chemistry II (CHEM 201)',
      'Session type: live',
      'Status: Incident',
      'Status reason: exam-completed',
      'Notes: Learner left the room twice.',
      '',
      'Times in UTC (UTC in brackets):',
      'Appointment start: Nov 15, 2026, 00:25 (2026-11-15 00:25 UTC)',
      'Appointment end: Nov 15, 2026, 02:25 (2026-11-15 02:25 UTC)',
      'Scheduled: Nov 1, 2026, 09:00 (2026-11-01 09:00 UTC)',
      'In progress: Nov 15, 2026, 00:27 (2026-11-15 00:27 UTC)',
      'System check start: Nov 15, 2026, 00:20 (2026-11-15 00:20 UTC)',
      'System check end: Nov 15, 2026, 00:24 (2026-11-15 00:24 UTC)',
      'Created: Oct 30, 2026, 14:05 (2026-10-30 14:05 UTC)',
      'Last edited: Nov 15, 2026, 03:10 (2026-11-15 03:10 UTC)',
      'Review by: Nov 18, 2026, 00:00 (2026-11-18 00:00 UTC)',
      '',
      `Link: ${window.location.origin}${detailPagePath()}`,
      '',
      'Sids:',
      `Install sid: ${SIDS.installSid}`,
      `Enrollment sid: ${SIDS.enrollmentSid}`,
      `Exam sid: ${SIDS.examSid}`,
      `Session sid: ${DETAIL_SIDS.sessionSid}`,
      `User sid: ${LEARNER_SID}`,
    ].join('\n'),
  );
  expect(screen.getAllByRole('status').some((status) => status.textContent === 'Copied')).toBe(
    true,
  );
});

test('the incident comes first: notes, annotations by their authors and events by severity, before the fields', async () => {
  const user = userEvent.setup();
  const annotations = recordsApi('annotations', [
    {
      sid: `AN${'1'.repeat(32)}`,
      createdDate: '2026-11-15T01:10:00.000Z',
      annotationType: 'Multiple People',
      text: 'Someone walked behind the learner.',
      author: { userSid: PROCTOR_SID, name: 'Jordan Blake', role: 'proctor' },
      examSessionSid: DETAIL_SIDS.sessionSid,
    },
  ]);
  server.use(
    detailApi((_url, params) =>
      HttpResponse.json(
        detailResponse(
          upstreamSession(params.sessionSid ?? '', {
            instructorProctorSid: PROCTOR_SID,
            reviewByUserSid: PROCTOR_SID,
          }),
        ),
      ),
    ).handler,
    annotations.handler,
    recordsApi('events', makeRecords('events', 3)).handler,
  );
  render(detailPagePath());
  await findDetailHeading();

  const proctorNotes = await screen.findByRole('region', { name: 'Proctor annotations' });
  await within(proctorNotes).findByRole('heading', { name: 'Multiple People' });
  const [entry = proctorNotes] = within(proctorNotes).getAllByRole('listitem');
  expect(entry).toHaveTextContent('Someone walked behind the learner.');
  expect(entry).toHaveTextContent('By Jordan Blake');
  const events = region('Integrity events');
  expect(await within(events).findAllByText('High')).toHaveLength(2);
  expect(within(events).getByText('Low')).toHaveTextContent('Low severity');

  // Notes, then the proctor's annotations, then the events, all before the session's fields.
  const order = ['Notes', 'Proctor annotations', 'Integrity events', 'Status'].map(region);
  for (const [before, after] of order.slice(0, -1).map((item, index) => [item, order[index + 1]])) {
    expect(before?.compareDocumentPosition(after ?? document.body)).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
  }

  // The raw fields fold away, the session's own sid among them.
  const raw = within(entry).getByRole('definition', { name: 'examSessionSid' });
  expect(raw).not.toBeVisible();
  await user.click(within(entry).getByText(/^More fields/));
  expect(raw).toBeVisible();

  // People are named where the annotations name them, with the sid kept.
  const related = region('Related sids');
  expect(valueOf(related, 'Instructor proctor')).toHaveTextContent(`Jordan Blake${PROCTOR_SID}`);
  expect(valueOf(related, 'Reviewer')).toHaveTextContent(`Jordan Blake${PROCTOR_SID}`);
  expect(valueOf(related, 'User')).toHaveTextContent(`Ada Lovelace${LEARNER_SID}`);
  // Read from the timeline's own answer: the annotations are asked for once.
  expect(annotations.requests).toHaveLength(1);
});
