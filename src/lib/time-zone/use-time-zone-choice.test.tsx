import { act, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { Route, Routes } from 'react-router';
import { afterAll, expect, test, vi } from 'vitest';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { DateCell } from '#src/components/date-cell.tsx';
import { DisplayZoneProvider } from '#src/lib/time-zone/display-zone.tsx';
import { TimeZoneSelect } from '#src/lib/time-zone/time-zone-select.tsx';
import { useTimeZoneChoice } from '#src/lib/time-zone/use-time-zone-choice.ts';
import { INSTALL_SETTINGS, settingsApi } from '#src/testing/detail-fixtures.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderInRouter, currentUrl } from '#src/testing/render.tsx';
import { errorResponse, SIDS, sessionSid } from '#src/testing/session-fixtures.ts';

/** The install settings endpoint, answering with this default time zone. */
function settingsWithZone(defaultTimezone: string | null) {
  return settingsApi(() => HttpResponse.json({ ...INSTALL_SETTINGS, defaultTimezone }));
}

// A viewer in Paris, so "my time zone" is neither UTC nor the install's zone.
vi.stubEnv('TZ', 'Europe/Paris');
afterAll(() => {
  vi.unstubAllEnvs();
});

/** A session detail URL: the page the other half of the choice lives on. */
const DETAIL_PATH = buildPath(PAGE_ROUTES.sessionDetail, { ...SIDS, sessionSid: sessionSid(1) });

/** 00:25 UTC on 15 Nov 2026 = 01:25 in Paris = 18:25 on 14 Nov in Chicago. */
const INSTANT = '2026-11-15T00:25:00.000Z';

function TimesCaption() {
  const { label, timeZone } = useTimeZoneChoice();
  return (
    <p>
      Times are in {label}, zone {timeZone ?? 'of the viewer'}.
    </p>
  );
}

function DatedPage() {
  return (
    <DisplayZoneProvider>
      <TimeZoneSelect />
      <TimesCaption />
      <DateCell value={INSTANT} empty="Unknown" />
    </DisplayZoneProvider>
  );
}

function renderAt(url: string) {
  return renderInRouter(
    <Routes>
      <Route path={PAGE_ROUTES.sessionDetail} element={<DatedPage />} />
      <Route path="*" element={<DatedPage />} />
    </Routes>,
    { url },
  );
}

function timesIn(): HTMLElement {
  return screen.getByRole('combobox', { name: 'Times in' });
}

/**
 * The polite notice beside the select, checked as the select's description and as a status
 * region (the page has other, empty status regions).
 */
function expectNotice(text: string) {
  expect(timesIn()).toHaveAccessibleDescription(text);
  expect(screen.getByText(text)).toHaveRole('status');
}

function dateText(): string {
  return screen.getByTitle(INSTANT).firstChild?.textContent ?? '';
}

test('by default times are in the viewer’s named zone and the install is not asked', () => {
  const settings = settingsWithZone('America/Chicago');
  server.use(settings.handler);

  renderAt(DETAIL_PATH);

  expect(timesIn()).toHaveDisplayValue('My time zone (Europe/Paris)');
  expect(
    screen.getByText('Times are in My time zone (Europe/Paris), zone of the viewer.'),
  ).toBeInTheDocument();
  expect(dateText()).toMatch(/15.*01:25/);
  expect(timesIn()).toHaveAccessibleDescription('');
  expect(settings.requests).toHaveLength(0);
});

test('tz=utc shows UTC without asking the install', () => {
  const settings = settingsWithZone('America/Chicago');
  server.use(settings.handler);

  renderAt(`${DETAIL_PATH}?tz=utc`);

  expect(timesIn()).toHaveDisplayValue('UTC');
  expect(screen.getByText('Times are in UTC, zone UTC.')).toBeInTheDocument();
  expect(dateText()).toMatch(/15.*00:25$/);
  expect(settings.requests).toHaveLength(0);
});

test('tz=install shows the install’s zone once its settings arrive, with a notice until then', async () => {
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const settings = settingsApi(async () => {
    await arrived;
    return HttpResponse.json(INSTALL_SETTINGS);
  });
  server.use(settings.handler);

  renderAt(`${DETAIL_PATH}?tz=install`);

  // Until then the viewer's zone, said so politely.
  await waitFor(() => {
    expectNotice(
      "The install's time zone is still loading; times are in your time zone until then.",
    );
  });
  expect(dateText()).toMatch(/01:25/);

  arrive();

  expect(
    await screen.findByText('Times are in Install (America/Chicago), zone America/Chicago.'),
  ).toBeInTheDocument();
  expect(timesIn()).toHaveDisplayValue('Install (America/Chicago)');
  expect(dateText()).toMatch(/14.*18:25/);
  expect(timesIn()).toHaveAccessibleDescription('');
  expect(settings.requests.map((url) => url.pathname)).toEqual([
    `/api/v1/installs/${SIDS.installSid}/settings`,
  ]);
});

test('an install without a default time zone falls back to the viewer’s, with a notice', async () => {
  server.use(settingsWithZone(null).handler);

  renderAt(`${DETAIL_PATH}?tz=install`);

  await waitFor(() => {
    expectNotice("The install's time zone is unknown; times are in your time zone.");
  });
  expect(
    screen.getByText('Times are in My time zone (Europe/Paris), zone of the viewer.'),
  ).toBeInTheDocument();
  expect(timesIn()).toHaveDisplayValue('Install');
  expect(dateText()).toMatch(/15.*01:25/);
});

test('a page with no install in its URL falls back to the viewer’s zone, with a notice', () => {
  const settings = settingsWithZone('America/Chicago');
  server.use(settings.handler);

  renderAt('/somewhere-else?tz=install');

  expectNotice("The install's time zone is unknown; times are in your time zone.");
  expect(dateText()).toMatch(/01:25/);
  expect(settings.requests).toHaveLength(0);
});

test('a zone this browser does not know falls back to the viewer’s, naming it in the notice', async () => {
  server.use(settingsWithZone('Mars/Olympus_Mons').handler);

  renderAt(`${DETAIL_PATH}?tz=install`);

  await waitFor(() => {
    expectNotice(
      'The install\'s time zone ("Mars/Olympus_Mons") is not one this browser knows; times are in your time zone.',
    );
  });
  expect(dateText()).toMatch(/15.*01:25/);
});

test('settings that fail to load fall back to the viewer’s zone, with a notice', async () => {
  server.use(
    settingsApi(() => errorResponse('upstream_error', 502, 'The upstream failed.')).handler,
  );

  renderAt(`${DETAIL_PATH}?tz=install`);

  await waitFor(() => {
    expectNotice("The install's time zone could not be loaded; times are in your time zone.");
  });
  expect(screen.getByText(/^Times are in My time zone \(Europe\/Paris\)/)).toBeInTheDocument();
  expect(dateText()).toMatch(/01:25/);
});

test('an invalid tz in the URL reads as the viewer’s zone', () => {
  renderAt(`${DETAIL_PATH}?tz=America%2FChicago`);

  expect(timesIn()).toHaveDisplayValue('My time zone (Europe/Paris)');
  expect(dateText()).toMatch(/01:25/);
});

test('without an onChange the select replaces tz in the URL, keeping the other keys and the state', async () => {
  const user = userEvent.setup();
  server.use(settingsWithZone('America/Chicago').handler);
  const { router } = renderAt(`${DETAIL_PATH}?tab=events`);
  const opened = { fromList: true };
  await act(() => router.navigate(`${DETAIL_PATH}?tab=events`, { replace: true, state: opened }));

  await user.selectOptions(timesIn(), 'UTC');

  expect(currentUrl(router)).toBe(`${DETAIL_PATH}?tab=events&tz=utc`);
  expect(router.state.historyAction).toBe('REPLACE');
  expect(router.state.location.state).toEqual(opened);
  expect(dateText()).toMatch(/00:25$/);

  await user.selectOptions(timesIn(), 'My time zone (Europe/Paris)');

  expect(currentUrl(router)).toBe(`${DETAIL_PATH}?tab=events`);
  expect(dateText()).toMatch(/01:25/);
});

test('reaching for the select names the install’s zone before it is chosen', async () => {
  const user = userEvent.setup();
  const settings = settingsWithZone('America/Chicago');
  server.use(settings.handler);
  const { router } = renderAt(DETAIL_PATH);
  expect(screen.getByRole('option', { name: 'Install' })).toBeInTheDocument();

  await user.hover(timesIn());

  expect(
    await screen.findByRole('option', { name: 'Install (America/Chicago)' }),
  ).toBeInTheDocument();

  await user.selectOptions(timesIn(), 'Install (America/Chicago)');

  expect(currentUrl(router)).toBe(`${DETAIL_PATH}?tz=install`);
  expect(dateText()).toMatch(/14.*18:25/);
  // The prefetched answer is used: choosing the zone asks for nothing more.
  expect(settings.requests).toHaveLength(1);
});
