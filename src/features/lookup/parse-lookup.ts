// See docs/decisions/lookup-pasted-links.md.
import { matchPath } from 'react-router';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, isFilterableStatus } from '#src/api/contract/session-status.ts';
import { describeSidFormat, isSid, SID_KINDS, SID_PARAMS } from '#src/api/contract/sids.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { echo as echoText } from '#src/api/contract/query-rules.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import {
  DEFAULT_LIST_SEARCH,
  PAGE_SIZES,
  parseListSearch,
  serializeListSearch,
  type SessionListSearch,
} from '#src/lib/list-search.ts';
import { readTimeZoneChoice, withTimeZoneChoice } from '#src/lib/time-zone/time-zone-choice.ts';

export interface LookupFields {
  installSid: string;
  enrollmentSid: string;
  examSid: string;
  sessionSid: string;
}

export type LookupParam = keyof LookupFields;

export const LOOKUP_PARAMS = ['installSid', 'enrollmentSid', 'examSid', 'sessionSid'] as const;

export const EMPTY_FIELDS: LookupFields = {
  installSid: '',
  enrollmentSid: '',
  examSid: '',
  sessionSid: '',
};

export const SID_BODY_LENGTH = 32;
const NOT_HEX = /[^0-9a-f]/;

const MAX_ECHO = 60;
const echo = (value: string) => echoText(value, MAX_ECHO);

function echoPath(pathname: string): string {
  return echo(
    pathname
      .split('/')
      .map((segment) => (segment.length > 12 ? `${segment.slice(0, 6)}…` : segment))
      .join('/'),
  );
}

/** What to change, or null when valid. `subject` starts the sentence: "The" or "This link's". */
export function sidProblem(param: LookupParam, value: string, subject = 'The'): string | null {
  const kind = SID_PARAMS[param];
  if (isSid(kind, value)) return null;
  const { prefix, label } = SID_KINDS[kind];
  const rule = `${subject} ${label} sid must be ${describeSidFormat(kind)}`;
  if (value === '') return `Enter the ${label} sid.`;
  if (!value.startsWith(prefix)) {
    const other = Object.values(SID_KINDS).find((candidate) => value.startsWith(candidate.prefix));
    const hint = other === undefined ? '' : ` (that is how a ${other.label} sid starts)`;
    return `${rule}; this one starts with "${echo(value.slice(0, 2))}"${hint}.`;
  }
  const body = value.slice(prefix.length);
  const bad = NOT_HEX.exec(body)?.[0];
  if (bad !== undefined) {
    const lower = bad.toLowerCase();
    const fix = lower !== bad && !NOT_HEX.test(lower) ? ` (write it in lowercase)` : '';
    return `${rule}; it holds "${bad}"${fix}.`;
  }
  return `${rule}; this one has ${body.length} after ${prefix}.`;
}

/** Whether typing more could still make it valid: the form stays quiet meanwhile. */
export function isSidPrefix(param: LookupParam, value: string): boolean {
  const { prefix } = SID_KINDS[SID_PARAMS[param]];
  if (value.length <= prefix.length) return prefix.startsWith(value);
  const body = value.slice(prefix.length);
  return value.startsWith(prefix) && !NOT_HEX.test(body) && body.length <= SID_BODY_LENGTH;
}

export type FieldProblems = Partial<Record<LookupParam, string>>;

export function lookupPath(fields: LookupFields, search = ''): ParseResult<string, FieldProblems> {
  const problems: FieldProblems = {};
  for (const param of LOOKUP_PARAMS) {
    if (param === 'sessionSid' && fields.sessionSid === '') continue;
    const problem = sidProblem(param, fields[param]);
    if (problem !== null) problems[param] = problem;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems: [problems] };
  const { sessionSid, ...listSids } = fields;
  if (sessionSid === '') return { ok: true, value: sessionsPath(listSids, search) };
  // A session keeps only the "Times in" choice of a list's view.
  const detailSearch = withTimeZoneChoice(
    new URLSearchParams(),
    readTimeZoneChoice(new URLSearchParams(search)),
  );
  return { ok: true, value: buildPath(PAGE_ROUTES.sessionDetail, fields, detailSearch) };
}

export interface LinkReading {
  fields: LookupFields;
  search: string;
  notes: string[];
}

