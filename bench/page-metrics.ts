/**
 * Page side of the bench: cold loads of the dashboard and of the reference page in Chromium,
 * interleaved, on loopback and on an emulated slow link.
 *
 * Every load gets a fresh `browser.newContext()`: its own storage partition (HTTP cache, V8 code
 * cache, cookies, socket pool), so nothing is warm from the previous load, without paying for a
 * new browser process (which a returning user would not pay either). The cache is disabled too.
 *
 * Per sample, two cold loads:
 *  A. the list page: bytes, first-screen requests, first row, LCP, long tasks; then, after ≥ 1 s of
 *     network quiet, Next (page 2, already prefetched); then Next again (page 3), whose prefetch
 *     was held back by CDP Fetch interception and is released at the click, so that click waits
 *     for a request that starts with it, as if there were no prefetch.
 *  B. the list page with ?limit=100: time from the rows' data arriving to 100 rows painted.
 *
 * Timings are taken in the page (performance.now(), relative to navigation start); how "painted"
 * is read is described at INIT_SCRIPT and ROWS_FIGURES.
 */
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';

export type PageKind = 'app' | 'reference';
export type ProfileName = 'loopback' | 'slow';

/** 150 ms RTT, 1.6 Mbps down, 750 kbps up (CDP throttles per request, in bytes per second). */
export const PROFILES: Record<ProfileName, { latency: number; down: number; up: number } | null> = {
  loopback: null,
  slow: { latency: 150, down: 1_600_000 / 8, up: 750_000 / 8 },
};

export const FIGURES = {
  jsKB: 'JS on the wire (kB)',
  cssKB: 'CSS on the wire (kB)',
  firstScreenRequests: 'first-screen requests',
  firstRowMs: 'first table row painted (ms)',
  lcpMs: 'LCP (ms)',
  longTaskMs: 'long tasks, total (ms)',
  nextPrefetchedMs: 'Next, prefetched (ms)',
  nextPrefetchedRequests: '  requests after that click',
  nextColdMs: 'Next, not prefetched (ms)',
  nextColdRequests: '  requests after that click',
  rows100Ms: '100-row render (ms)',
} as const;

export type FigureName = keyof typeof FIGURES;

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
  /** Paths of the first-screen requests, and of the requests after each Next click. */
  firstScreenUrls: string[];
  clickUrls: { prefetched: string[]; cold: string[] };
}

const LOAD_TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 20_000;
/** Page 3's list request, held in load A until the second Next click. */
const HELD_REQUEST_PATTERN = '*/api/v1/*offset=50&*';

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
 */
const INIT_SCRIPT = String.raw`(() => {
  if (window.top !== window) return;
  const b = (window.__bench = {
    firstRowInserted: null, firstRowFrame: null,
    rowsTarget: null, rowsInserted: null, rowsFrame: null,
    paints: {}, lcp: null, longTaskTotal: 0, longTaskCount: 0, observerError: null,
  });
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
        b.nextFrame((at) => { b.firstRowFrame = at; });
      }
    }
    if (b.rowsTarget !== null && b.rowsInserted === null && b.dataRowCount() >= b.rowsTarget) {
      b.rowsInserted = performance.now();
      b.nextFrame((at) => { b.rowsFrame = at; });
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
      const entries = list.getEntries();
      b.lcp = entries[entries.length - 1].startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) { b.longTaskTotal += entry.duration; b.longTaskCount++; }
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    b.observerError = String(error);
  }
})();`;

/**
 * Clicks Next and leaves a promise of { ms, method }: from the click to the paint of the new
 * first row (its text changed), waiting up to 1 s after that frame for its Element Timing entry.
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
  firstRowPainted: number;
  method: string;
  lcp: number | null;
  longTaskTotal: number;
  observerError: string | null;
  firstScreenUrls: string[];
}

const LOAD_FIGURES = String.raw`(() => {
  const b = window.__bench;
  const painted = b.painted('first-row', b.firstRowFrame);
  return {
    firstRowPainted: painted.at,
    method: painted.method,
    lcp: b.lcp,
    longTaskTotal: b.longTaskTotal,
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
  bytes: number;
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
      });
    });
    cdp.on('Network.responseReceived', (event) => {
      const record = this.requests.get(event.requestId);
      if (!record) return;
      record.type = event.type;
      record.status = event.response.status;
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

  bytes(type: string): number {
    let total = 0;
    for (const record of this.requests.values()) if (record.type === type) total += record.bytes;
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

  /** Resolves once no request (but a held one) has been in flight for `quietMs`. */
  async waitForQuiet(quietMs: number, timeoutMs = IDLE_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = [...this.requests.entries()].filter(
        ([id, record]) => !record.done && id !== this.held?.networkId,
      );
      if (pending.length === 0 && Date.now() - this.lastActivity >= quietMs) return;
      if (Date.now() > deadline) {
        const urls = pending.map(([, record]) => record.url).join(', ') || 'none';
        throw new Error(
          `The network was not quiet for ${quietMs} ms in time (in flight: ${urls}).`,
        );
      }
      await sleep(50);
    }
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
// Loads
// ---------------------------------------------------------------------------------------------

