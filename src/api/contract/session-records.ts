/**
 * A session's integrity events and proctor annotations (API.md section 4): paged lists whose
 * record fields are undocumented. The server reads each record as JSON, withholds what grants
 * exam access, and answers a timeline entry: time, title, description, and the remaining fields
 * as readable name/value pairs.
 */
import { z } from 'zod/mini';
import {
  displayFieldSchema,
  flattenForDisplay,
  jsonRecordSchema,
  withoutWithheld,
  type JsonRecord,
} from '#src/api/contract/json-fields.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { API_PREFIX, buildPath } from '#src/api/contract/routes.ts';
import type { SessionDetailSids } from '#src/api/contract/session-detail.ts';

export const SESSION_RECORD_ROUTES = {
  events: '/v1/installs/:installSid/exams/:examSid/sessions/:sessionSid/events',
  annotations: '/v1/installs/:installSid/exams/:examSid/sessions/:sessionSid/annotations',
} as const;

export type SessionRecordKind = keyof typeof SESSION_RECORD_ROUTES;

export interface RecordPageQuery {
  offset: number;
  limit: number;
}

export const RECORD_PAGE_SIZES = [20, 50] as const;
export const DEFAULT_RECORD_PAGE: RecordPageQuery = { offset: 0, limit: 20 };
const MAX_RECORD_LIMIT = 50;
const WHOLE = /^(0|[1-9][0-9]*)$/;

/** Our /api's query for a page of records: `offset` (≥ 0) and `limit` (1–50); nothing else. */
export function parseRecordPageQuery(params: URLSearchParams): ParseResult<RecordPageQuery> {
  const problems: string[] = [];
  const query: RecordPageQuery = { ...DEFAULT_RECORD_PAGE };
  for (const key of new Set(params.keys())) {
    if (key !== 'offset' && key !== 'limit') {
      problems.push(`"${key.slice(0, 40)}" is not a query parameter of this list.`);
    } else if (params.getAll(key).length > 1) {
      problems.push(`"${key}" was given more than once; give it once.`);
    }
  }
  const offset = params.get('offset');
  if (offset !== null) {
    if (WHOLE.test(offset) && Number.isSafeInteger(Number(offset))) query.offset = Number(offset);
    else
      problems.push(`"offset" must be a whole number of 0 or more (got "${offset.slice(0, 40)}").`);
  }
  const limit = params.get('limit');
  if (limit !== null) {
    const value = Number(limit);
    if (WHOLE.test(limit) && value >= 1 && value <= MAX_RECORD_LIMIT) query.limit = value;
    else
      problems.push(
        `"limit" must be a whole number from 1 to ${MAX_RECORD_LIMIT} (got "${limit.slice(0, 40)}").`,
      );
  }
  return problems.length === 0 ? { ok: true, value: query } : { ok: false, problems };
}

/** The path of one page of records (upstream form; our /api mirrors it under API_PREFIX). */
export function sessionRecordsPath(
  kind: SessionRecordKind,
  sids: SessionDetailSids,
  query: RecordPageQuery = DEFAULT_RECORD_PAGE,
): string {
  return buildPath(
    SESSION_RECORD_ROUTES[kind],
    sids,
    new URLSearchParams({ offset: String(query.offset), limit: String(query.limit) }),
  );
}

export function sessionRecordsApiPath(
  kind: SessionRecordKind,
  sids: SessionDetailSids,
  query?: RecordPageQuery,
): string {
  return `${API_PREFIX}${sessionRecordsPath(kind, sids, query)}`;
}

/** The upstream's envelope; records are any JSON objects. */
export const upstreamSessionRecordsSchema = z.object({
  total: z.number().check(z.int(), z.nonnegative()),
  results: z.array(jsonRecordSchema),
});

export type UpstreamSessionRecords = z.infer<typeof upstreamSessionRecordsSchema>;

export const timelineEntrySchema = z.object({
  /** Stable within the page: the record's sid when it has one, else its position. */
  key: z.string(),
  /** An ISO date from the first date-like field found, else null. */
  time: z.nullable(z.string()),
  title: z.nullable(z.string()),
  description: z.nullable(z.string()),
  fields: z.array(displayFieldSchema),
});

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const sessionRecordsResponseSchema = z.object({
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  results: z.array(timelineEntrySchema),
  withheld: z.array(z.string()),
});

export type SessionRecordsResponse = z.infer<typeof sessionRecordsResponseSchema>;

/** The first present field of each role, in order of likelihood; undocumented, so read widely. */
const TIME_FIELDS = ['createdDate', 'date', 'timestamp', 'eventDate', 'time', 'startDate'];
const TITLE_FIELDS = ['title', 'type', 'eventType', 'annotationType', 'name', 'category'];
const DESCRIPTION_FIELDS = ['description', 'message', 'text', 'note', 'notes', 'comment'];

function firstText(record: JsonRecord, names: readonly string[]): [string, string] | null {
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string' && value.trim() !== '') return [name, value];
  }
  return null;
}

export function toTimelineEntry(record: JsonRecord, position: number): TimelineEntry {
  const time = firstText(record, TIME_FIELDS);
  const title = firstText(record, TITLE_FIELDS);
  const description = firstText(record, DESCRIPTION_FIELDS);
  const sid = record.sid;
  const used = [time, title, description].flatMap((pair) => (pair === null ? [] : [pair[0]]));
  return {
    key: typeof sid === 'string' && sid !== '' ? sid : String(position),
    time: time !== null && !Number.isNaN(Date.parse(time[1])) ? time[1] : null,
    title: title?.[1] ?? null,
    description: description?.[1] ?? null,
    fields: flattenForDisplay(record, [...used, 'sid']),
  };
}

/** Our answer for one page of records, withheld fields removed first. */
export function toSessionRecordsResponse(
  upstream: UpstreamSessionRecords,
  query: RecordPageQuery,
): SessionRecordsResponse {
  const withheld = new Set<string>();
  const results = upstream.results.slice(0, query.limit).map((record, index) => {
    const cleaned = jsonRecordSchema.parse(withoutWithheld(record, withheld));
    return toTimelineEntry(cleaned, query.offset + index);
  });
  return {
    total: upstream.total,
    offset: query.offset,
    limit: query.limit,
    results,
    withheld: [...withheld].sort(),
  };
}
