// Record fields are undocumented: see docs/decisions/withheld-exam-access-fields.md.
import { z } from 'zod/mini';
import {
  displayFieldSchema,
  flattenForDisplay,
  jsonRecordSchema,
  textAt,
  withoutWithheld,
  type JsonRecord,
} from '#src/api/contract/json-fields.ts';
import {
  defineEndpoint,
  fitPage,
  fromUpstream,
  type Resource,
} from '#src/api/contract/endpoint.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { SORT_ORDERS, type SortOrder } from '#src/api/contract/session-list.ts';
import { QueryReader, wholeNumberSchema } from '#src/api/contract/query-rules.ts';

export type SessionRecordKind = 'events' | 'annotations';

export interface RecordPageQuery {
  offset: number;
  limit: number;
  sortOrder: SortOrder;
}

/** The newest first: what happened last is what staff look for. */
export const DEFAULT_RECORD_PAGE: RecordPageQuery = { offset: 0, limit: 20, sortOrder: 'DESC' };
const MAX_RECORD_LIMIT = 50;

export function parseRecordPageQuery(params: URLSearchParams): ParseResult<RecordPageQuery> {
  const read = new QueryReader(params, ['offset', 'limit', 'sortOrder']);
  const offset = read.wholeNumber('offset', 0);
  const limit = read.wholeNumber('limit', 1, MAX_RECORD_LIMIT);
  const sortOrder = read.oneOf('sortOrder', SORT_ORDERS);
  return read.result({
    offset: offset ?? DEFAULT_RECORD_PAGE.offset,
    limit: limit ?? DEFAULT_RECORD_PAGE.limit,
    sortOrder: sortOrder ?? DEFAULT_RECORD_PAGE.sortOrder,
  });
}

const upstreamSessionRecordsSchema = z.object({
  total: wholeNumberSchema,
  results: z.array(jsonRecordSchema),
});

export type UpstreamSessionRecords = z.infer<typeof upstreamSessionRecordsSchema>;

export const timelineEntrySchema = z.object({
  /** Stable within the page: the record's sid when it has one, else its position. */
  key: z.string(),
  time: z.nullable(z.string()),
  title: z.nullable(z.string()),
  description: z.nullable(z.string()),
  severity: z.nullable(z.string()),
  /** Who wrote it, where the record names them. */
  author: z.nullable(z.object({ name: z.string(), sid: z.nullable(z.string()) })),
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
const SEVERITY_FIELDS = ['severity', 'level', 'severityLevel', 'riskLevel', 'priority'];
const AUTHOR_NAME_PATHS = [
  'authorName',
  'author.name',
  'createdByName',
  'createdBy.name',
  'user.name',
  'proctorName',
  'proctor.name',
  'author',
  'createdBy',
];
const AUTHOR_SID_PATHS = ['author.userSid', 'author.sid', 'authorSid', 'createdBy.sid'];

/** The first path with text, and that text. */
function firstText(record: JsonRecord, paths: readonly string[]): [string, string] | null {
  for (const path of paths) {
    const value = textAt(record, path);
    if (value !== null) return [path, value];
  }
  return null;
}

export function toTimelineEntry(record: JsonRecord, position: number): TimelineEntry {
  const time = firstText(record, TIME_FIELDS);
  const title = firstText(record, TITLE_FIELDS);
  const description = firstText(record, DESCRIPTION_FIELDS);
  const severity = firstText(record, SEVERITY_FIELDS);
  const author = firstText(record, AUTHOR_NAME_PATHS);
  const authorSid = author === null ? null : firstText(record, AUTHOR_SID_PATHS);
  const sid = record.sid;
  const used = [time, title, description, severity, author, authorSid].flatMap((pair) =>
    pair === null ? [] : [pair[0]],
  );
  return {
    key: typeof sid === 'string' && sid !== '' ? sid : String(position),
    time: time !== null && !Number.isNaN(Date.parse(time[1])) ? time[1] : null,
    title: title?.[1] ?? null,
    description: description?.[1] ?? null,
    severity: severity?.[1] ?? null,
    author: author === null ? null : { name: author[1], sid: authorSid?.[1] ?? null },
    fields: flattenForDisplay(record, [...used, 'sid']),
  };
}

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

function sessionRecordsEndpoint(kind: SessionRecordKind, resource: Resource) {
  return defineEndpoint({
    name: `session-${kind}`,
    route: `/v1/installs/:installSid/exams/:examSid/sessions/:sessionSid/${kind}`,
    sids: sessionDetailEndpoint.sids,
    writeQuery: (query: RecordPageQuery) =>
      new URLSearchParams({
        offset: String(query.offset),
        limit: String(query.limit),
        sortOrder: query.sortOrder,
      }),
    answer: sessionRecordsResponseSchema,
    resource,
    reuseMs: 30_000,
    priority: 'context',
  });
}

export const SESSION_RECORD_ENDPOINTS = {
  events: sessionRecordsEndpoint('events', {
    name: 'session events',
    phrase: "this session's events",
  }),
  annotations: sessionRecordsEndpoint('annotations', {
    name: 'proctor annotations',
    phrase: "this session's proctor annotations",
  }),
} satisfies Record<SessionRecordKind, unknown>;

function sessionRecordsSource(kind: SessionRecordKind) {
  return fromUpstream({
    endpoint: SESSION_RECORD_ENDPOINTS[kind],
    parseQuery: parseRecordPageQuery,
    upstream: upstreamSessionRecordsSchema,
    // Trimmed before it is cached; mapped per caller, so the cache holds the upstream's shape.
    settle: (records, query, note) => fitPage(records, query, note),
    toAnswer: (records, _sids, query) => toSessionRecordsResponse(records, query),
  });
}

export const SESSION_RECORD_SOURCES = /* @__PURE__ */ (() => ({
  events: sessionRecordsSource('events'),
  annotations: sessionRecordsSource('annotations'),
}))();
