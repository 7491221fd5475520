import { demoLinks } from '#server/demo-upstream/data.ts';
import { expect, test } from './sessions-page.ts';

test('the home page lists the demo links and the busy one opens a table of sessions', async ({
  page,
  sessionsPage,
}) => {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Proctored exam sessions' }),
  ).toBeVisible();

  const demo = page.getByRole('region', { name: 'Demo data' });
  const dashboards = demoLinks.filter((link) => link.kind === 'dashboard');
  const faults = demoLinks.filter((link) => link.kind === 'fault');
  for (const link of dashboards) {
    await expect(demo.getByRole('link', { name: link.label })).toHaveAttribute('href', link.path);
  }
  await demo.getByText('Demo faults').click();
  for (const link of faults) {
    await expect(demo.getByRole('link', { name: link.label })).toHaveAttribute('href', link.path);
  }

  const busy = dashboards.find((link) => link.label.startsWith('Chemistry final'));
  expect(busy, 'the busy demo link').toBeDefined();
  await demo.getByRole('link', { name: busy?.label }).click();

  await expect(page).toHaveURL(busy?.path ?? '');
  await expect(page.getByRole('heading', { level: 1, name: 'Exam sessions' })).toBeVisible();
  await sessionsPage.expectSettled();
  await expect(sessionsPage.rows()).toHaveCount(25);
  // The sid heads its row; status, type, appointment, created and last edited follow.
  await expect(sessionsPage.rows().first().getByRole('rowheader')).toHaveCount(1);
  await expect(sessionsPage.rows().first().getByRole('cell')).toHaveCount(5);
});

test('in demo mode every page says so, and sids the demo does not know point back to its links', async ({
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 404\b.*\/api\/v1\//);
  consoleErrors.allow(/status of 404\b.*\/no\/such\/page\)/);
  const banner = page.getByRole('complementary', { name: 'Demo mode' });

  await page.goto('/');
  await expect(banner).toContainText('Demo data.');

  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(banner).toBeVisible();

  const unknown = '0'.repeat(32);
  await page.goto(`/installs/AI${unknown}/enrollments/EN${unknown}/exams/EX${unknown}/sessions`);
  const alert = page.getByRole('alert', { name: 'The demo has no data at these sids' });
  await expect(alert).toContainText(
    'Only the sids in the demo links have data: open one of those instead.',
  );
  await expect(banner).toBeVisible();
  await alert.getByRole('link', { name: 'Open the demo links' }).click();
  await expect(page.getByRole('region', { name: 'Demo data' })).toBeVisible();
});
