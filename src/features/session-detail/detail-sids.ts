import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import type { SidProblem } from '#src/api/contract/sids.ts';
import type { DetailRouteSids } from '#src/lib/detail-navigation.ts';

/** The route's params in path order, so problems are named in the order the link reads. */
const PATH_ORDER = ['installSid', 'enrollmentSid', 'examSid', 'sessionSid'] as const;

/**
 * The detail route's four sids, read with the contract's rules: the detail's (install, exam,
 * session) and the list's (which adds the enrollment, needed to return to the list). Each bad
 * sid is named once, however many of the two schemas refused it.
 */
export function parseDetailRouteSids(
  raw: Readonly<Record<string, string | undefined>>,
): ParseResult<DetailRouteSids, SidProblem> {
  const list = sessionListEndpoint.parseSids(raw);
  const detail = sessionDetailEndpoint.parseSids(raw);
  if (list.ok && detail.ok) {
    return { ok: true, value: { ...list.value, sessionSid: detail.value.sessionSid } };
  }
  const problems = [...(list.ok ? [] : list.problems), ...(detail.ok ? [] : detail.problems)];
  return {
    ok: false,
    problems: PATH_ORDER.flatMap((param) => problems.find((p) => p.param === param) ?? []),
  };
}
