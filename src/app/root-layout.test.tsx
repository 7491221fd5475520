import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
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
