/**
 * Staff know learners and exams by name: a list names its exam and learner in its header, its tab
 * and Recently viewed, learned from one session it already shows, with the sids still at hand.
 */
import { sessionsPath } from '#src/lib/paths.ts';
import { RECENT_VIEWS_STORAGE_KEY } from '#src/lib/recent-views/recent-views.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expect, quietForASecond, test } from './sessions-page.ts';

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

  // The names came with the page when the server had them, else once the page was idle: never
  // twice, and the learner through the first session on screen either way.
  const lookups = sessionsPage.apiRequests
    .map((request) => new URL(request.url()).pathname)
    .filter((path) => !path.endsWith('/sessions') && !path.endsWith('/session-counts'));
  expect(lookups.length).toBeLessThanOrEqual(3);
  expect(new Set(lookups).size).toBe(lookups.length);
  const sent = await page.evaluate(() => {
    const text = document.getElementById('page-data')?.textContent ?? '{}';
    const data = JSON.parse(text) as { pageAnswers?: { apiPath: string }[] };
    return (data.pageAnswers ?? []).map((answer) => answer.apiPath);
  });
  const contexts = [...sessionsPage.apiRequests.map((request) => request.url()), ...sent].filter(
    (url) => new URL(url, page.url()).pathname.endsWith('/context'),
  );
  expect(contexts).toHaveLength(1);
  const firstRowSid = await sessionsPage.rows().first().getByRole('link').first().textContent();
  expect(new URL(contexts[0] ?? '/', page.url()).searchParams.get('session')).toBe(firstRowSid);
});

test('a list seen before comes with its names and counts in its first HTML, and asks for none of them', async ({
  browser,
  page,
  request,
  sessionsPage,
}) => {
  // Seen once: whatever the server did not have, this browser asked it for.
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(breadcrumb).toContainText('Learner Maya Okonkwo');
  await expect(sessionsPage.statusFilter('Incident')).toHaveAccessibleDescription(/^9 sessions\. /);

  const html = await (await request.get(sessionsPath(DEMO_SIDS.busy))).text();
  for (const name of ['Northfield University', 'Maya Okonkwo', 'Chemistry Final Exam (CHEM 201)']) {
    expect(html).toContain(name);
  }

  // Another staff member's browser, without JavaScript: the names and counts are in the HTML.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(sessionsPath(DEMO_SIDS.busy));
  const plainBreadcrumb = plain.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(plainBreadcrumb).toContainText('Install Northfield University');
  await expect(plainBreadcrumb).toContainText('Learner Maya Okonkwo');
  await expect(
    plain.getByRole('checkbox', { name: 'Incident', exact: true }),
  ).toHaveAccessibleDescription(/^9 sessions\. /);
  await context.close();

  // And with it: the page takes them over and asks for none.
  const asked: string[] = [];
  page.on('request', (next) => {
    const { pathname } = new URL(next.url());
    if (pathname.startsWith('/api/v1/')) asked.push(pathname);
  });
  await page.reload();
  await expect(page.getByText('Press ? for keyboard shortcuts.')).toBeVisible();
  await expect(breadcrumb).toContainText('Learner Maya Okonkwo');
  await expect(page).toHaveTitle(/^Chemistry Final Exam \(CHEM 201\) · Maya Okonkwo/);
  // Past the moment the names' code would have asked: a second with no request.
  await quietForASecond(asked);
  expect(
    asked.filter((path) => /\/(?:context|settings|profile|session-counts)$/.test(path)),
  ).toEqual([]);
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
