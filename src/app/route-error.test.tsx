import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { expect, test, vi } from 'vitest';
import { RouteErrorPage } from '#src/app/route-error.tsx';

function BrokenPage(): never {
  throw new Error('a bug in a cell renderer');
}

test('a render error shows a plain-words page with a way back, not a blank screen', async () => {
  // React and the router report the caught error on the console; here that is the expected path.
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const router = createMemoryRouter(
    [{ path: '/', Component: BrokenPage, ErrorBoundary: RouteErrorPage }],
    { initialEntries: ['/'] },
  );
  render(<RouterProvider router={router} />);

  const alert = await screen.findByRole('alert');
  expect(alert).toHaveTextContent('Something went wrong on this page');
  expect(alert).not.toHaveTextContent('a bug in a cell renderer');
  expect(screen.getByRole('button', { name: 'Reload the page' })).toBeEnabled();
  expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
  consoleError.mockRestore();
});
