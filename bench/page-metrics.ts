/**
 * Page side of the bench: cold loads of the dashboard and of the reference page in Chromium,
 * interleaved, on loopback, on an emulated slow link, on loopback with the CPU slowed 4× and on
 * loopback with an upstream that takes 200 ms to answer a list (servers of its own).
 *
 * Every load gets a fresh `browser.newContext()`: its own storage partition (HTTP cache, V8 code
 * cache, cookies, socket pool), so nothing is warm from the previous load, without paying for a
 * new browser process (which a returning user would not pay either). The cache is disabled too.
 *
 * Per sample, two cold loads:
 *  A. the list page: HTML end, FCP, first row, LCP, then at the idle point (1 s with the network
 *     and the main thread quiet, see IDLE_QUIET_MS) main-thread work, long tasks, every request
 *     and the bytes by type. Then Next with prefetch: the real mouse over Next (the app fetches
 *     the next page on that intent, the reference has fetched it on idle already), network quiet,
 *     click (page 2). Then Next again (page 3), whose prefetch was held back by CDP Fetch
 *     interception and is released at the click, so that click waits for a request that starts
 *     with it, as if there were no prefetch.
 *  B. the list page with ?limit=100: from navigation start (and from the rows' data arriving) to
 *     100 rows painted, then on to the idle point.
 * Console errors and uncaught errors are counted over both loads: a production React reports a
 * hydration mismatch as an uncaught "Minified React error #418" (checked by tampering with the
 * server's HTML before hydration); attribute mismatches it does not report at all.
 *
 * Timings are taken in the page (performance.now(), relative to navigation start); how "painted"
 * is read is described at INIT_SCRIPT and ROWS_FIGURES.
 */
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';

export type PageKind = 'app' | 'reference';
export type ProfileName = 'loopback' | 'slow' | 'cpu4x' | 'upstream';

interface Profile {
  /** For the printed tables and the results' method. */
  label: string;
  /** Emulated link (CDP throttles per request, in bytes per second); null: plain loopback. */
  link: { latency: number; down: number; up: number } | null;
  /** Chromium's CPU throttling factor for the page's renderer; 1: none. */
  cpuRate: number;
  /**
   * How long the upstream takes to answer a list. Null: the demo upstream in the server, whose
   * answers the server reuses, so a list costs it a few milliseconds.
   */
  upstreamListMs: number | null;
}

export const PROFILES: Record<ProfileName, Profile> = {
  loopback: { label: 'loopback', link: null, cpuRate: 1, upstreamListMs: null },
  slow: {
    label: 'slow link: 150 ms RTT, 1.6 Mbps down, 750 kbps up',
    link: { latency: 150, down: 1_600_000 / 8, up: 750_000 / 8 },
    cpuRate: 1,
    upstreamListMs: null,
  },
  // "A testing-centre PC": the same loopback, a main thread four times slower.
  cpu4x: {
    label: 'loopback, CPU throttled 4× (a testing-centre PC)',
    link: null,
    cpuRate: 4,
    upstreamListMs: null,
  },
  // As in production: every view asks the upstream, which takes its time. Both pages wait for it.
  upstream: {
    label: 'loopback, the upstream answering lists in 200 ms, no answer reused',
    link: null,
    cpuRate: 1,
    upstreamListMs: 200,
  },
};

export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** In table order. "Until idle": from navigation start to the idle point (see IDLE_QUIET_MS). */
export const FIGURES = {
  htmlEndMs: 'HTML fully received (ms)',
  fcpMs: 'first contentful paint (ms)',
  fcpAfterHtmlMs: '  FCP − HTML end (ms)',
  firstRowMs: 'first table row painted (ms)',
  lcpMs: 'LCP (ms)',
  mainThreadMs: 'main-thread work until idle (ms)',
  tbtMs: 'total blocking time until idle (ms)',
  longTaskCount: 'long tasks until idle',
  longTaskMs: '  long tasks, total (ms)',
  requests: 'requests until idle',
  firstScreenRequests: 'first-screen requests',
  htmlKB: 'HTML on the wire (kB)',
  htmlDecodedKB: 'HTML decoded (kB)',
  jsKB: 'JS on the wire until idle (kB)',
  cssKB: 'CSS on the wire until idle (kB)',
  nextPrefetchedMs: 'Next with prefetch: hover, quiet, click (ms)',
  nextPrefetchedRequests: '  requests after that click',
  nextColdMs: 'Next, not prefetched (ms)',
  nextColdRequests: '  requests after that click',
  rows100Ms: '100-row view from navigation start (ms)',
  rows100AfterDataMs: '  100 rows painted after their data (ms)',
} as const;

