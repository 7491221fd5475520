/**
 * Staff know learners and exams by name: a list names its exam and learner in its header, its tab
 * and Recently viewed, learned from one session it already shows, with the sids still at hand.
 */
import { sessionsPath } from '#src/lib/paths.ts';
import { RECENT_VIEWS_STORAGE_KEY } from '#src/lib/recent-views/recent-views.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expect, test } from './sessions-page.ts';

test('the Chemistry final list names its exam and learner in its header and its tab', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();

  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(breadcrumb).toContainText('Exam Chemistry Final Exam (CHEM 201)');
  await expect(breadcrumb).toContainText('Learner Maya Okonkwo');
  await expect(breadcrumb).toContainText('Install Northfield University');
  // The sids stay where staff can copy them.
  await expect(breadcrumb.getByRole('button', { name: 'Copy exam sid' })).toBeVisible();
  await expect(breadcrumb).toContainText(DEMO_SIDS.busy.examSid);
  await expect(page).toHaveTitle(
    /^Chemistry Final Exam \(CHEM 201\) · Maya Okonkwo · Exam sessions/,
  );

  // One lookup names both: no call beyond the list's context, the learner and the install.
  const lookups = sessionsPage.apiRequests
    .map((request) => new URL(request.url()).pathname)
    .filter((path) => !path.endsWith('/sessions') && !path.endsWith('/session-counts'));
  const contexts = sessionsPage.apiRequests.filter((request) =>
    new URL(request.url()).pathname.endsWith('/context'),
  );
  expect(contexts).toHaveLength(1);
  expect(lookups).toHaveLength(3);
  // The server learns both from the first session on screen.
  const firstRowSid = await sessionsPage.rows().first().getByRole('link').first().textContent();
  expect(new URL(contexts[0]?.url() ?? '/').searchParams.get('session')).toBe(firstRowSid);
});

test('Recently viewed tells two exams of one learner apart by their titles', async ({
  page,
  sessionsPage,
}) => {
  for (const sids of [DEMO_SIDS.busy, DEMO_SIDS.live]) {
    await sessionsPage.goto(sids);
    await sessionsPage.expectSettled();
    await expect(page).toHaveTitle(/Maya Okonkwo/);
    await expect
      .poll(() => page.evaluate((key) => localStorage.getItem(key) ?? '', RECENT_VIEWS_STORAGE_KEY))
      .toMatch(new RegExp(`"examSid":"${sids.examSid}"[^}]*"examName"`));
  }

  await page.goto('/');
  const recent = page.getByRole('region', { name: 'Recently viewed' });
  await expect(
    recent.getByRole('link', { name: /Chemistry Final Exam \(CHEM 201\)/ }),
  ).toHaveAttribute('href', sessionsPath(DEMO_SIDS.busy));
  await expect(
    recent.getByRole('link', { name: /Physics Lab Practical \(PHYS 150\)/ }),
  ).toHaveAttribute('href', sessionsPath(DEMO_SIDS.live));
});

test('a status typed as the API writes it is read, and the link rewritten in its canonical form', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=Incident&status=Needs%20Proctor');
  await expect(page).toHaveURL(
    `${sessionsPath(DEMO_SIDS.busy)}?status=needs-proctor&status=incident`,
  );
  await sessionsPage.expectSettled();
  await expect(sessionsPage.notice).toHaveCount(0);
  await expect(sessionsPage.statusFilter('Incident')).toBeChecked();
});
