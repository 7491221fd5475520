/**
 * "Recently viewed": the last views this browser showed (a learner's list with its query, or one
 * session), newest first, one entry per path, kept in localStorage. Storage is untrusted: every
 * read is parsed, an entry that does not parse is dropped, and a browser without storage keeps
 * the list for this page only.
 */
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
};

const recentViewSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  enrollmentSid: SID_SCHEMAS.enrollmentSid,
  examSid: SID_SCHEMAS.examSid,
  /** Set for a session's detail; absent for a list. */
  sessionSid: z.optional(SID_SCHEMAS.sessionSid),
  /** The list's canonical query, without "?"; empty for a detail. */
  search: z.string(),
  ...names,
});

export type RecentView = z.infer<typeof recentViewSchema>;

/** What a page says it shows; names are added as they become known. */
export type ShownView = Pick<
  RecentView,
  'installSid' | 'enrollmentSid' | 'examSid' | 'sessionSid' | 'search'
>;

export interface ViewNames {
  learnerName?: string;
  installName?: string;
}

/** The page path of a view, without its query: what makes two entries the same. */
export function recentViewPath(view: ShownView): string {
  return view.sessionSid === undefined
    ? buildPath(PAGE_ROUTES.sessions, view)
    : buildPath(PAGE_ROUTES.sessionDetail, { ...view, sessionSid: view.sessionSid });
}

export function recentViewHref(view: ShownView): string {
  const path = recentViewPath(view);
  return view.search === '' ? path : `${path}?${view.search}`;
}

/** Stored entries that still parse, at most MAX_RECENT_VIEWS of them, one per path. */
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
  return {
    ...view,
    ...(known.learnerName === undefined ? {} : { learnerName: known.learnerName }),
    ...(known.installName === undefined ? {} : { installName: known.installName }),
  };
}

/** Puts a view first; names known from an earlier visit of the same path are kept. */
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
      ...(earlier?.learnerName === undefined ? {} : { learnerName: earlier.learnerName }),
      ...(earlier?.installName === undefined ? {} : { installName: earlier.installName }),
    },
    known,
  );
  writeRecentViews([entry, ...views.filter((other) => recentViewPath(other) !== path)]);
}

/** Names that arrived after the view was recorded; the entry keeps its place. */
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

/** The stored views, or null on the server and while hydrating (storage is the browser's). */
export function useRecentViews(): RecentView[] | null {
  // Subscribed to every write, so a view shown in another tab of this browser shows up here too.
  return useSyncExternalStore(stored.subscribe, snapshot, () => null);
}
