/**
 * The browser side of `npm run bench:quota`: what a tab shows and when (measured in the page, from
 * its navigation start), the /api answers it gets, and a tab that believes it is hidden.
 */
import type { BrowserContext, Page, Response } from '@playwright/test';
import { z } from 'zod/mini';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';

const PROBE_KEY = '__quotaBench';
const SHOW_EVENT = 'quota-bench-show';

/**
 * Runs in every document before its scripts: notes the first frame in which a table row (not a
 * skeleton) and an error panel (an alert with a heading) are visible. A string, not a function:
 * tsx's transform would add helpers the page does not have.
 */
const PROBE_SCRIPT = String.raw`(() => {
  const state = { timeOrigin: performance.timeOrigin, rowsAt: null, alertAt: null, alertTitle: null };
  window[${JSON.stringify(PROBE_KEY)}] = state;
  const seen = (element) => element !== null && element !== undefined && element.checkVisibility();
  const check = () => {
    const now = performance.now();
    const row = document.querySelector('table[aria-busy="false"] tbody tr:not([aria-hidden])');
    if (state.rowsAt === null && seen(row)) state.rowsAt = now;
    const alert = Array.from(document.querySelectorAll('[role="alert"]')).find(
      (element) => element.querySelector('h2') !== null && seen(element),
    );
    if (state.alertAt === null && alert !== undefined) {
      state.alertAt = now;
      state.alertTitle = alert.querySelector('h2').textContent;
    }
  };
  let scheduled = false;
  // A frame runs only once render-blocking CSS is in: what is checked then is what is painted.
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      check();
    });
  }).observe(document, { subtree: true, childList: true, attributes: true });
})()`;

/**
 * Headless Chromium reports every page visible (bringToFront, a minimized window, a background
 * target and a lifecycle freeze leave visibilityState "visible"), so a hidden tab is told so by its
 * document: hidden until SHOW_EVENT, then visibilitychange as a real tab gets. Timers are not
 * throttled as in a real background tab.
 */
const HIDDEN_SCRIPT = String.raw`(() => {
  let hidden = true;
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  window.addEventListener(${JSON.stringify(SHOW_EVENT)}, () => {
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
  });
})()`;

export async function watchPages(context: BrowserContext): Promise<void> {
  await context.addInitScript(PROBE_SCRIPT);
}

/** A new page that is hidden from its first script on; `showPage` makes it visible. */
export async function newHiddenPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(HIDDEN_SCRIPT);
  return page;
}

export async function showPage(page: Page): Promise<void> {
  await page.bringToFront();
  await page.evaluate((event) => window.dispatchEvent(new Event(event)), SHOW_EVENT);
}

const probeSchema = z.object({
  timeOrigin: z.number(),
  rowsAt: z.nullable(z.number()),
  alertAt: z.nullable(z.number()),
  alertTitle: z.nullable(z.string()),
});

export type Probe = z.infer<typeof probeSchema>;

export async function readProbe(page: Page): Promise<Probe> {
  const raw = await page.evaluate((key): unknown => Reflect.get(window, key), PROBE_KEY);
  return probeSchema.parse(raw);
}

/** Waits until the page shows rows or an error panel; null after `timeoutMs`. */
export async function waitForView(
  page: Page,
  want: 'rows' | 'alert' | 'either',
  timeoutMs: number,
): Promise<Probe | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = await readProbe(page).catch(() => null);
    if (probe !== null) {
      const rows = probe.rowsAt !== null;
      const alert = probe.alertAt !== null;
      if (want === 'rows' ? rows : want === 'alert' ? alert : rows || alert) return probe;
    }
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Epoch milliseconds of a time the probe took. */
export function epochOf(probe: Probe, at: number): number {
  return probe.timeOrigin + at;
}

export interface ApiAnswer {
  /** Null for a worker's request. */
  page: Page | null;
  at: number;
  path: string;
  status: number;
  code: string | null;
  retryAfter: number | null;
}

function pageOf(response: Response): Page | null {
  try {
    return response.frame().page();
  } catch {
    return null;
  }
}

/** Records every /api answer of the context; `settled()` waits for the bodies being read. */
export function recordApiAnswers(context: BrowserContext): {
  answers: ApiAnswer[];
  settled(): Promise<void>;
} {
  const answers: ApiAnswer[] = [];
  const reading = new Set<Promise<void>>();
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) return;
    const header = response.headers()['retry-after'];
    const answer: ApiAnswer = {
      page: pageOf(response),
      at: Date.now(),
      path: url.pathname + url.search,
      status: response.status(),
      code: null,
      retryAfter: header === undefined ? null : Number(header),
    };
    answers.push(answer);
    if (response.ok()) return;
    const read = response
      .json()
      .then((body: unknown) => {
        const parsed = apiErrorBodySchema.safeParse(body);
        answer.code = parsed.success ? parsed.data.code : 'unreadable';
      })
      .catch(() => undefined)
      .finally(() => reading.delete(read));
    reading.add(read);
  });
  return {
    answers,
    settled: async () => {
      await Promise.all([...reading]);
    },
  };
}

/** "200 × 1, 429 quota_held_back × 3" */
export function tallyAnswers(answers: readonly ApiAnswer[]): string {
  const tally = new Map<string, number>();
  for (const { status, code } of answers) {
    const key = code === null ? String(status) : `${status} ${code}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  if (tally.size === 0) return 'none';
  return [...tally].map(([key, count]) => `${key} × ${count}`).join(', ');
}
