// The list's URL codec: see docs/decisions/url-is-the-view.md.
import { z } from 'zod/mini';
import { flagText, wholeNumberText } from '#src/api/contract/query-rules.ts';
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

export const REFRESH_INTERVALS = [15, 30, 60, 300] as const;
export type RefreshSeconds = (typeof REFRESH_INTERVALS)[number];

const MAX_PAGE = 100_000;

export interface SessionListSearch {
  statuses: FilterableStatus[];
  sort: Sort;
  page: number;
  limit: PageSize;
  includeActive: boolean;
  /** Display only, like `refresh`: neither is part of the API request. */
  timeZone: TimeZoneChoice;
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
const pageSchema = z.pipe(wholeNumberText, z.number().check(z.minimum(1), z.maximum(MAX_PAGE)));
const limitSchema = z.pipe(wholeNumberText, z.literal(PAGE_SIZES));
const refreshSchema = z.pipe(wholeNumberText, z.literal(REFRESH_INTERVALS));

interface ParsedListSearch {
  search: SessionListSearch;
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
    // Any case, with spaces or underscores: "Incident" and "Needs Proctor" are read, then rewritten.
    const status = SLUG_TO_STATUS.get(
      slug
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, '-'),
    );
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
        parseSingle(params, 'includeActive', flagText, ignored, 'use true or false') ??
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

/** Keeps the zone and auto-refresh: resetting filters is no reason to change either. */
export function resetListSearch(view: SessionListSearch): SessionListSearch {
  return { ...DEFAULT_LIST_SEARCH, timeZone: view.timeZone, refresh: view.refresh };
}

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

/** Changing what is shown returns to page 1: the old page number means something else now. */
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

export type PageCount = number | 'pending' | 'unknown';

interface ListSearchRepair {
  search: string;
  notice: string;
}

/** Null when the URL is already right; beyond page 1 it waits for the page count. */
export function planListSearchRepair({
  current,
  parsed,
  pageCount,
  carriedNotice,
}: {
  current: string;
  parsed: ParsedListSearch;
  pageCount: PageCount;
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