export type FigureName = keyof typeof FIGURES;

/** Console and uncaught errors of one page over both its loads. */
export interface PageErrors {
  /** console.error calls, failed-resource messages included. */
  console: number;
  /** Uncaught exceptions and unhandled rejections (`pageerror`), window.reportError included. */
  uncaught: number;
  /** Of both, those that read as a hydration error (see HYDRATION_ERROR). */
  hydration: number;
  /** Each one, prefixed with its load ('list' or 'rows100'), cut to 300 characters. */
  messages: string[];
}

export interface Sample {
  page: PageKind;
  profile: ProfileName;
  iteration: number;
  figures: Record<FigureName, number>;
  /** The /api list URLs of the list load (path and query), to check both pages ask the same. */
  listApiUrls: string[];
  /** Where the 100 rows' data came from: the list fetch, or the server-rendered document. */
  rows100Source: string;
  /** How each paint was timed: 'element' (Element Timing) or 'frame' (next animation frame). */
  paintMethods: { firstRow: string; nextPrefetched: string; nextCold: string };
  /** Paths of the first-screen requests and of every request until idle. */
  firstScreenUrls: string[];
  idleUrls: string[];
  /** Requests made on the hover before the first Next click, and after each click. */
  clickUrls: { hover: string[]; prefetched: string[]; cold: string[] };
  errors: PageErrors;
}

const LOAD_TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 20_000;
/**
 * The idle point of a load: no request in flight or started for IDLE_QUIET_MS, and the main
 * thread busy for at most IDLE_BUSY_MS of that time. Network quiet alone comes too early on a
 * slow CPU: a page still hydrating for a second sends nothing, then fetches what it loads on
 * idle. Idle pages measured here use a few ms a second (timers, the bench's own CDP calls).
 */
const IDLE_QUIET_MS = 1_000;
const IDLE_BUSY_MS = 50;
/** Page 3's list request, held in load A until the second Next click. */
const HELD_REQUEST_PATTERN = '*/api/v1/*offset=50&*';
/** A sessions list request of either page. */
const LIST_API = /\/api\/v1\/.*\/sessions\?/;
/**
 * React 19 reports a hydration mismatch through onRecoverableError (by default window.reportError,
 * so an uncaught error) and, in development, console.error; production builds minify it to
 * errors #418 (HTML mismatch), #419, #421, #422, #423 and #425.
 */
const HYDRATION_ERROR =
  /hydrat|react\.dev\/errors\/(?:418|419|421|422|423|425)\b|#(?:418|419|421|422|423|425)\b/i;

// ---------------------------------------------------------------------------------------------
// In the page
// ---------------------------------------------------------------------------------------------

/**
 * Installed before any page script. A data row is a `tbody tr` with a `td` holding text (the
 * app's loading skeleton rows are aria-hidden and empty). Plain JavaScript in a string: a
 * function would be serialized after tsx's transform, helpers and all.
 *
 * "Painted" is the Element Timing renderTime of the row: the observer below marks the row's
 * elements with `elementtiming` as soon as it is in the DOM, before any paint. Should no entry
 * come, the start of the next animation frame stands in (`method: 'frame'`).
 *
 * firstRowReady and rowsReady resolve with those frames: the bench waits on them through CDP
 * Runtime.evaluate, which the app's Content-Security-Policy allows (Playwright's waitForFunction
 * with a string needs 'unsafe-eval', which it does not).
 *
 * The observers are buffered, so entries from before they were registered count too; long tasks
 * are kept one by one, for the total blocking time.
 */