const LINK_ROUTES = [
  { pattern: PAGE_ROUTES.sessionDetail, source: 'dashboard' },
  { pattern: PAGE_ROUTES.sessions, source: 'dashboard' },
  { pattern: sessionDetailEndpoint.route, source: 'api' },
  { pattern: sessionListEndpoint.route, source: 'api' },
  { pattern: sessionDetailEndpoint.apiRoute, source: 'api' },
  { pattern: sessionListEndpoint.apiRoute, source: 'api' },
] as const;

/** Sids never hold a slash. */
export function looksLikeLink(text: string): boolean {
  return text.includes('/');
}

function toUrl(text: string): URL | null {
  try {
    // A path alone ("/installs/…") is read against a placeholder origin; only its path is used.
    return text.startsWith('/') ? new URL(text, 'http://path.invalid') : new URL(text);
  } catch {
    return null;
  }
}

function decode(value: string | undefined): string {
  if (value === undefined) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function isPageSize(value: number): value is SessionListSearch['limit'] {
  return PAGE_SIZES.some((size) => size === value);
}

/** Not parseSessionListQuery: it would put the query rules into the list's first view. */
function viewFromApiQuery(params: URLSearchParams, notes: string[]): string {
  const left: string[] = [];
  const statuses = params.getAll('status').filter((status) => {
    if (isFilterableStatus(status)) return true;
    left.push(`status "${echo(status)}"`);
    return false;
  });
  const asked = Number(params.get('limit') ?? DEFAULT_LIST_SEARCH.limit);
  const limit = isPageSize(asked) ? asked : DEFAULT_LIST_SEARCH.limit;
  if (limit !== asked)
    left.push(
      `limit "${echo(params.get('limit') ?? '')}" (the dashboard shows ${new Intl.ListFormat('en', { type: 'disjunction' }).format(PAGE_SIZES.map(String))} rows per page)`,
    );
  const offset = Number(params.get('offset') ?? 0);
  if (left.length > 0) notes.push(`Left out of the link's query: ${left.join('; ')}.`);
  return serializeListSearch({
    ...DEFAULT_LIST_SEARCH,
    statuses: FILTERABLE_STATUSES.filter((status) => statuses.includes(status)),
    // The API's own default order is ASC (API.md), so a link without sortOrder reads oldest first.
    sort: params.get('sortOrder') === 'DESC' ? 'createdDate.desc' : 'createdDate.asc',
    includeActive: params.get('includeActive') === 'true',
    limit,
    page: Number.isSafeInteger(offset) && offset > 0 ? Math.floor(offset / limit) + 1 : 1,
  });
}

export function parseLookupLink(text: string): ParseResult<LinkReading> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problems: ['Paste a link first.'] };
  const url = toUrl(trimmed);
  if (url === null || !['http:', 'https:'].includes(url.protocol)) {
    return {
      ok: false,
      problems: [
        `"${echo(trimmed)}" is not a link: paste an address that starts with https:// (or a path that starts with /).`,
      ],
    };
  }
  const pathname = url.pathname;
  const match = LINK_ROUTES.flatMap(({ pattern, source }) => {
    const found = matchPath(pattern, pathname);
    const params: Readonly<Record<string, string | undefined>> | undefined = found?.params;
    return params === undefined ? [] : [{ params, source }];
  })[0];
  if (match === undefined) {
    return {
      ok: false,
      problems: [
        `This link is not a sessions list or a session; it points to ${echoPath(pathname)}. Paste the link of a learner's sessions for an exam, or of one session.`,
      ],
    };
  }

  const fields: LookupFields = {
    installSid: decode(match.params.installSid),
    enrollmentSid: decode(match.params.enrollmentSid),
    examSid: decode(match.params.examSid),
    sessionSid: decode(match.params.sessionSid),
  };
  for (const param of LOOKUP_PARAMS) {
    // The API's session route names no enrollment: the form asks for it instead.
    if (fields[param] === '') continue;
    const problem = sidProblem(param, fields[param], "This link's");
    if (problem !== null) return { ok: false, problems: [problem] };
  }

  const notes: string[] = [];
  let search: string;
  if (match.source === 'dashboard') {
    const { search: view, ignored } = parseListSearch(url.searchParams);
    if (ignored.length > 0) notes.push(`Left out of the link's view: ${ignored.join('; ')}.`);
    search = serializeListSearch(view);
  } else {
    search = viewFromApiQuery(url.searchParams, notes);
  }
  if (fields.enrollmentSid === '') {
    notes.push(
      "The API's link to a session has no enrollment sid: enter it to open the session (it is in the learner's sessions link).",
    );
  }
  return { ok: true, value: { fields, search, notes } };
}
