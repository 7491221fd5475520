/**
 * The session list's view as it lives in the URL query: one canonical, readable form with
 * defaults omitted, e.g. `?status=incident&status=pending-approval&sort=createdDate.asc&tz=utc&refresh=30`.
 * Each key is parsed on its own, so one bad key never resets the others.
 */
import { z } from 'zod/mini';
import type { SessionListQuery } from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import {
  DEFAULT_TIME_ZONE_CHOICE,
  TIME_ZONE_PARAM,
  TIME_ZONE_PARAM_HINT,
  timeZoneParamSchema,
  timeZoneParamValue,
  type TimeZoneChoice,
} from '#src/lib/time-zone/time-zone-choice.ts';

export const STATUS_SLUGS = {
  'Needs Proctor': 'needs-proctor',
  'Pending Approval': 'pending-approval',
  'Approval Denied': 'approval-denied',
  Scheduled: 'scheduled',
  Incident: 'incident',
  Closed: 'closed',
  Processing: 'processing',
} as const satisfies Record<FilterableStatus, string>;

const SLUG_TO_STATUS = new Map<string, FilterableStatus>(
  FILTERABLE_STATUSES.map((status) => [STATUS_SLUGS[status], status]),
);

export const SORTS = ['createdDate.desc', 'createdDate.asc'] as const;
export type Sort = (typeof SORTS)[number];

export const PAGE_SIZES = [10, 25, 50, 100] as const;
type PageSize = (typeof PAGE_SIZES)[number];

/** Auto-refresh intervals in seconds; off is the default and is never written. */
export const REFRESH_INTERVALS = [15, 30, 60, 300] as const;
export type RefreshSeconds = (typeof REFRESH_INTERVALS)[number];

/** Far beyond any real session history; keeps offsets safe integers. */
const MAX_PAGE = 100_000;

export interface SessionListSearch {
  /** In FILTERABLE_STATUSES order; empty means every status. */
  statuses: FilterableStatus[];
  sort: Sort;
  /** 1-based. */
  page: number;
  limit: PageSize;
  includeActive: boolean;
  /** The "Times in" choice; display only, so it is not part of the API request. */
  timeZone: TimeZoneChoice;
  /** Auto-refresh every so many seconds, or null for off; not part of the API request either. */
  refresh: RefreshSeconds | null;
}

export const DEFAULT_LIST_SEARCH: SessionListSearch = {
  statuses: [],
  sort: 'createdDate.desc',
  page: 1,
  limit: 25,
  includeActive: false,
  timeZone: DEFAULT_TIME_ZONE_CHOICE,
  refresh: null,
};

const VIEW_KEYS = [
  'status',
  'sort',
  'page',
  'limit',
  'includeActive',
  TIME_ZONE_PARAM,
  'refresh',
] as const;

const sortSchema = z.enum(SORTS);
/** A whole number from 1, written plainly: no sign, no leading zero, no exponent. */
const wholeNumberSchema = z.pipe(z.string().check(z.regex(/^[1-9][0-9]*$/)), z.transform(Number));
const pageSchema = z.pipe(wholeNumberSchema, z.number().check(z.maximum(MAX_PAGE)));
const limitSchema = z.pipe(wholeNumberSchema, z.literal(PAGE_SIZES));
const refreshSchema = z.pipe(wholeNumberSchema, z.literal(REFRESH_INTERVALS));
const booleanSchema = z.pipe(
  z.enum(['true', 'false']),
  z.transform((value: 'true' | 'false') => value === 'true'),
);

interface ParsedListSearch {
  search: SessionListSearch;
  /** Plain-words notes on each part of the query that was dropped. */
  ignored: string[];
}

function parseSingle<T>(
  params: URLSearchParams,
  key: string,
  schema: z.ZodMiniType<T, string>,
  ignored: string[],
  describe: string,
): T | undefined {
  const [first, ...extra] = params.getAll(key);
  if (extra.length > 0) ignored.push(`extra "${key}" values (${extra.join(', ')})`);
  if (first === undefined) return undefined;
  const result = schema.safeParse(first);
  if (result.success) return result.data;
  ignored.push(`${key} "${first}" (${describe})`);
  return undefined;
}

export function parseListSearch(params: URLSearchParams): ParsedListSearch {
  const ignored: string[] = [];

  for (const key of new Set(params.keys())) {
    if (!VIEW_KEYS.some((viewKey) => viewKey === key)) ignored.push(`unknown "${key}"`);
  }

  const chosen = new Set<FilterableStatus>();
  for (const slug of params.getAll('status')) {
    const status = SLUG_TO_STATUS.get(slug);
    if (status) chosen.add(status);
    else ignored.push(`status "${slug}" (not a status this list can filter on)`);
  }

  return {
    search: {
      statuses: FILTERABLE_STATUSES.filter((status) => chosen.has(status)),
      sort:
        parseSingle(params, 'sort', sortSchema, ignored, `use ${SORTS.join(' or ')}`) ??
        DEFAULT_LIST_SEARCH.sort,
      page:
        parseSingle(params, 'page', pageSchema, ignored, 'use a whole number from 1') ??
        DEFAULT_LIST_SEARCH.page,
      limit:
        parseSingle(params, 'limit', limitSchema, ignored, `use ${PAGE_SIZES.join(', ')}`) ??
        DEFAULT_LIST_SEARCH.limit,
      includeActive:
        parseSingle(params, 'includeActive', booleanSchema, ignored, 'use true or false') ??
        DEFAULT_LIST_SEARCH.includeActive,
      timeZone:
        parseSingle(params, TIME_ZONE_PARAM, timeZoneParamSchema, ignored, TIME_ZONE_PARAM_HINT) ??
        DEFAULT_LIST_SEARCH.timeZone,
      refresh:
        parseSingle(
          params,
          'refresh',
          refreshSchema,
          ignored,
          `use ${REFRESH_INTERVALS.join(', ')} seconds`,
        ) ?? DEFAULT_LIST_SEARCH.refresh,
    },
    ignored,
  };
}

