/**
 * The staff side of `npm run load:staff`: one browser context per staff member, each paced to a
 * number of new learners a minute, doing what staff do on a learner's list (filter by a status,
 * page on, open a session and come back), while every /api request and every view's outcome is
 * recorded. Choices come from a seeded generator, drawn before the page is seen, so two runs with
 * the same seed make the same choices.
 */
import type { BrowserContext, Locator, Page, Request } from '@playwright/test';
import { API_PREFIX, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { lowerPriority } from '#src/api/contract/endpoint.ts';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { sessionListEndpoint, type SessionListSids } from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import { SERVER_INFO_PATH } from '#src/api/contract/server-info.ts';
import { parseListSearch, toListQuery } from '#src/lib/list-search.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { seededRandom } from '#server/demo-upstream/data.ts';
import type { ApiRequestRecord, ViewAction, ViewOutcome, ViewRecord } from './load-staff-report.ts';
import {
  aliasLearner,
  DECLARED_ENDPOINTS,
  DEMO_LEARNERS,
  routePattern,
  type DemoLearnerName,
  type LearnerAliases,
} from './load-staff-upstream.ts';

export interface Recorder {
  requests: ApiRequestRecord[];
  views: ViewRecord[];
  pageStatuses: number[];
  /** Tallied by message: a click that found nothing to click, a page that closed. */
  scriptErrors: Map<string, number>;
  learnersOpened: number;
  learnersPlanned: number;
  /** The tabs left on refresh=15. */
  refreshTabs: WeakSet<Page>;
  /** Planned steps given up because the next learner was due. */
  stepsCut: number;
  /** Answers still being read; awaited before the report. */
  pending: Set<Promise<void>>;
}

export function createRecorder(): Recorder {
  return {
    requests: [],
    views: [],
    pageStatuses: [],
    scriptErrors: new Map(),
    learnersOpened: 0,
    learnersPlanned: 0,
    refreshTabs: new WeakSet(),
    stepsCut: 0,
    pending: new Set(),
  };
}

/** When to stop: `stopped()` turns true, and `whenStopped` settles, at the run's end. */
export interface Stopper {
  stopped(): boolean;
  whenStopped: Promise<void>;
}

export interface RunClock {
  /** Milliseconds since the simulation started. */
  now(): number;
  /** The simulation's start as a wall-clock time (Date.now()), to place the browser's timings. */
  startEpochMs(): number;
  endMs: number;
}

// ---------------------------------------------------------------------------------------------
// What the browser asks of /api
// ---------------------------------------------------------------------------------------------

const API_PATTERNS = DECLARED_ENDPOINTS.map((endpoint) => ({
  endpoint,
  pattern: routePattern(endpoint.apiRoute),
}));
const LIST_PAGE = routePattern(PAGE_ROUTES.sessions);
const PRIORITY_HEADER = 'x-quota-priority';

/** The list request the tab's own URL needs, or null when the tab is not on a list. */
function viewListKey(pageUrl: string): string | null {
  const url = new URL(pageUrl);
  const groups = LIST_PAGE.exec(url.pathname)?.groups;
  if (groups === undefined) return null;
  const { installSid, enrollmentSid, examSid } = groups;
  if (installSid === undefined || enrollmentSid === undefined || examSid === undefined) return null;
  const sids: SessionListSids = { installSid, enrollmentSid, examSid };
  return sessionListEndpoint.path(sids, toListQuery(parseListSearch(url.searchParams).search));
}

function pageOf(request: Request): Page | null {
  try {
    return request.frame().page();
  } catch {
    // A request of a worker or of a frame that has gone.
    return null;
  }
}

function describeApiRequest(
  request: Request,
  staff: number,
  atMs: number,
  refreshTabs: WeakSet<Page>,
): ApiRequestRecord {
  const url = new URL(request.url());
  const key = url.pathname.slice(API_PREFIX.length) + url.search;
  const found = API_PATTERNS.find(({ pattern }) => pattern.test(url.pathname))?.endpoint;
  const header = request.headers()[PRIORITY_HEADER] ?? null;
  const declared = found?.priority ?? null;
  const page = pageOf(request);
  const tabKey = page === null ? null : viewListKey(page.url());
  return {
    staff,
    tab: page !== null && refreshTabs.has(page) ? 'refresh' : 'work',
    atMs,
    endpoint: found?.name ?? (url.pathname === SERVER_INFO_PATH ? 'server-info' : 'other'),
    key,
    declared,
    header,
    priority: declared === null ? null : lowerPriority(declared, header ?? undefined),
    untaggedPrefetch:
      found?.name === sessionListEndpoint.name &&
      header === null &&
      tabKey !== null &&
      tabKey !== key,
    status: null,
    code: null,
    latencyMs: null,
  };
}

async function readAnswer(
  request: Request,
  record: ApiRequestRecord,
  clock: RunClock,
): Promise<void> {
  const response = await request.response();
  if (response === null) return;
  record.status = response.status();
  const { startTime, responseEnd } = request.timing();
  record.latencyMs = responseEnd >= 0 ? responseEnd : null;
  // The browser's own start time: the event reaches this busy process later.
  if (startTime > 0) record.atMs = startTime - clock.startEpochMs();
  if (response.ok()) return;
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = apiErrorBodySchema.safeParse(body);
  record.code = parsed.success ? parsed.data.code : 'unreadable';
}

/** Records every /api request of the context, and the status of every page load. */
export function watchContext(
  context: BrowserContext,
  staff: number,
  clock: RunClock,
  recorder: Recorder,
): void {
  const open = new Map<Request, ApiRequestRecord>();
  context.on('request', (request) => {
    if (!new URL(request.url()).pathname.startsWith(`${API_PREFIX}/`)) return;
    const record = describeApiRequest(request, staff, clock.now(), recorder.refreshTabs);
    recorder.requests.push(record);
    open.set(request, record);
  });
  context.on('requestfinished', (request) => {
    if (request.isNavigationRequest()) {
      const reading = request
        .response()
        .then((response) => {
          if (response !== null) recorder.pageStatuses.push(response.status());
        })
        .catch(() => undefined);
      track(recorder, reading);
    }
    const record = open.get(request);
    if (record === undefined) return;
    open.delete(request);
    track(
      recorder,
      readAnswer(request, record, clock).catch(() => undefined),
    );
  });
  context.on('requestfailed', (request) => open.delete(request));
}

function track(recorder: Recorder, promise: Promise<void>): void {
  recorder.pending.add(promise);
  void promise.finally(() => recorder.pending.delete(promise));
}

// ---------------------------------------------------------------------------------------------
// What a view shows
// ---------------------------------------------------------------------------------------------

const SETTLE_TIMEOUT_MS = 20_000;
const CLICK_TIMEOUT_MS = 10_000;
const EMPTY_TITLE = /^No (exam sessions yet|sessions match this view)$/;
/** The titles of the quota_spent and quota_held_back panels (src/components/api-error-panel.tsx). */
const QUOTA_TITLE = /share of SmarterProctoring|spare the API quota/;

/** An error panel (src/components/state-panel.tsx): an alert named by its heading. */
function errorPanel(page: Page): Locator {
  return page.getByRole('alert').filter({ has: page.getByRole('heading') });
}

async function panelOutcome(page: Page): Promise<{ outcome: ViewOutcome; title: string }> {
  const title = (await errorPanel(page).first().getByRole('heading').first().textContent()) ?? '';
  return { outcome: QUOTA_TITLE.test(title) ? 'quota' : 'error', title: title.trim() };
}

/** False when neither `shown` nor an error panel appeared in time. */
async function shownOrFailed(page: Page, shown: Locator): Promise<boolean> {
  try {
    await shown
      .or(errorPanel(page))
      .first()
      .waitFor({ state: 'visible', timeout: SETTLE_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the list shows the rows of the view in the URL (the table's data-view says which
 * view it shows), the empty state, or an error panel.
 */
async function settleList(page: Page): Promise<{ outcome: ViewOutcome; title: string | null }> {
  const view = new URL(page.url()).search.replace(/^\?/, '');
  const rows = page
    .locator(`table[data-view="${view}"][aria-busy="false"]`)
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
  const empty = page.getByRole('status', { name: EMPTY_TITLE });
  if (!(await shownOrFailed(page, rows.first().or(empty)))) {
    return { outcome: 'timeout', title: null };
  }
  if (await errorPanel(page).first().isVisible()) return panelOutcome(page);
  if (await rows.first().isVisible()) return { outcome: 'rows', title: null };
  return { outcome: 'empty', title: null };
}

async function settleDetail(page: Page): Promise<{ outcome: ViewOutcome; title: string | null }> {
  const shown = page.getByRole('region', { name: 'Status', exact: true });
  if (!(await shownOrFailed(page, shown))) return { outcome: 'timeout', title: null };
  if (await errorPanel(page).first().isVisible()) return panelOutcome(page);
  return { outcome: 'rows', title: null };
}

// ---------------------------------------------------------------------------------------------
// A staff member
// ---------------------------------------------------------------------------------------------

/** How often each demo learner comes up: the busy one (seven pages, every status) most. */
const LEARNER_WEIGHTS: readonly [DemoLearnerName, number][] = [
  ['busy', 4],
  ['biology', 2],
  ['handful', 2],
  ['live', 1],
  ['empty', 1],
];

const CHANCE = { filter: 0.3, next: 0.4, open: 0.45 };

export interface VisitPlan {
  base: DemoLearnerName;
  filter: FilterableStatus | null;
  next: boolean;
  /** Which of the shown rows to open, or null. */
  openRow: number | null;
  /** Pauses after each step, as staff read. */
  thinkMs: number[];
}

function pickWeighted(draw: number): DemoLearnerName {
  const total = LEARNER_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let left = draw * total;
  for (const [name, weight] of LEARNER_WEIGHTS) {
    if (left < weight) return name;
    left -= weight;
  }
  return 'busy';
}

/** Always the same number of draws, so one visit's choices never shift the next one's. */
export function planVisit(random: () => number): VisitPlan {
  const [learner, filter, status, next, open, row, ...think] = Array.from({ length: 10 }, random);
  return {
    base: pickWeighted(learner ?? 0),
    filter:
      (filter ?? 1) < CHANCE.filter
        ? (FILTERABLE_STATUSES[Math.floor((status ?? 0) * FILTERABLE_STATUSES.length)] ?? null)
        : null,
    next: (next ?? 1) < CHANCE.next,
    openRow: (open ?? 1) < CHANCE.open ? Math.floor((row ?? 0) * 5) : null,
    thinkMs: think.map((draw) => 800 + Math.round(draw * 1_200)),
  };
}

export interface StaffMember {
  index: number;
  context: BrowserContext;
  /** Seeded per member: the same seed and member give the same visits. */
  random: () => number;
}

export interface StaffRun {
  seed: number;
  staffCount: number;
  intervalMs: number;
  learners: 'aliased' | 'demo';
  /** Each visit only opens its learner's list: no filter, paging or session. */
  openOnly: boolean;
  aliases: LearnerAliases;
  clock: RunClock;
  stopper: Stopper;
  recorder: Recorder;
}

export function staffRandom(seed: number, index: number): () => number {
  return seededRandom(`load-staff:${seed}:${index}`);
}

function learnerSids(run: StaffRun, member: StaffMember, visit: number, base: DemoLearnerName) {
  return run.learners === 'aliased'
    ? aliasLearner(run.aliases, base, `${run.seed}/${member.index}/${visit}`)
    : DEMO_LEARNERS[base];
}

function recordView(
  run: StaffRun,
  member: StaffMember,
  kind: ViewRecord['kind'],
  action: ViewAction,
  started: number,
  result: { outcome: ViewOutcome; title: string | null },
): void {
  // A view cut short by the end of the run says nothing about the server.
  if (run.stopper.stopped()) return;
  run.recorder.views.push({
    staff: member.index,
    atMs: started,
    kind,
    action,
    outcome: result.outcome,
    title: result.title,
    waitedMs: run.clock.now() - started,
  });
}

async function pause(run: StaffRun, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, ms)))),
    run.stopper.whenStopped,
  ]);
  clearTimeout(timer);
}