const INIT_SCRIPT = String.raw`(() => {
  if (window.top !== window) return;
  const b = (window.__bench = {
    firstRowInserted: null, firstRowFrame: null,
    rowsTarget: null, rowsInserted: null, rowsFrame: null,
    paints: {}, fcp: null, lcp: null, longTasks: [], observerError: null,
  });
  let firstRowDone, rowsDone;
  b.firstRowReady = new Promise((resolve) => { firstRowDone = resolve; });
  b.rowsReady = new Promise((resolve) => { rowsDone = resolve; });
  const isDataRow = (tr) =>
    tr.getAttribute('aria-hidden') !== 'true' &&
    Array.from(tr.children).some((cell) => cell.tagName === 'TD' && cell.textContent.trim() !== '');
  b.firstDataRow = () => {
    for (const tr of document.querySelectorAll('tbody tr')) if (isDataRow(tr)) return tr;
    return null;
  };
  b.firstRowText = () => {
    const tr = b.firstDataRow();
    return tr ? tr.textContent : null;
  };
  b.dataRowCount = () => {
    let count = 0;
    for (const tr of document.querySelectorAll('tbody tr')) if (isDataRow(tr)) count++;
    return count;
  };
  b.mark = (element, id) => {
    element.setAttribute('elementtiming', id);
    for (const child of element.querySelectorAll('*')) child.setAttribute('elementtiming', id);
  };
  b.nextFrame = (callback) => requestAnimationFrame(() => callback(performance.now()));
  /** The paint time of a marked row: its Element Timing entry, else the frame after the change. */
  b.painted = (id, frame) =>
    b.paints[id] !== undefined ? { at: b.paints[id], method: 'element' } : { at: frame, method: 'frame' };
  const limit = Number(new URLSearchParams(location.search).get('limit'));
  b.rowsTarget = limit > 25 ? limit : null;

  const observer = new MutationObserver(() => {
    if (b.firstRowInserted === null) {
      const row = b.firstDataRow();
      if (row !== null) {
        b.firstRowInserted = performance.now();
        b.mark(row, 'first-row');
        b.nextFrame((at) => { b.firstRowFrame = at; firstRowDone(); });
      }
    }
    if (b.rowsTarget !== null && b.rowsInserted === null && b.dataRowCount() >= b.rowsTarget) {
      b.rowsInserted = performance.now();
      b.nextFrame((at) => { b.rowsFrame = at; rowsDone(); });
    }
    if (b.firstRowInserted !== null && (b.rowsTarget === null || b.rowsInserted !== null)) {
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const at = entry.renderTime || entry.loadTime;
        const seen = b.paints[entry.identifier];
        if (at > 0 && (seen === undefined || at < seen)) b.paints[entry.identifier] = at;
      }
    }).observe({ type: 'element', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name === 'first-contentful-paint') b.fcp = entry.startTime;
      }
    }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      b.lcp = entries[entries.length - 1].startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) b.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    b.observerError = String(error);
  }
})();`;

/**
 * After the hover: the page back at its top, two frames later. The app scrolls a new page to its
 * top itself and the reference does not; from the top, both pages' new first row is on screen,
 * so its paint is read the same way (Element Timing sees nothing off screen).
 */
const SCROLL_TO_TOP = String.raw`new Promise((resolve) => {
  window.scrollTo(0, 0);
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.scrollY)));
})`;

/**
 * Clicks Next and leaves a promise of { ms, method }: from the click to the paint of the new
 * first row (its text changed), waiting up to 1 s after that frame for its Element Timing entry.
 * The click is the DOM's, in the same task as the clock's start (the mouse, for the app's intent,
 * has been over the button before).
 */
const CLICK_NEXT = String.raw`(() => {
  const b = window.__bench;
  const before = b.firstRowText();
  const button = Array.from(document.querySelectorAll('button'))
    .find((element) => element.textContent.trim() === 'Next');
  if (!button || button.disabled) throw new Error('There is no enabled Next button.');
  const id = 'next-' + Math.random().toString(36).slice(2);
  let started = 0;
  b.nextDone = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      const row = b.firstDataRow();
      if (row === null || row.textContent === before) return;
      observer.disconnect();
      clearTimeout(timer);
      b.mark(row, id);
      b.nextFrame((frame) => {
        const waitUntil = performance.now() + 1000;
        const settle = () => {
          if (b.paints[id] === undefined && performance.now() < waitUntil) return requestAnimationFrame(settle);
          const painted = b.painted(id, frame);
          resolve({ ms: painted.at - started, method: painted.method });
        };
        settle();
      });
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('The first row did not change within 15 s of clicking Next.'));
    }, 15000);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  started = performance.now();
  button.click();
})()`;

interface NextResult {
  ms: number;
  method: string;
}

