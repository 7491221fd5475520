import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, expect, test } from 'vitest';
import { SERVER_INFO_PATH, type DemoLink, type ServerInfo } from '#src/api/contract/server-info.ts';
import {
  API_SESSIONS_PATH,
  SESSIONS_PATH,
  SIDS,
  errorResponse,
  listSearch,
  makeSessions,
  sessionSid,
  sessionsApi,
} from '#src/testing/session-fixtures.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute, currentUrl } from '#src/testing/render.tsx';
import { RECENT_VIEWS_STORAGE_KEY } from '#src/lib/recent-views/recent-views.ts';

afterEach(() => {
  window.localStorage.clear();
});

const DEMO_LINKS: DemoLink[] = [
  {
    kind: 'dashboard',
    label: 'A learner with a busy history',
    description: '132 sessions across every status.',
    path: `${SESSIONS_PATH}?status=incident`,
  },
  {
    kind: 'dashboard',
    label: 'A learner with no sessions',
    description: 'The empty state.',
    path: '/installs/AI11111111111111111111111111111111/enrollments/EN22222222222222222222222222222222/exams/EX33333333333333333333333333333333/sessions',
  },
  {
    kind: 'fault',
    label: 'Token refused',
    description: 'The upstream answers 401.',
    path: '/installs/AI44444444444444444444444444444444/enrollments/EN55555555555555555555555555555555/exams/EX66666666666666666666666666666666/sessions',
  },
];

function serverInfo(answer: () => Response) {
  const requests: string[] = [];
  return {
    handler: http.get(SERVER_INFO_PATH, ({ request }) => {
      requests.push(request.url);
      return answer();
    }),
    requests,
  };
}

const demoMode = () =>
  HttpResponse.json({
    mode: 'demo',
    demoLinks: DEMO_LINKS,
    access: { mode: 'shared' },
  } satisfies ServerInfo);

function field(
  name: 'Link' | 'Install sid' | 'Enrollment sid' | 'Exam sid' | 'Session sid (optional)',
) {
  return screen.getByRole('textbox', { name });
}

test('in demo mode the home page lists the demo links, faults tucked away', async () => {
  const user = userEvent.setup();
  const demo = serverInfo(demoMode);
  server.use(demo.handler);
  renderRoute('/');

  expect(await screen.findByRole('complementary', { name: 'Demo mode' })).toHaveTextContent(
    'Demo data.',
  );
  const section = await screen.findByRole('region', { name: 'Demo data' });
  expect(
    within(section).getByRole('link', { name: /A learner with a busy history/ }),
  ).toHaveAttribute('href', `${SESSIONS_PATH}?status=incident`);
  expect(within(section).getByRole('link', { name: /A learner with no sessions/ })).toHaveAttribute(
    'href',
    DEMO_LINKS[1]?.path,
  );

  await user.click(
    within(section).getByText('Demo faults: see how each upstream failure is shown'),
  );
  expect(within(section).getByRole('link', { name: /Token refused/ })).toHaveAttribute(
    'href',
    DEMO_LINKS[2]?.path,
  );
  expect(demo.requests).toHaveLength(1);
});

