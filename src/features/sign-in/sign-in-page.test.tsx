import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { SERVER_INFO_PATH, type ServerInfo } from '#src/api/contract/server-info.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute } from '#src/testing/render.tsx';

const SIGNED_OUT: ServerInfo['access'] = {
  mode: 'oidc',
  signedIn: false,
  name: null,
  expiresAt: null,
  provider: 'login.example.edu',
};

function answerServerInfo(info: ServerInfo) {
  server.use(http.get(SERVER_INFO_PATH, () => HttpResponse.json(info)));
}

test('with the institution account, sign-in is a link to its provider that keeps the view to return to', async () => {
  answerServerInfo({ mode: 'upstream', access: SIGNED_OUT });
  renderRoute('/sign-in?next=%2Finstalls%2Fx%3Fpage%3D2&problem=expired');

  const signIn = await screen.findByRole('link', { name: 'Sign in with login.example.edu' });
  expect(signIn).toHaveAttribute('href', '/auth/oidc?next=%2Finstalls%2Fx%3Fpage%3D2');
  expect(screen.getByRole('alert')).toHaveTextContent(
    'Your sign-in has ended. Sign in again and you will return to the page you were on.',
  );
  expect(screen.queryByLabelText('Your SmarterProctoring API token')).not.toBeInTheDocument();
  expect(screen.queryByRole('complementary', { name: 'Demo accounts' })).not.toBeInTheDocument();
});

test('in the demo, the sign-in page says its accounts are made up', async () => {
  answerServerInfo({ mode: 'demo', demoLinks: [], access: SIGNED_OUT });
  renderRoute('/sign-in');

  await screen.findByRole('link', { name: 'Sign in with login.example.edu' });
  expect(screen.getByRole('complementary', { name: 'Demo accounts' })).toHaveTextContent(
    'This is the demo: its identity provider offers made-up staff accounts, with no password.',
  );
});

test('a sign-in the provider could not finish is explained in plain words, naming the provider', async () => {
  answerServerInfo({ mode: 'upstream', access: SIGNED_OUT });
  renderRoute('/sign-in?problem=provider-unreachable');

  await screen.findByRole('link', { name: 'Sign in with login.example.edu' });
  expect(screen.getByRole('alert')).toHaveTextContent(
    'login.example.edu is not answering, so signing in is not possible just now. Try again in a minute.',
  );
});

test('after signing out, the sign-in page says the browser holds no sign-in any more', async () => {
  answerServerInfo({ mode: 'upstream', access: SIGNED_OUT });
  renderRoute('/sign-in?problem=signed-out');

  await screen.findByRole('link', { name: 'Sign in with login.example.edu' });
  expect(
    screen.getByText('You have signed out: this browser no longer holds your sign-in.'),
  ).toHaveAttribute('role', 'status');
});