interface LoadFigures {
  htmlEnd: number;
  fcp: number | null;
  firstRowPainted: number;
  method: string;
  lcp: number | null;
  longTasks: number[];
  observerError: string | null;
  firstScreenUrls: string[];
}

const LOAD_FIGURES = String.raw`(() => {
  const b = window.__bench;
  const painted = b.painted('first-row', b.firstRowFrame);
  return {
    htmlEnd: performance.getEntriesByType('navigation')[0].responseEnd,
    fcp: b.fcp,
    firstRowPainted: painted.at,
    method: painted.method,
    lcp: b.lcp,
    longTasks: b.longTasks,
    observerError: b.observerError,
    // The document plus every request started before the first row was painted, but for the
    // next page's prefetch (counted under Next) and favicons (the browser's, not the page's).
    firstScreenUrls: [location.pathname].concat(
      performance.getEntriesByType('resource')
        .filter((entry) => entry.startTime < painted.at)
        .filter((entry) => !/[?&]offset=25&/.test(entry.name) && !/\/favicon\./.test(entry.name))
        .map((entry) => new URL(entry.name).pathname),
    ),
  };
})()`;

interface RowsFigures {
  rowsFrame: number | null;
  responseEnd: number | null;
  source: string;
}

/**
 * The rows' data arrives in the list fetch's response or, when the server rendered the page with
 * its rows (no list fetch), in the document: its last byte is then the start. The end is the
 * start of the animation frame that paints the 100th row (most rows are off screen, so Element
 * Timing cannot see them): that frame's own style, layout and paint are not included.
 */
const ROWS_FIGURES = String.raw`(() => {
  const b = window.__bench;
  const list = performance.getEntriesByType('resource').find(
    (entry) => entry.name.includes('/api/v1/') && /[?&]offset=0&/.test(entry.name) && entry.name.includes('limit=100'),
  );
  const start = list || performance.getEntriesByType('navigation')[0];
  return { rowsFrame: b.rowsFrame, responseEnd: start ? start.responseEnd : null, source: list ? 'list fetch' : 'document' };
})()`;

// ---------------------------------------------------------------------------------------------
// Network, seen through CDP
// ---------------------------------------------------------------------------------------------

interface RequestRecord {
  url: string;
  type: string;
  done: boolean;
  /** Bytes received, headers included (CDP encodedDataLength at loadingFinished). */
  bytes: number;
  /** Body bytes after decompression (CDP dataReceived dataLength, summed). */
  decoded: number;
  status?: number;
  error?: string;
}

