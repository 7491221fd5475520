// See docs/decisions/browser-local-storage.md.
import { useSyncExternalStore } from 'react';
import { z } from 'zod/mini';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { SID_SCHEMAS } from '#src/api/contract/sids.ts';
import { storedEntry } from '#src/lib/local-storage.ts';

export const RECENT_VIEWS_STORAGE_KEY = 'sp-recent-views';
export const MAX_RECENT_VIEWS = 10;

const names = {
  learnerName: z.optional(z.string()),
  installName: z.optional(z.string()),
  examName: z.optional(z.string()),
};

const recentViewSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  enrollmentSid: SID_SCHEMAS.enrollmentSid,
  examSid: SID_SCHEMAS.examSid,
  sessionSid: z.optional(SID_SCHEMAS.sessionSid),
  /** Canonical, without "?"; empty for a detail. */
  search: z.string(),
  ...names,
});

export type RecentView = z.infer<typeof recentViewSchema>;

export type ShownView = Pick<
  RecentView,
  'installSid' | 'enrollmentSid' | 'examSid' | 'sessionSid' | 'search'
>;

export interface ViewNames {
  learnerName?: string;
  installName?: string;
  examName?: string;
}

const NAME_KEYS = ['learnerName', 'installName', 'examName'] as const satisfies (keyof ViewNames)[];

/** Only the names given: an unknown name never erases one learned before. */
function givenNames(known: ViewNames): ViewNames {
  return Object.fromEntries(
    NAME_KEYS.flatMap((key) => (known[key] === undefined ? [] : [[key, known[key]]])),
  );
}

/** Without the query: what makes two entries the same. */
export function recentViewPath(view: ShownView): string {
  return view.sessionSid === undefined
    ? buildPath(PAGE_ROUTES.sessions, view)
    : buildPath(PAGE_ROUTES.sessionDetail, { ...view, sessionSid: view.sessionSid });
}

export function recentViewHref(view: ShownView): string {
  const path = recentViewPath(view);
  return view.search === '' ? path : `${path}?${view.search}`;
}

export function parseRecentViews(raw: string | null): RecentView[] {
  if (raw === null) return [];
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  const seen = new Set<string>();
  return stored
    .flatMap((item: unknown) => {
      const parsed = recentViewSchema.safeParse(item);
      if (!parsed.success || seen.has(recentViewPath(parsed.data))) return [];
      seen.add(recentViewPath(parsed.data));
      return [parsed.data];
    })
    .slice(0, MAX_RECENT_VIEWS);
}

const stored = storedEntry(RECENT_VIEWS_STORAGE_KEY);

export function readRecentViews(): RecentView[] {
  return parseRecentViews(stored.read());
}

function writeRecentViews(views: RecentView[]): void {
  const raw = JSON.stringify(views.slice(0, MAX_RECENT_VIEWS));
  if (raw !== stored.read()) stored.write(raw);
}

function withNames(view: RecentView, known: ViewNames): RecentView {
  return { ...view, ...givenNames(known) };
}

export function recordRecentView(view: ShownView, known: ViewNames = {}): void {
  const path = recentViewPath(view);
  const views = readRecentViews();
  const earlier = views.find((entry) => recentViewPath(entry) === path);
  const entry = withNames(
    {
      installSid: view.installSid,
      enrollmentSid: view.enrollmentSid,
      examSid: view.examSid,
      ...(view.sessionSid === undefined ? {} : { sessionSid: view.sessionSid }),
      search: view.search,
      ...(earlier === undefined ? {} : givenNames(earlier)),
    },
    known,
  );
  writeRecentViews([entry, ...views.filter((other) => recentViewPath(other) !== path)]);
}

export function updateRecentViewNames(view: ShownView, known: ViewNames): void {
  const path = recentViewPath(view);
  const views = readRecentViews();
  writeRecentViews(
    views.map((entry) => (recentViewPath(entry) === path ? withNames(entry, known) : entry)),
  );
}

export function removeRecentView(view: ShownView): void {
  const path = recentViewPath(view);
  writeRecentViews(readRecentViews().filter((entry) => recentViewPath(entry) !== path));
}

export function clearRecentViews(): void {
  writeRecentViews([]);
}

// useSyncExternalStore wants the same value for the same storage: parse once per raw string.
let cached: { raw: string | null; views: RecentView[] } | null = null;

function snapshot(): RecentView[] {
  const raw = stored.read();
  if (cached?.raw !== raw) cached = { raw, views: parseRecentViews(raw) };
  return cached.views;
}

export function useRecentViews(): RecentView[] | null {
  return useSyncExternalStore(stored.subscribe, snapshot, () => null);
}
