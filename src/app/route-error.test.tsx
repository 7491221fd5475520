import { render, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { MemoryRouter } from 'react-router';
import { expect, test, vi } from 'vitest';
import { SERVER_INFO_PATH, type ServerInfo } from '#src/api/contract/server-info.ts';
import { AppProviders } from '#src/app/providers.tsx';
import { AppErrorBoundary } from '#src/app/router.tsx';
import { server } from '#src/testing/msw-server.ts';

function BrokenPage(): never {
  throw new Error('a bug in a cell renderer');
}

function renderBrokenPage() {
  render(
    <AppProviders>
      <MemoryRouter>
        <AppErrorBoundary>
          <BrokenPage />
        </AppErrorBoundary>
      </MemoryRouter>
    </AppProviders>,
  );
}

test('a render error shows a plain-words page with a way back, not a blank screen', async () => {
  // React and the router report the caught error on the console; here that is the expected path.
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  renderBrokenPage();

  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('Something went wrong on this page');
  expect(alert).not.toHaveTextContent('a bug in a cell renderer');
  expect(screen.getByRole('button', { name: 'Reload the page' })).toBeEnabled();
  expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
  expect(screen.queryByRole('complementary', { name: 'Demo mode' })).not.toBeInTheDocument();
  consoleError.mockRestore();
});

test('in demo mode the error page still says the data is a demo', async () => {
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  server.use(
    http.get(SERVER_INFO_PATH, () =>
      HttpResponse.json({
        mode: 'demo',
        demoLinks: [],
        access: { mode: 'shared' },
      } satisfies ServerInfo),
    ),
  );
  renderBrokenPage();

  expect(await screen.findByRole('complementary', { name: 'Demo mode' })).toHaveTextContent(
    'Demo data.',
  );
  expect(screen.getByRole('alert')).toHaveTextContent('Something went wrong on this page');
  consoleError.mockRestore();
});
