import { expect, test } from 'vitest';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { pageRenderer } from '#src/entry-server.tsx';
import { SIDS, sessionSid } from '#src/testing/session-fixtures.ts';

const UNKNOWN_PAGE = '/no/such/page';

// Every page the server may render, split off or not; renderToString marks a boundary that
// suspended (code it did not have) with <!--$!-->.
const PAGES = [
  PAGE_ROUTES.home,
  PAGE_ROUTES.signIn,
  buildPath(PAGE_ROUTES.sessions, SIDS),
  buildPath(PAGE_ROUTES.sessionDetail, { ...SIDS, sessionSid: sessionSid(1) }),
  UNKNOWN_PAGE,
];

function render(path: string) {
  return pageRenderer.renderPage(new URL(path, 'http://localhost'), {
    serverInfo: { mode: 'upstream', access: { mode: 'shared' } },
  });
}

test.each(PAGES)('the server renders %s whole: no split-off code is missing', async (path) => {
  const { html } = await render(path);

  expect(html).not.toBe('');
  expect(html).not.toContain('<!--$!-->');
});

test.each(PAGES)('the server answers %s with 404 only where no route matched', async (path) => {
  const { html } = await render(path);

  expect(pageRenderer.pageStatus(new URL(path, 'http://localhost'))).toBe(
    path === UNKNOWN_PAGE ? 404 : 200,
  );
  expect(html.includes('Page not found')).toBe(path === UNKNOWN_PAGE);
});