test('following a demo link opens that view', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(['Incident', 'Closed']));
  server.use(serverInfo(demoMode).handler, api.handler);
  const { router } = renderRoute('/');

  await user.click(await screen.findByRole('link', { name: /A learner with a busy history/ }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=incident`);
  expect(await screen.findByRole('heading', { name: 'Exam sessions' })).toBeInTheDocument();
  await screen.findByText('1 session in this view');
  expect(api.requests[0]?.search).toBe(listSearch({ statuses: ['Incident'] }));
});

test('reading the real API, there is no demo section or banner, and nothing asks for demo links', async () => {
  const info = serverInfo(() =>
    HttpResponse.json({ mode: 'upstream', access: { mode: 'shared' } } satisfies ServerInfo),
  );
  server.use(info.handler);
  const { queryClient } = renderRoute('/');

  await waitFor(() => expect(queryClient.isFetching()).toBe(0));
  // Any other request (an old /api/demo-links, say) would fail the test as unhandled.
  expect(info.requests).toHaveLength(1);
  expect(screen.queryByRole('region', { name: 'Demo data' })).not.toBeInTheDocument();
  expect(screen.queryByRole('complementary', { name: 'Demo mode' })).not.toBeInTheDocument();
  expect(screen.queryByText(/demo/i)).not.toBeInTheDocument();
  expect(screen.getByRole('form', { name: 'Open sessions or a session' })).toBeInTheDocument();
});

test('when the server does not say its mode the page says so and the form still works', async () => {
  server.use(serverInfo(() => errorResponse('internal_error', 500, 'Boom.')).handler);
  renderRoute('/');

  expect(
    await screen.findByText(
      'The server did not say whether it runs on demo data, so no demo links are listed; open a sessions link or use the form above.',
    ),
  ).toBeInTheDocument();
  expect(screen.getByRole('form', { name: 'Open sessions or a session' })).toBeInTheDocument();
});

test('a bad sid is named as soon as it cannot become valid, and Open stays home', async () => {
  const user = userEvent.setup();
  const { router } = renderRoute('/');

  // A valid beginning is left alone while it is typed.
  await user.type(field('Install sid'), 'AI123');
  expect(field('Install sid')).not.toHaveAttribute('aria-invalid');
  expect(field('Install sid')).not.toHaveAccessibleDescription();

  await user.type(field('Exam sid'), 'AI');
  expect(field('Exam sid')).toHaveAttribute('aria-invalid', 'true');
  expect(field('Exam sid')).toHaveAccessibleDescription(
    'The exam sid must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f); this one starts with "AI" (that is how a install sid starts).',
  );

  // Leaving a field says what is still missing.
  await user.tab();
  expect(field('Install sid')).toHaveAccessibleDescription(
    'The install sid must be AI followed by 32 lowercase hexadecimal characters (0-9, a-f); this one has 3 after AI.',
  );
  expect(field('Install sid')).toHaveAccessibleName('Install sid');

  await user.click(screen.getByRole('button', { name: 'Open' }));
  expect(currentUrl(router)).toBe('/');
  expect(field('Enrollment sid')).toHaveAccessibleDescription('Enter the enrollment sid.');
  expect(field('Session sid (optional)')).not.toHaveAttribute('aria-invalid');
  expect(field('Install sid')).toHaveFocus();
});

test('three valid sids open the sessions, ignoring stray spaces', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(['Closed']));
  server.use(api.handler);
  const { router } = renderRoute('/');

  await user.type(field('Install sid'), ` ${SIDS.installSid} `);
  await user.type(field('Enrollment sid'), SIDS.enrollmentSid);
  await user.type(field('Exam sid'), SIDS.examSid);
  await user.click(screen.getByRole('button', { name: 'Open' }));

  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  expect(router.state.historyAction).toBe('PUSH');
  expect(
    await within(await screen.findByRole('table')).findByRole('link', { name: sessionSid(0) }),
  ).toBeInTheDocument();
  expect(api.requests.map((url) => `${url.pathname}${url.search}`)).toEqual([
    `${API_SESSIONS_PATH}${listSearch({})}`,
  ]);
});

test('a pasted API link fills the sids, and Open goes to its view in canonical form', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Incident'])).handler);
  const { router } = renderRoute('/');

  await user.click(field('Link'));
  await user.paste(
    `https://api.smarterproctoring.com/v1${SESSIONS_PATH}?sortOrder=ASC&status=Incident&offset=0&limit=25`,
  );
  expect(field('Exam sid')).toHaveValue(SIDS.examSid);
  expect(field('Link')).toHaveAccessibleDescription(
    'Read from the link: the sids are filled in below.',
  );
  await user.click(screen.getByRole('button', { name: 'Open' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=incident&sort=createdDate.asc`);
});

test('a link pasted into a sid field is read as a link, and a bad one is explained', async () => {
  const user = userEvent.setup();
  const { router } = renderRoute('/');

  await user.click(field('Install sid'));
  await user.paste(`https://api.smarterproctoring.com/v1/installs/${SIDS.installSid}/settings`);

  expect(field('Link')).toHaveFocus();
  expect(field('Link')).toHaveAttribute('aria-invalid', 'true');
  expect(field('Link')).toHaveAccessibleDescription(
    "This link is not a sessions list or a session; it points to /v1/installs/AI0123…/settings. Paste the link of a learner's sessions for an exam, or of one session.",
  );
  expect(field('Install sid')).toHaveValue('');
  await user.click(screen.getByRole('button', { name: 'Open' }));
  expect(currentUrl(router)).toBe('/');
});

test('recent views are listed after hydration, each removable, and Clear all empties them', async () => {
  const user = userEvent.setup();
  window.localStorage.setItem(
    RECENT_VIEWS_STORAGE_KEY,
    JSON.stringify([
      {
        ...SIDS,
        search: 'status=incident&sort=createdDate.asc',
        learnerName: 'Maya Okonkwo',
        installName: 'Northfield',
      },
      { ...SIDS, sessionSid: sessionSid(3), search: '' },
    ]),
  );
  renderRoute('/');

  const recent = await screen.findByRole('region', { name: 'Recently viewed' });
  expect(within(recent).getByRole('link', { name: /^Maya Okonkwo/ })).toHaveAttribute(
    'href',
    `${SESSIONS_PATH}?status=incident&sort=createdDate.asc`,
  );
  expect(within(recent).getByRole('link', { name: /^Maya Okonkwo/ })).toHaveTextContent(
    'Northfield · exam EXfedcba… · Incident · oldest first',
  );
  const detail = within(recent).getByRole('link', { name: /session ES000000…/ });
  expect(detail).toHaveAttribute('href', `${SESSIONS_PATH}/${sessionSid(3)}`);

  await user.click(
    within(recent).getByRole('button', { name: /^Remove Learner EN001122…, session ES000000…/ }),
  );
  expect(within(recent).queryByRole('link', { name: /session ES/ })).not.toBeInTheDocument();
  expect(JSON.parse(window.localStorage.getItem(RECENT_VIEWS_STORAGE_KEY) ?? '')).toHaveLength(1);

  await user.click(within(recent).getByRole('button', { name: /^Remove Maya Okonkwo/ }));
  expect(recent).toHaveTextContent('Lists and sessions you open are listed here');
});

test('opening a list records it in Recently viewed, with the names the page fetched', async () => {
  server.use(sessionsApi(makeSessions(['Closed'])).handler);
  const { router } = renderRoute(`${SESSIONS_PATH}?status=closed`);
  await within(await screen.findByRole('table')).findByRole('link', { name: sessionSid(0) });
  // The list's header looks up the learner and install; the entry is named once they arrive.
  await waitFor(() =>
    expect(window.localStorage.getItem(RECENT_VIEWS_STORAGE_KEY)).toContain('"learnerName"'),
  );

  await act(() => router.navigate('/'));
  const recent = await screen.findByRole('region', { name: 'Recently viewed' });
  const entry = within(recent).getByRole('link', { name: /^Ada Lovelace/ });
  expect(entry).toHaveAttribute('href', `${SESSIONS_PATH}?status=closed`);
  expect(entry).toHaveTextContent(
    'Northfield University · Chemistry Final Exam (CHEM 201) · Closed',
  );
});

test('an unknown address says "Page not found" and links home', async () => {
  const user = userEvent.setup();
  const { router } = renderRoute('/nope');

  expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  expect(screen.getByText('/nope')).toBeInTheDocument();
  const home = screen.getByRole('link', { name: 'Go to the home page' });
  expect(home).toHaveAttribute('href', '/');

  await user.click(home);

  expect(currentUrl(router)).toBe('/');
  expect(
    await screen.findByRole('heading', { name: 'Proctored exam sessions' }),
  ).toBeInTheDocument();
});