/** Requests of one page, by CDP request id; plus the one held by Fetch interception, if any. */
class NetworkLog {
  readonly requests = new Map<string, RequestRecord>();
  private lastActivity = Date.now();
  private held: { fetchId: string; networkId: string } | null = null;

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Network.requestWillBeSent', (event) => {
      this.lastActivity = Date.now();
      if (event.request.url.startsWith('data:') || this.requests.has(event.requestId)) return;
      this.requests.set(event.requestId, {
        url: event.request.url,
        type: event.type ?? 'Other',
        done: false,
        bytes: 0,
        decoded: 0,
      });
    });
    cdp.on('Network.responseReceived', (event) => {
      const record = this.requests.get(event.requestId);
      if (!record) return;
      record.type = event.type;
      record.status = event.response.status;
    });
    cdp.on('Network.dataReceived', (event) => {
      const record = this.requests.get(event.requestId);
      if (record) record.decoded += event.dataLength;
    });
    cdp.on('Network.loadingFinished', (event) =>
      this.finish(event.requestId, event.encodedDataLength),
    );
    cdp.on('Network.loadingFailed', (event) => {
      this.finish(event.requestId, 0);
      const record = this.requests.get(event.requestId);
      if (record) record.error = event.errorText;
    });
    cdp.on('Fetch.requestPaused', (event) => {
      this.held = { fetchId: event.requestId, networkId: event.networkId ?? '' };
    });
  }

  private finish(id: string, bytes: number) {
    this.lastActivity = Date.now();
    const record = this.requests.get(id);
    if (!record) return;
    record.done = true;
    record.bytes = bytes;
  }

  /** The ids of the requests so far, to count what a click adds. */
  snapshot(): Set<string> {
    return new Set(this.requests.keys());
  }

  /** Requests since the snapshot, plus the released one if it had shown up before the click. */
  since(snapshot: Set<string>, released?: string): string[] {
    const urls: string[] = [];
    for (const [id, record] of this.requests) {
      // Chromium asks for the favicon again on same-document navigations; the page does not.
      if (FAVICON.test(record.url)) continue;
      if (!snapshot.has(id) || id === released) urls.push(shortUrl(record.url));
    }
    return urls;
  }

  /** Every request so far, in the order they were sent, favicons included. */
  all(): string[] {
    return [...this.requests.values()].map((record) => shortUrl(record.url));
  }

  bytes(type: string): number {
    let total = 0;
    for (const record of this.requests.values()) if (record.type === type) total += record.bytes;
    return total;
  }

  decodedBytes(type: string): number {
    let total = 0;
    for (const record of this.requests.values()) if (record.type === type) total += record.decoded;
    return total;
  }

  /** Path and query of every request whose URL matches. */
  urls(pattern: RegExp): string[] {
    return [...this.requests.values()]
      .filter((record) => pattern.test(record.url))
      .map((record) => new URL(record.url).pathname + new URL(record.url).search);
  }

  /** Failed, unanswered or non-2xx requests, for an error message. */
  problems(): string[] {
    return [...this.requests.values()]
      .filter((r) => r.error !== undefined || !r.done || (r.status ?? 200) >= 400)
      .map((r) => `${shortUrl(r.url)} ${r.error ?? (r.done ? `HTTP ${r.status}` : 'in flight')}`);
  }

  /** Requests in flight, but a held one. */
  private pending(): RequestRecord[] {
    return [...this.requests.entries()]
      .filter(([id, record]) => !record.done && id !== this.held?.networkId)
      .map(([, record]) => record);
  }

  /** No request (but a held one) has been in flight, or started, for `quietMs`. */
  quietFor(quietMs: number): boolean {
    return this.pending().length === 0 && Date.now() - this.lastActivity >= quietMs;
  }

  /** Resolves once no request (but a held one) has been in flight for `quietMs`. */
  async waitForQuiet(quietMs: number, timeoutMs = IDLE_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.quietFor(quietMs)) {
      if (Date.now() > deadline) throw new Error(this.notQuiet(quietMs));
      await sleep(50);
    }
  }

  notQuiet(quietMs: number): string {
    const urls = this.pending().map((record) => shortUrl(record.url));
    return `The network was not quiet for ${quietMs} ms in time (in flight: ${urls.join(', ') || 'none'}).`;
  }

  async waitForHeld(timeoutMs = IDLE_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.held === null) {
      if (Date.now() > deadline) throw new Error('The page never asked for page 3 (prefetch).');
      await sleep(20);
    }
  }

  /** Lets the held request go on; returns its network request id. */
  async releaseHeld(): Promise<string> {
    if (this.held === null) throw new Error('No request is held.');
    const { fetchId, networkId } = this.held;
    this.held = null;
    await this.cdp.send('Fetch.continueRequest', { requestId: fetchId });
    return networkId;
  }
}

const FAVICON = /\/favicon\.\w+$/;

/** Path and query, with the long sids cut short, for the raw results. */
function shortUrl(href: string): string {
  const url = new URL(href);
  return (url.pathname + url.search).replace(/\b(AI|EN|EX)([0-9a-f]{6})[0-9a-f]{26}\b/g, '$1$2…');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Main-thread work and errors, seen through CDP and Playwright
// ---------------------------------------------------------------------------------------------

/**
 * CDP Performance.getMetrics `TaskDuration`: the seconds the page's renderer main thread spent
 * running tasks (script, style, layout, paint, parsing, GC…), cumulative, measured in wall time
 * (the domain's default timeTicks), so a throttled CPU counts as the slower machine would.
 */
async function mainThreadSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const task = metrics.find((metric) => metric.name === 'TaskDuration');
  if (task === undefined) throw new Error('CDP Performance.getMetrics gave no TaskDuration.');
  return task.value;
}

/**
 * Waits for the idle point (see IDLE_QUIET_MS) and returns TaskDuration there, in seconds.
 * TaskDuration is read every 200 ms; the busy time of the last second is the difference to the
 * reading at least that old.
 */
