import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import type { SidProblem } from '#src/api/contract/sids.ts';
import type { DetailRouteSids } from '#src/lib/detail-navigation.ts';

const PATH_ORDER = ['installSid', 'enrollmentSid', 'examSid', 'sessionSid'] as const;

/** Read with both the list's and the detail's schemas; each bad sid is named once. */
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