interface OpenPage {
  context: BrowserContext;
  page: Page;
  net: NetworkLog;
}

async function openPage(browser: Browser, profile: ProfileName, hold: boolean): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(LOAD_TIMEOUT_MS);
    const cdp = await context.newCDPSession(page);
    const net = new NetworkLog(cdp);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const link = PROFILES[profile];
    if (link !== null) {
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: link.latency,
        downloadThroughput: link.down,
        uploadThroughput: link.up,
      });
    }
    if (hold) {
      await cdp.send('Fetch.enable', {
        patterns: [{ urlPattern: HELD_REQUEST_PATTERN, requestStage: 'Request' }],
      });
    }
    await page.addInitScript(INIT_SCRIPT);
    return { context, page, net };
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

/** Load A: the list page, then Next with and without prefetch. */
async function measureListLoad(browser: Browser, url: string, profile: ProfileName) {
  const { context, page, net } = await openPage(browser, profile, true);
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction('window.__bench && window.__bench.firstRowFrame !== null', null, {
      polling: 50,
    });
    await net.waitForQuiet(1_000);
    const load = await page.evaluate<LoadFigures>(LOAD_FIGURES);
    if (load.observerError !== null) throw new Error(`PerformanceObserver: ${load.observerError}`);
    const figures = {
      jsKB: net.bytes('Script') / 1000,
      cssKB: net.bytes('Stylesheet') / 1000,
      firstScreenRequests: load.firstScreenUrls.length,
      firstRowMs: finite(load.firstRowPainted, 'first row'),
      lcpMs: finite(load.lcp, 'LCP'),
      longTaskMs: finite(load.longTaskTotal, 'long tasks'),
    };

    // Next to page 2, prefetched while the page sat idle.
    let before = net.snapshot();
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
      clickUrls: { prefetched: prefetchedUrls, cold: coldUrls },
      listApiUrls: net.urls(/\/api\/v1\//),
      paintMethods: {
        firstRow: load.method,
        nextPrefetched: nextPrefetched.method,
        nextCold: nextCold.method,
      },
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

/** Load B: ?limit=100, from the list response's last byte to 100 rows painted. */
async function measureRowsLoad(browser: Browser, url: string, profile: ProfileName) {
  const { context, page, net } = await openPage(browser, profile, false);
  try {
    const withLimit = new URL(url);
    withLimit.searchParams.set('limit', '100');
    await page.goto(withLimit.href, { waitUntil: 'commit' });
    await page.waitForFunction('window.__bench && window.__bench.rowsFrame !== null', null, {
      polling: 50,
    });
    const rows = await page.evaluate<RowsFigures>(ROWS_FIGURES);
    const ms = finite(rows.rowsFrame, '100 rows') - finite(rows.responseEnd, 'list response');
    return { ms, source: rows.source };
  } catch (error) {
    throw await explain(error, page, net);
  } finally {
    await context.close();
  }
}

export interface PageRunOptions {
  urls: Record<PageKind, string>;
  profiles: { name: ProfileName; iterations: number }[];
  /** Unrecorded list loads of each page on loopback first (server JIT, browser start-up). */
  warmupLoads: number;
  log: (line: string) => void;
}

/** Interleaved: app, reference, app, reference… for each load kind, each round. */
/** One retry per load: a bench of ~80 loads should not die of one hiccup; retries are counted. */
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
  const { urls, log } = options;
  for (let round = 0; round < options.warmupLoads; round++) {
    for (const kind of kinds) {
      await withRetry(`warm-up ${kind}`, log, () =>
        measureListLoad(browser, urls[kind], 'loopback'),
      );
    }
  }
  for (const { name: profile, iterations } of options.profiles) {
    const started = Date.now();
    for (let iteration = 1; iteration <= iterations; iteration++) {
      const list: Partial<Record<PageKind, Awaited<ReturnType<typeof measureListLoad>>>> = {};
      const rows: Partial<Record<PageKind, { ms: number; source: string }>> = {};
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
          clickUrls: load.clickUrls,
          figures: { ...load.figures, rows100Ms: rows100.ms },
        });
      }
      const elapsed = Math.round((Date.now() - started) / 1000);
      log(`  ${profile}: round ${iteration}/${iterations} (${elapsed} s)`);
    }
  }
  return { samples, retries };
}