async function waitForIdle(cdp: CDPSession, net: NetworkLog): Promise<number> {
  const deadline = Date.now() + IDLE_TIMEOUT_MS;
  const readings: { at: number; task: number }[] = [];
  for (;;) {
    const at = Date.now();
    const task = await mainThreadSeconds(cdp);
    readings.push({ at, task });
    const windowStart = readings.findLast((reading) => reading.at <= at - IDLE_QUIET_MS);
    const busyMs = windowStart === undefined ? Infinity : (task - windowStart.task) * 1000;
    if (net.quietFor(IDLE_QUIET_MS) && busyMs <= IDLE_BUSY_MS) return task;
    if (at > deadline) {
      throw new Error(
        net.quietFor(IDLE_QUIET_MS)
          ? `The main thread was still busy (${Math.round(busyMs)} ms in the last ${IDLE_QUIET_MS} ms) after ${IDLE_TIMEOUT_MS} ms.`
          : net.notQuiet(IDLE_QUIET_MS),
      );
    }
    await sleep(200);
  }
}

/** Collects one load's console errors and uncaught errors from the page's start. */
class ErrorLog {
  readonly console: string[] = [];
  readonly uncaught: string[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.console.push(message.text());
    });
    page.on('pageerror', (error) => this.uncaught.push(`${error.name}: ${error.message}`));
  }

  summary(load: string): PageErrors {
    const all = [...this.console, ...this.uncaught];
    return {
      console: this.console.length,
      uncaught: this.uncaught.length,
      hydration: all.filter((text) => HYDRATION_ERROR.test(text)).length,
      messages: all.map((text) => `${load}: ${text.slice(0, 300)}`),
    };
  }
}

function addErrors(a: PageErrors, b: PageErrors): PageErrors {
  return {
    console: a.console + b.console,
    uncaught: a.uncaught + b.uncaught,
    hydration: a.hydration + b.hydration,
    messages: [...a.messages, ...b.messages],
  };
}

// ---------------------------------------------------------------------------------------------
// Loads
// ---------------------------------------------------------------------------------------------

interface OpenPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  net: NetworkLog;
  errors: ErrorLog;
}

async function openPage(browser: Browser, profile: ProfileName, hold: boolean): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(LOAD_TIMEOUT_MS);
    const errors = new ErrorLog(page);
    const cdp = await context.newCDPSession(page);
    const net = new NetworkLog(cdp);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable');
    const { link, cpuRate } = PROFILES[profile];
    if (link !== null) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: link.latency,
        downloadThroughput: link.down,
        uploadThroughput: link.up,
      });
    }
    // Set on about:blank, it holds for the navigation's renderer too (DevTools carries it over).
    if (cpuRate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    if (hold) {
      await cdp.send('Fetch.enable', {
        patterns: [{ urlPattern: HELD_REQUEST_PATTERN, requestStage: 'Request' }],
      });
    }
    await page.addInitScript(INIT_SCRIPT);
    return { context, page, cdp, net, errors };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Why a load went wrong: what the page shows and which requests failed. */
async function explain(error: unknown, page: Page, net: NetworkLog): Promise<Error> {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const text = await page
    .evaluate('document.body ? document.body.innerText.slice(0, 200) : ""')
    .then((value) => String(value).replace(/\s+/g, ' '))
    .catch(() => '(unreadable)');
  const problems = net.problems().join('; ') || 'none';
  return new Error(`${message}\n    page shows: ${text}\n    request problems: ${problems}`, {
    cause: error,
  });
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`No figure for ${what} (got ${String(value)}).`);
  }
  return value;
}