/** Runs `step` (a click) and waits for the list or detail it leads to. */
async function step(
  run: StaffRun,
  member: StaffMember,
  page: Page,
  kind: ViewRecord['kind'],
  action: ViewAction,
  act: () => Promise<unknown>,
): Promise<ViewOutcome> {
  const started = run.clock.now();
  const before = page.url();
  await act();
  // The URL changes a moment before the view it names renders.
  await page.waitForURL((url) => url.href !== before, { timeout: CLICK_TIMEOUT_MS });
  const result = kind === 'list' ? await settleList(page) : await settleDetail(page);
  recordView(run, member, kind, action, started, result);
  return result.outcome;
}

/** The next learner is due at `dueMs`: what is left of this one's steps is given up then. */
async function visit(
  run: StaffRun,
  member: StaffMember,
  page: Page,
  number: number,
  dueMs: number,
): Promise<void> {
  const plan = planVisit(member.random);
  const goOn = () => {
    if (run.stopper.stopped()) return false;
    if (run.clock.now() < dueMs) return true;
    run.recorder.stepsCut += 1;
    return false;
  };
  const sids = learnerSids(run, member, number, plan.base);
  const [thinkA = 1_000, thinkB = 1_000, thinkC = 1_000, thinkD = 1_000] = plan.thinkMs;

  const started = run.clock.now();
  run.recorder.learnersOpened += 1;
  await page.goto(sessionsPath(sids));
  const opened = await settleList(page);
  recordView(run, member, 'list', 'open', started, opened);
  if (opened.outcome !== 'rows' || run.openOnly) return;
  await pause(run, thinkA);

  if (plan.filter !== null && goOn()) {
    const checkbox = page.getByRole('checkbox', { name: plan.filter, exact: true });
    if ((await checkbox.count()) > 0) {
      const outcome = await step(run, member, page, 'list', 'filter', () =>
        // The checkbox is visually hidden: the click lands on its label, as a user's does.
        checkbox.locator('xpath=ancestor::label').click({ timeout: CLICK_TIMEOUT_MS }),
      );
      if (outcome !== 'rows') return;
      await pause(run, thinkB);
    }
  }

  if (plan.next && goOn()) {
    const next = page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('button', { name: 'Next', exact: true });
    if ((await next.count()) > 0 && (await next.isEnabled())) {
      const outcome = await step(run, member, page, 'list', 'next', () =>
        next.click({ timeout: CLICK_TIMEOUT_MS }),
      );
      if (outcome !== 'rows') return;
      await pause(run, thinkC);
    }
  }

  if (plan.openRow !== null && goOn()) {
    const links = page.getByRole('table').getByRole('row').getByRole('link');
    const count = await links.count();
    if (count === 0) return;
    const outcome = await step(run, member, page, 'detail', 'session', () =>
      links.nth(Math.min(plan.openRow ?? 0, count - 1)).click({ timeout: CLICK_TIMEOUT_MS }),
    );
    await pause(run, thinkD);
    if (outcome === 'timeout' || !goOn()) return;
    await step(run, member, page, 'list', 'back', () =>
      page.getByRole('link', { name: 'Back to sessions' }).click({ timeout: CLICK_TIMEOUT_MS }),
    );
  }
}

