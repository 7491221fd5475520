import { expect, test } from 'vitest';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { pageRenderer } from '#src/entry-server.tsx';
import { SIDS, sessionSid } from '#src/testing/session-fixtures.ts';

// Every page the server may render, split off or not; renderToString marks a boundary that
// suspended (code it did not have) with <!--$!-->.
const PAGES = [
  PAGE_ROUTES.home,
  PAGE_ROUTES.signIn,
  buildPath(PAGE_ROUTES.sessions, SIDS),
  buildPath(PAGE_ROUTES.sessionDetail, { ...SIDS, sessionSid: sessionSid(1) }),
  '/no/such/page',
];

test.each(PAGES)('the server renders %s whole: no split-off code is missing', async (path) => {
  const view = await pageRenderer.renderPage(new URL(path, 'http://localhost'), {
    serverInfo: { mode: 'upstream', access: { mode: 'shared' } },
  });

  expect(view).not.toBe('');
  expect(view).not.toContain('<!--$!-->');
});
