import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { listContextApi } from '#src/testing/detail-fixtures.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute } from '#src/testing/render.tsx';
import {
  cycleStatuses,
  errorResponse,
  makeSessions,
  SESSIONS_PATH,
  sessionsApi,
  SIDS,
} from '#src/testing/session-fixtures.ts';

const SESSIONS = makeSessions(cycleStatuses(163, ['Incident', 'Closed']));

let downloads: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  downloads = [];
  const blobs = new Map<string, Blob>();
  // jsdom has no object URLs and does not download: record what the page hands the browser.
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    const url = `blob:test/${String(blobs.size)}`;
    if (blob instanceof Blob) blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    const blob = blobs.get(this.href);
    if (blob) downloads.push({ name: this.download, blob });
  });
});

afterEach(() => vi.restoreAllMocks());

function renderSessions(search = '') {
  return renderRoute(`${SESSIONS_PATH}${search}`);
}

/** Export requests ask for 100 rows a page; the list's own ask for its page size. */
const isExportPage = (url: URL) => url.searchParams.get('limit') === '100';

test(
  'exports every page of the view, with progress, then downloads the file',
  { timeout: 20_000 },
  async () => {
    let releaseSecondPage: () => void = () => undefined;
    const secondPage = new Promise<void>((resolve) => {
      releaseSecondPage = resolve;
    });
    const api = sessionsApi(SESSIONS, async (url, answer) => {
      if (isExportPage(url) && url.searchParams.get('offset') === '100') await secondPage;
      return answer();
    });
    server.use(api.handler);
    renderSessions('?status=incident&status=closed');
    const user = userEvent.setup();

    const exportButton = await screen.findByRole('button', { name: 'Export CSV' });
    await waitFor(() => expect(exportButton).toBeEnabled());
    await screen.findByText('Ada Lovelace');
    await user.click(exportButton);

    const progress = await screen.findByRole('progressbar', { name: 'Export progress' });
    await waitFor(() => expect(progress).toHaveAttribute('value', '100'));
    expect(progress).toHaveAttribute('max', '163');
    expect(screen.getByText('Page 1 of 2 · 100 of 163 sessions')).toBeInTheDocument();
    releaseSecondPage();

    await waitFor(() => expect(downloads).toHaveLength(1));
    const [file] = downloads;
    expect(file?.name).toMatch(
      /^Chemistry Final Exam - Ada Lovelace - incident\+closed - \d{4}-\d{2}-\d{2}\.csv$/,
    );
    const text = (await file?.blob.text()) ?? '';
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(
      /^Session,Status,Type,Appointment \(.+\),Appointment \(UTC ISO 8601\),/,
    );
    // The header, 163 rows, and the empty string after the last CRLF.
    expect(lines).toHaveLength(163 + 2);
    expect(lines.slice(1, -1).every((line) => /^ES\w+,(Incident|Closed),/.test(line))).toBe(true);
    expect(
      await screen.findByText(/^Downloaded 163 sessions as Chemistry Final Exam/),
    ).toBeInTheDocument();
    const exportPages = api.requests.filter(isExportPage);
    expect(exportPages.map((url) => url.searchParams.get('offset'))).toEqual(['0', '100']);
    for (const url of exportPages) {
      expect(url.searchParams.getAll('status')).toEqual(['Incident', 'Closed']);
    }
  },
);

