import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { SERVER_INFO_PATH, type ServerInfo } from '#src/api/contract/server-info.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute } from '#src/testing/render.tsx';

test('every page has a skip link to its content and the Theme select in the header', async () => {
  const user = userEvent.setup();
  renderRoute('/');
  await screen.findByRole('heading', { level: 1, name: 'Proctored exam sessions' });

  const banner = screen.getByRole('banner');
  expect(banner).toContainElement(screen.getByRole('combobox', { name: 'Theme' }));

  await user.tab();
  const skip = screen.getByRole('link', { name: 'Skip to content' });
  expect(skip).toHaveFocus();
  expect(skip).toHaveAttribute('href', '#main');
  expect(screen.getByRole('main')).toHaveAttribute('id', 'main');
});

test('a page loaded keeps focus at the top; a page reached by a navigation focuses its heading', async () => {
  const user = userEvent.setup();
  const { router } = renderRoute('/nowhere');
  const notFound = await screen.findByRole('heading', { level: 1, name: 'Page not found' });
  expect(notFound).not.toHaveFocus();

  await user.click(screen.getByRole('link', { name: 'Go to the home page' }));
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Proctored exam sessions' }),
  ).toHaveFocus();

  await act(() => router.navigate('/sign-in'));
  expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toHaveFocus();

  await act(() => router.navigate('/elsewhere'));
  expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toHaveFocus();
});

test('signed in with the institution account, the header names the person and when the session ends', async () => {
  server.use(
    http.get(SERVER_INFO_PATH, () =>
      HttpResponse.json({
        mode: 'upstream',
        access: {
          mode: 'oidc',
          signedIn: true,
          name: 'Maya Okonkwo',
          expiresAt: new Date(Date.now() + 8 * 60 * 60 * 1000).toISOString(),
          provider: 'login.example.edu',
        },
      } satisfies ServerInfo),
    ),
  );
  renderRoute('/');

  const banner = screen.getByRole('banner');
  expect(
    await within(banner).findByText(/^Signed in as Maya Okonkwo · session ends$/),
  ).toBeVisible();
  expect(within(banner).getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
});