function noteScriptError(run: StaffRun, error: unknown): void {
  if (run.stopper.stopped()) return;
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const errors = run.recorder.scriptErrors;
  errors.set(message, (errors.get(message) ?? 0) + 1);
}

/**
 * One staff member's run: a new learner at every slot (`intervalMs` apart, staggered between
 * members); a visit's optional steps end when the next slot comes, a late slot starts at once and
 * is never skipped. Member 0 also keeps a tab on refresh=15.
 */
export async function runStaffMember(run: StaffRun, member: StaffMember): Promise<void> {
  if (member.index === 0) {
    const tab = await member.context.newPage();
    run.recorder.refreshTabs.add(tab);
    const sids = learnerSids(run, member, -1, 'live');
    const started = run.clock.now();
    try {
      await tab.goto(sessionsPath(sids, 'refresh=15'));
      recordView(run, member, 'list', 'refresh-tab', started, await settleList(tab));
    } catch (error) {
      noteScriptError(run, error);
    }
  }
  const page = await member.context.newPage();
  const offset = (member.index * run.intervalMs) / run.staffCount;
  run.recorder.learnersPlanned += Math.max(
    0,
    Math.ceil((run.clock.endMs - offset) / run.intervalMs),
  );
  for (let number = 0; ; number += 1) {
    const slot = offset + number * run.intervalMs;
    if (slot >= run.clock.endMs) return;
    await pause(run, slot - run.clock.now());
    if (run.stopper.stopped()) return;
    try {
      await visit(run, member, page, number, slot + run.intervalMs);
    } catch (error) {
      noteScriptError(run, error);
    }
    if (run.stopper.stopped()) return;
  }
}