/** Waits for one of INIT_SCRIPT's promises, once the new document has its `__bench`. */
async function waitInPage(page: Page, promise: 'firstRowReady' | 'rowsReady', what: string) {
  const expression = `new Promise((resolve) => {
    const go = () => (window.__bench ? window.__bench.${promise}.then(resolve) : setTimeout(go, 20));
    go();
  })`;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not show within ${LOAD_TIMEOUT_MS} ms.`)),
      LOAD_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([page.evaluate(expression), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Total blocking time: what each long task spent past 50 ms. */
const blockingMs = (longTasks: number[]) =>
  longTasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0);

/** Load A: the list page until idle, then Next with and without prefetch. */
async function measureListLoad(browser: Browser, url: string, profile: ProfileName) {
  const { context, page, cdp, net, errors } = await openPage(browser, profile, true);
  try {
    // The blank page's few tasks (0.1 to 8 ms seen) are not the load's. Should the navigation
    // swap renderers, the new one's counter starts near 0 too: the error is a few ms at most.
    const taskBefore = await mainThreadSeconds(cdp);
    await page.goto(url, { waitUntil: 'commit' });
    await waitInPage(page, 'firstRowReady', 'The first row');
    // Main-thread work is read at the idle point, before the bench's own evaluate.
    const mainThreadMs = Math.max(0, (await waitForIdle(cdp, net)) - taskBefore) * 1000;
    const load = await page.evaluate<LoadFigures>(LOAD_FIGURES);
    if (load.observerError !== null) throw new Error(`PerformanceObserver: ${load.observerError}`);
    const idleUrls = net.all();
    const htmlDecoded = net.decodedBytes('Document');
    if (htmlDecoded === 0) throw new Error('CDP reported no body bytes for the document.');
    const fcp = finite(load.fcp, 'first contentful paint');
    const figures = {
      htmlEndMs: finite(load.htmlEnd, 'HTML end'),
      fcpMs: fcp,
      fcpAfterHtmlMs: fcp - load.htmlEnd,
      firstRowMs: finite(load.firstRowPainted, 'first row'),
      lcpMs: finite(load.lcp, 'LCP'),
      mainThreadMs: finite(mainThreadMs, 'main-thread work'),
      tbtMs: blockingMs(load.longTasks),
      longTaskCount: load.longTasks.length,
      longTaskMs: load.longTasks.reduce((sum, duration) => sum + duration, 0),
      requests: idleUrls.length,
      firstScreenRequests: load.firstScreenUrls.length,
      htmlKB: net.bytes('Document') / 1000,
      htmlDecodedKB: htmlDecoded / 1000,
      jsKB: net.bytes('Script') / 1000,
      cssKB: net.bytes('Stylesheet') / 1000,
    };

    // Next to page 2 with prefetch: the real mouse over the button (Playwright scrolls it into
    // view), time for whatever that intent fetches, then the page back at its top (the mouse
    // moved off first, to the corner, so no other element's hover counts) and the click.
    let before = net.snapshot();
    await page
      .locator('button', { hasText: /^\s*Next\s*$/ })
      .first()
      .hover();
    await net.waitForQuiet(500);
    await page.mouse.move(0, 0);
    await page.evaluate(SCROLL_TO_TOP);
    const hoverUrls = net.since(before);
    before = net.snapshot();
    await page.evaluate(CLICK_NEXT);
    const nextPrefetched = await page.evaluate<NextResult>('window.__bench.nextDone');
    await net.waitForHeld();
    await net.waitForQuiet(300);
    const prefetchedUrls = net.since(before);

    // Next to page 3, whose prefetch is held: released right after the click.
    before = net.snapshot();
    await page.evaluate(CLICK_NEXT);
    const released = await net.releaseHeld();
    const nextCold = await page.evaluate<NextResult>('window.__bench.nextDone');
    await net.waitForQuiet(300);
    // The released request was sent before the click, but it is the one this click waited for.
    const coldUrls = net.since(before, released);

    return {
      firstScreenUrls: load.firstScreenUrls,
      idleUrls,
      clickUrls: { hover: hoverUrls, prefetched: prefetchedUrls, cold: coldUrls },
      listApiUrls: net.urls(LIST_API),
      paintMethods: {
        firstRow: load.method,
        nextPrefetched: nextPrefetched.method,
        nextCold: nextCold.method,
      },
      errors: errors.summary('list'),
      figures: {
        ...figures,
        nextPrefetchedMs: finite(nextPrefetched.ms, 'Next'),
        nextPrefetchedRequests: prefetchedUrls.length,
        nextColdMs: finite(nextCold.ms, 'Next'),
        nextColdRequests: coldUrls.length,
      },
    };
  } catch (error) {
    throw await explain(error, page, net);
  } finally {
    await context.close();
  }
}

/**
 * Load B: ?limit=100, from navigation start and from the rows' data to 100 rows painted; then
 * until idle, for any error hydration raises after the rows showed.
 */
async function measureRowsLoad(browser: Browser, url: string, profile: ProfileName) {
  const { context, page, cdp, net, errors } = await openPage(browser, profile, false);
  try {
    const withLimit = new URL(url);
    withLimit.searchParams.set('limit', '100');
    await page.goto(withLimit.href, { waitUntil: 'commit' });
    await waitInPage(page, 'rowsReady', 'The 100th row');
    const rows = await page.evaluate<RowsFigures>(ROWS_FIGURES);
    const fromStart = finite(rows.rowsFrame, '100 rows');
    await waitForIdle(cdp, net);
    return {
      fromStart,
      afterData: fromStart - finite(rows.responseEnd, 'list response'),
      source: rows.source,
      errors: errors.summary('rows100'),
    };
  } catch (error) {
    throw await explain(error, page, net);
  } finally {
    await context.close();
  }
}

export interface PageRunOptions {
  /** Where each page is, for a profile: the upstream profile has servers of its own. */
  urlsFor: (profile: ProfileName) => Record<PageKind, string>;
  profiles: { name: ProfileName; iterations: number }[];
  /** Unrecorded list loads of each page on loopback first (server JIT, browser start-up). */
  warmupLoads: number;
  log: (line: string) => void;
}

/** One retry per load: a bench of ~100 loads should not die of one hiccup; retries are counted. */
async function withRetry<T>(label: string, log: (line: string) => void, load: () => Promise<T>) {
  try {
    return { value: await load(), retried: false };
  } catch (error) {
    log(`  ${label} failed, once: ${error instanceof Error ? error.message : String(error)}`);
    try {
      return { value: await load(), retried: true };
    } catch (again) {
      throw new Error(
        `${label} failed twice: ${again instanceof Error ? again.message : String(again)}`,
        {
          cause: again,
        },
      );
    }
  }
}

/** Interleaved: app, reference, app, reference… for each load kind, each round. */
export async function measurePages(
  browser: Browser,
  options: PageRunOptions,
): Promise<{ samples: Sample[]; retries: string[] }> {
  const samples: Sample[] = [];
  const retries: string[] = [];
  const kinds: PageKind[] = ['app', 'reference'];
  const { urlsFor, log } = options;
  for (const { name: profile, iterations } of options.profiles) {
    const urls = urlsFor(profile);
    // Before the first profile on each set of servers: their JIT and the browser warm up.
    if (profile === options.profiles[0]?.name || PROFILES[profile].upstreamListMs !== null) {
      for (let round = 0; round < options.warmupLoads; round++) {
        for (const kind of kinds) {
          await withRetry(`warm-up ${kind}`, log, () =>
            measureListLoad(browser, urls[kind], 'loopback'),
          );
        }
      }
    }
    const started = Date.now();
    for (let iteration = 1; iteration <= iterations; iteration++) {
      const list: Partial<Record<PageKind, Awaited<ReturnType<typeof measureListLoad>>>> = {};
      const rows: Partial<Record<PageKind, Awaited<ReturnType<typeof measureRowsLoad>>>> = {};
      for (const kind of kinds) {
        const label = `${profile} round ${iteration} ${kind} list load`;
        const result = await withRetry(label, log, () =>
          measureListLoad(browser, urls[kind], profile),
        );
        if (result.retried) retries.push(label);
        list[kind] = result.value;
      }
      for (const kind of kinds) {
        const label = `${profile} round ${iteration} ${kind} 100-row load`;
        const result = await withRetry(label, log, () =>
          measureRowsLoad(browser, urls[kind], profile),
        );
        if (result.retried) retries.push(label);
        rows[kind] = result.value;
      }
      for (const kind of kinds) {
        const load = list[kind];
        const rows100 = rows[kind];
        if (load === undefined || rows100 === undefined) continue;
        samples.push({
          page: kind,
          profile,
          iteration,
          listApiUrls: load.listApiUrls,
          rows100Source: rows100.source,
          paintMethods: load.paintMethods,
          firstScreenUrls: load.firstScreenUrls,
          idleUrls: load.idleUrls,
          clickUrls: load.clickUrls,
          errors: addErrors(load.errors, rows100.errors),
          figures: {
            ...load.figures,
            rows100Ms: rows100.fromStart,
            rows100AfterDataMs: rows100.afterData,
          },
        });
      }
      const elapsed = Math.round((Date.now() - started) / 1000);
      log(`  ${profile}: round ${iteration}/${iterations} (${elapsed} s)`);
    }
  }
  return { samples, retries };
}
