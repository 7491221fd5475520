import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { renderToString } from 'react-dom/server';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterAll, expect, test, vi } from 'vitest';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { createQueryClient } from '#src/app/providers.tsx';
import { DateCell } from '#src/components/date-cell.tsx';
import { DisplayZoneProvider } from '#src/lib/time-zone/display-zone.tsx';
import { INSTALL_SETTINGS, settingsApi } from '#src/testing/detail-fixtures.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderInRouter } from '#src/testing/render.tsx';
import { SIDS } from '#src/testing/session-fixtures.ts';
import { Hydrating, ServerRendered } from '#src/lib/use-hydrated.tsx';

/** The install settings endpoint, answering with this default time zone. */
function settingsWithZone(defaultTimezone: string | null) {
  return settingsApi(() => HttpResponse.json({ ...INSTALL_SETTINGS, defaultTimezone }));
}

// A viewer in Paris, so "my time zone" is neither UTC nor the install's zone.
vi.stubEnv('TZ', 'Europe/Paris');
afterAll(() => {
  vi.unstubAllEnvs();
});

const SESSIONS_PATH = buildPath(PAGE_ROUTES.sessions, SIDS);

/** 00:25 UTC on 15 Nov 2026 = 01:25 in Paris = 18:25 on 14 Nov in Chicago (CST, UTC−6). */
const INSTANT = '2026-11-15T00:25:00.000Z';

const ROUTES = (
  <Routes>
    <Route
      path={PAGE_ROUTES.sessions}
      element={
        <DisplayZoneProvider>
          <DateCell value={INSTANT} empty="Unknown" />
        </DisplayZoneProvider>
      }
    />
  </Routes>
);

function renderCell(search: string) {
  return renderInRouter(ROUTES, { url: `${SESSIONS_PATH}${search}` });
}

function cell(): HTMLElement {
  return screen.getByTitle(INSTANT);
}

/** The absolute date: the cell's first text, before the relative hint. */
function absoluteText(): string {
  return cell().firstChild?.textContent ?? '';
}

test('by default the cell shows the viewer’s zone, keeping the exact instant in title and datetime', () => {
  renderCell('');

  expect(absoluteText()).toMatch(/15.*2026.*01:25/);
  expect(cell()).toHaveAttribute('datetime', INSTANT);
});

test('with tz=utc the cell shows 00:25 on 15 Nov, compact: no weekday and no zone name', () => {
  renderCell('?tz=utc');

  expect(absoluteText()).toMatch(/15.*2026.*00:25$/);
  expect(absoluteText()).not.toMatch(/UTC|Sun/);
  expect(cell()).toHaveAttribute('datetime', INSTANT);
});

test('with tz=install the cell shows 18:25 on 14 Nov in the install’s Chicago zone', async () => {
  server.use(settingsWithZone('America/Chicago').handler);

  renderCell('?tz=install');

  await waitFor(() => expect(absoluteText()).toMatch(/14.*2026.*18:25$/));
  expect(cell()).toHaveAttribute('title', INSTANT);
});

test('empty and unparseable values are shown as such in any zone', () => {
  renderInRouter(
    <Routes>
      <Route
        path={PAGE_ROUTES.sessions}
        element={
          <>
            <DateCell value={null} empty="Not scheduled" />
            <DateCell value="soon-ish" empty="Unknown" />
          </>
        }
      />
    </Routes>,
    { url: `${SESSIONS_PATH}?tz=utc` },
  );

  expect(screen.getByText('Not scheduled')).toBeInTheDocument();
  expect(screen.getByText('soon-ish')).toBeInTheDocument();
});

function tree(search: string) {
  return (
    <QueryClientProvider client={createQueryClient()}>
      <MemoryRouter initialEntries={[`${SESSIONS_PATH}${search}`]}>{ROUTES}</MemoryRouter>
    </QueryClientProvider>
  );
}

test.each([
  ['', /01:25/],
  ['?tz=utc', /00:25$/],
  ['?tz=install', /18:25$/],
])(
  'with search "%s" the server renders the UTC form, hydration matches, then the zone shows',
  async (search, hydratedText) => {
    server.use(settingsWithZone('America/Chicago').handler);
    const container = document.createElement('div');
    container.innerHTML = renderToString(<ServerRendered>{tree(search)}</ServerRendered>);
    // Locale-free, so the server's and the browser's first render are the same text.
    expect(container).toHaveTextContent(/^2026-11-15 00:25$/);

    document.body.append(container);
    const recoverable: unknown[] = [];
    render(<Hydrating>{tree(search)}</Hydrating>, {
      container,
      hydrate: true,
      onRecoverableError: (error) => recoverable.push(error),
    });

    await waitFor(() => expect(absoluteText()).toMatch(hydratedText));
    // A hydration mismatch is reported here (and would throw through console.error).
    expect(recoverable).toEqual([]);
  },
);