/** The downloaded file's rows, each split into cells by header (no cell here holds a comma). */
async function downloadedRows(): Promise<Record<string, string>[]> {
  await waitFor(() => expect(downloads).toHaveLength(1));
  const blob = downloads[0]?.blob ?? new Blob();
  // Excel reads UTF-8 (accented names) only after a byte order mark; text() would hide it.
  expect([...new Uint8Array(await blob.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header = '', ...lines] = (await blob.text())
    .replace(/^\uFEFF/, '')
    .slice(0, -2)
    .split('\r\n');
  const names = header.split(',');
  return lines.map((line) =>
    Object.fromEntries(
      line.split(',').map((cell, index): [string, string] => [names[index] ?? '', cell]),
    ),
  );
}

test('with times in the install’s zone, the file names the exam and its dates read as dates', async () => {
  // Created 1 Jan 2026 09:00 UTC, appointment a week later: 03:00 in Chicago (CST).
  server.use(sessionsApi(makeSessions(['Incident'])).handler);
  renderSessions('?tz=install');
  const user = userEvent.setup();
  await screen.findByText('Ada Lovelace');
  await screen.findByText('Chemistry Final Exam (CHEM 201)');
  await user.click(await screen.findByRole('button', { name: 'Export CSV' }));

  const [row] = await downloadedRows();
  expect(downloads[0]?.name).toMatch(
    /^Chemistry Final Exam - Ada Lovelace - all - \d{4}-\d{2}-\d{2}\.csv$/,
  );
  expect(row).toMatchObject({
    'Appointment (America/Chicago)': '2026-01-08 03:00:00',
    'Appointment (UTC ISO 8601)': '2026-01-08T09:00:00.000Z',
    'Created (America/Chicago)': '2026-01-01 03:00:00',
    Learner: 'Ada Lovelace',
    'Learner email': 'ada.lovelace@example.edu',
    Install: 'Northfield University',
    Exam: 'Chemistry Final Exam',
    Course: 'General Chemistry II (CHEM 201)',
    'Exam sid': SIDS.examSid,
  });
});

test('when the learner and exam could not be named, the file goes by their sids', async () => {
  server.use(
    sessionsApi(makeSessions(['Incident'])).handler,
    listContextApi(() => errorResponse('upstream_error', 502, 'The API failed.')).handler,
  );
  renderSessions('?tz=utc');
  const user = userEvent.setup();
  await screen.findByText('unknown');
  await user.click(await screen.findByRole('button', { name: 'Export CSV' }));

  const [row] = await downloadedRows();
  expect(downloads[0]?.name).toMatch(
    new RegExp(`^${SIDS.examSid} - ${SIDS.enrollmentSid} - all - \\d{4}-\\d{2}-\\d{2}\\.csv$`),
  );
  expect(row).toMatchObject({
    'Appointment (UTC)': '2026-01-08 09:00:00',
    Learner: '',
    Exam: '',
    'Enrollment sid': SIDS.enrollmentSid,
    'Exam sid': SIDS.examSid,
  });
});

test(
  'Cancel stops the export, downloads nothing, and offers Try again',
  { timeout: 20_000 },
  async () => {
    const api = sessionsApi(SESSIONS, async (url, answer) => {
      // The second export page never comes, until the test cancels.
      if (isExportPage(url) && url.searchParams.get('offset') === '100') {
        await new Promise(() => undefined);
      }
      return answer();
    });
    server.use(api.handler);
    renderSessions();
    const user = userEvent.setup();

    const exportButton = await screen.findByRole('button', { name: 'Export CSV' });
    await waitFor(() => expect(exportButton).toBeEnabled());
    await user.click(exportButton);
    await screen.findByText('Page 1 of 2 · 100 of 163 sessions');
    expect(exportButton).toBeDisabled();
    const cancel = screen.getByRole('button', { name: 'Cancel export' });
    expect(cancel).toHaveFocus();

    await user.click(cancel);
    expect(
      await screen.findByText('Export cancelled; nothing was downloaded.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toHaveFocus();
    expect(downloads).toEqual([]);
    expect(api.requests.filter(isExportPage).map((url) => url.searchParams.get('offset'))).toEqual([
      '0',
      '100',
    ]);
  },
);

test(
  'a failure says what happened in plain words, and Try again exports again',
  { timeout: 20_000 },
  async () => {
    let failing = true;
    const api = sessionsApi(SESSIONS, (url, answer) =>
      isExportPage(url) && failing
        ? errorResponse('upstream_error', 502, 'The SmarterProctoring API failed.')
        : answer(),
    );
    server.use(api.handler);
    renderSessions();
    const user = userEvent.setup();

    const exportButton = await screen.findByRole('button', { name: 'Export CSV' });
    await waitFor(() => expect(exportButton).toBeEnabled());
    await user.click(exportButton);
    expect(
      await screen.findByText(
        'The export stopped: The SmarterProctoring API failed. Nothing was downloaded.',
      ),
    ).toBeInTheDocument();

    failing = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(await screen.findByText(/^Downloaded 163 sessions/)).toBeInTheDocument();
  },
);

test('an empty view has nothing to export, and says so', async () => {
  server.use(sessionsApi([]).handler);
  renderSessions();
  const exportButton = await screen.findByRole('button', { name: 'Export CSV' });
  await waitFor(() =>
    expect(exportButton).toHaveAccessibleDescription('No sessions in this view to export.'),
  );
  expect(exportButton).toBeDisabled();
});

test('a list that failed to load has nothing to export, and says so', async () => {
  server.use(
    sessionsApi(SESSIONS, () => errorResponse('upstream_error', 502, 'The API failed.')).handler,
  );
  renderSessions();
  const exportButton = await screen.findByRole('button', { name: 'Export CSV' });
  await waitFor(() => expect(exportButton).toHaveAccessibleDescription(/could not be loaded/));
  expect(exportButton).toBeDisabled();
});