/** The canonical query string (without "?"): fixed key order, statuses in API order, defaults omitted. */
export function serializeListSearch(view: SessionListSearch): string {
  const params = new URLSearchParams();
  for (const status of FILTERABLE_STATUSES) {
    if (view.statuses.includes(status)) params.append('status', STATUS_SLUGS[status]);
  }
  if (view.sort !== DEFAULT_LIST_SEARCH.sort) params.set('sort', view.sort);
  if (view.page !== DEFAULT_LIST_SEARCH.page) params.set('page', String(view.page));
  if (view.limit !== DEFAULT_LIST_SEARCH.limit) params.set('limit', String(view.limit));
  if (view.includeActive !== DEFAULT_LIST_SEARCH.includeActive) {
    params.set('includeActive', String(view.includeActive));
  }
  const timeZone = timeZoneParamValue(view.timeZone);
  if (timeZone !== null) params.set(TIME_ZONE_PARAM, timeZone);
  if (view.refresh !== null) params.set('refresh', String(view.refresh));
  return params.toString();
}

export function isDefaultListSearch(view: SessionListSearch): boolean {
  return serializeListSearch(view) === '';
}

/**
 * The default view in the zone and auto-refresh already chosen: resetting filters is not a reason
 * to move every time on the page to another zone, nor to stop watching the list.
 */
export function resetListSearch(view: SessionListSearch): SessionListSearch {
  return { ...DEFAULT_LIST_SEARCH, timeZone: view.timeZone, refresh: view.refresh };
}

/** The API request for a view: offset = (page − 1) × limit. */
export function toListQuery(view: SessionListSearch): SessionListQuery {
  return {
    offset: (view.page - 1) * view.limit,
    limit: view.limit,
    sortOrder: view.sort === 'createdDate.asc' ? 'ASC' : 'DESC',
    statuses: view.statuses,
    includeActive: view.includeActive,
  };
}

export function lastPage(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}

/**
 * The view after a user's change. Changing what is shown (filters, sort, page size) returns to
 * page 1, because the old page number means something else in the new result set; changing the
 * time zone or the auto-refresh only changes how the same rows are read, so it keeps the page.
 */
export function changeListSearch(
  view: SessionListSearch,
  change: Partial<SessionListSearch>,
): SessionListSearch {
  const merged = { ...view, ...change };
  const next = {
    ...merged,
    statuses: FILTERABLE_STATUSES.filter((status) => merged.statuses.includes(status)),
  };
  const resetsPage =
    change.page === undefined &&
    (next.sort !== view.sort ||
      next.limit !== view.limit ||
      next.includeActive !== view.includeActive ||
      next.statuses.join() !== view.statuses.join());
  return resetsPage ? { ...next, page: 1 } : next;
}

/** What the page knows of the view's page count when it decides whether the URL needs repair. */
export type PageCount = number | 'pending' | 'unknown';

interface ListSearchRepair {
  /** The canonical query string (without "?") to replace the current one with. */
  search: string;
  /** Everything that was changed, including what an earlier repair of this entry said. */
  notice: string;
}

/**
 * The one correction a list URL needs, or null when it is already right: invalid parts dropped,
 * the form made canonical, and a page past the end moved to the last page. A page past 1 waits
 * for the page count (while it is 'pending') so both corrections land in a single replace and
 * neither notice can be lost; when the count cannot be known (the request failed) the rest is
 * still repaired.
 */
export function planListSearchRepair({
  current,
  parsed,
  pageCount,
  carriedNotice,
}: {
  /** The URL's query string, with or without "?". */
  current: string;
  parsed: ParsedListSearch;
  pageCount: PageCount;
  /** The notice already on this history entry from an earlier repair. */
  carriedNotice: string | null;
}): ListSearchRepair | null {
  const { search, ignored } = parsed;
  if (search.page > 1 && pageCount === 'pending') return null;

  const notes = carriedNotice === null ? [] : [carriedNotice];
  if (ignored.length > 0) {
    notes.push(`Part of this link was not valid and was ignored: ${ignored.join('; ')}.`);
  }
  let target = search;
  if (typeof pageCount === 'number' && search.page > pageCount) {
    target = { ...search, page: pageCount };
    notes.push(
      `Page ${search.page} is past the end of this view, which has ${pageCount} ${pageCount === 1 ? 'page' : 'pages'}; showing page ${pageCount}.`,
    );
  }
  const canonical = serializeListSearch(target);
  if (canonical === current.replace(/^\?/, '')) return null;
  return { search: canonical, notice: notes.join(' ') };
}
