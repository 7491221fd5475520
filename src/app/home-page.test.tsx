import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
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

function field(name: 'Install sid' | 'Enrollment sid' | 'Exam sid') {
  return screen.getByRole('textbox', { name: new RegExp(`^${name}`) });
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
  expect(screen.getByRole('form', { name: 'Open a learner’s sessions' })).toBeInTheDocument();
});

test('when the server does not say its mode the page says so and the form still works', async () => {
  server.use(serverInfo(() => errorResponse('internal_error', 500, 'Boom.')).handler);
  renderRoute('/');

  expect(
    await screen.findByText(
      'The server did not say whether it runs on demo data, so no demo links are listed; open a sessions link or use the form above.',
    ),
  ).toBeInTheDocument();
  expect(screen.getByRole('form', { name: 'Open a learner’s sessions' })).toBeInTheDocument();
});

test('the open-sessions form explains each bad sid inline and stays on the home page', async () => {
  const user = userEvent.setup();
  const { router } = renderRoute('/');

  await user.type(field('Install sid'), 'AI123');
  await user.type(field('Enrollment sid'), SIDS.enrollmentSid);
  await user.click(screen.getByRole('button', { name: 'Show sessions' }));

  expect(currentUrl(router)).toBe('/');
  expect(field('Install sid')).toHaveAttribute('aria-invalid', 'true');
  expect(field('Install sid')).toHaveAccessibleDescription(
    'Must be AI followed by 32 lowercase hexadecimal characters (0-9, a-f).',
  );
  expect(field('Enrollment sid')).not.toHaveAttribute('aria-invalid');
  expect(field('Enrollment sid')).not.toHaveAccessibleDescription();
  expect(field('Exam sid')).toHaveAttribute('aria-invalid', 'true');
  expect(field('Exam sid')).toHaveAccessibleDescription(
    'Must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f).',
  );
});

test('a field keeps its label as its name while it shows an error', async () => {
  const user = userEvent.setup();
  renderRoute('/');

  await user.click(screen.getByRole('button', { name: 'Show sessions' }));

  // The error is the field's description; in its name too, a screen reader reads it twice.
  const install = field('Install sid');
  expect(install).toHaveAccessibleDescription(
    'Must be AI followed by 32 lowercase hexadecimal characters (0-9, a-f).',
  );
  expect(install).toHaveAccessibleName('Install sid');
});

test('errors are not shown before the form is first submitted', async () => {
  const user = userEvent.setup();
  renderRoute('/');

  await user.type(field('Install sid'), 'AI123');

  expect(field('Install sid')).not.toHaveAttribute('aria-invalid');
  expect(screen.queryByText(/^Must be/)).not.toBeInTheDocument();
});

test('the open-sessions form opens the sessions of valid sids, ignoring stray spaces', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(['Closed']));
  server.use(api.handler);
  const { router } = renderRoute('/');

  await user.type(field('Install sid'), ` ${SIDS.installSid} `);
  await user.type(field('Enrollment sid'), SIDS.enrollmentSid);
  await user.type(field('Exam sid'), SIDS.examSid);
  await user.click(screen.getByRole('button', { name: 'Show sessions' }));

  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  expect(router.state.historyAction).toBe('PUSH');
  expect(
    await within(await screen.findByRole('table')).findByRole('link', { name: sessionSid(0) }),
  ).toBeInTheDocument();
  expect(api.requests.map((url) => `${url.pathname}${url.search}`)).toEqual([
    `${API_SESSIONS_PATH}${listSearch({})}`,
  ]);
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
