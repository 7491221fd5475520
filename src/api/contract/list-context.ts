// Who a list is about: see docs/decisions/learner-and-install-names.md.
import { z } from 'zod/mini';
import { composed, defineEndpoint } from '#src/api/contract/endpoint.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { QueryReader } from '#src/api/contract/query-rules.ts';
import {
  answeredExamNamesSchema,
  NO_EXAM_NAMES,
  sessionDetailSource,
} from '#src/api/contract/session-detail.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { describeSidFormat, isSid } from '#src/api/contract/sids.ts';

export interface ListContextQuery {
  /** A session on screen: its detail names the enrollment's learner. */
  session: string;
}

export function parseListContextQuery(params: URLSearchParams): ParseResult<ListContextQuery> {
  const read = new QueryReader(params, ['session'], 'the list context');
  const session = read.single('session');
  if (session === undefined) read.problems.push('"session" is required.');
  else if (!isSid('session', session)) {
    read.problems.push(`"session" must be ${describeSidFormat('session')}.`);
  }
  return read.result({ session: session ?? '' });
}

export const listContextResponseSchema = z.object({
  userSid: z.nullable(z.string()),
  exam: answeredExamNamesSchema,
});

export type ListContextResponse = z.infer<typeof listContextResponseSchema>;

/** An enrollment's learner and exam names barely change: one session's detail names them for a day. */
export const listContextEndpoint = defineEndpoint({
  name: 'list-context',
  route: '/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/context',
  sids: sessionListEndpoint.sids,
  writeQuery: (query: ListContextQuery) => new URLSearchParams({ session: query.session }),
  answer: listContextResponseSchema,
  resource: { name: 'learner', phrase: 'the learner of this enrollment' },
  reuseMs: 24 * 60 * 60_000,
  priority: 'context',
});

export const listContextSource = /* @__PURE__ */ composed({
  endpoint: listContextEndpoint,
  parseQuery: parseListContextQuery,
  async compose(askEach, sids, query) {
    const { installSid, examSid } = sids;
    const [detail] = await askEach(
      sessionDetailSource,
      { installSid, examSid, sessionSid: query.session },
      [undefined],
    );
    if (detail === undefined || detail === null) return { userSid: null, exam: NO_EXAM_NAMES };
    const { enrollmentSid, userSid } = detail.session;
    // A session of another enrollment must not name this one's learner; its exam is this one.
    const ours = enrollmentSid === sids.enrollmentSid && userSid !== null && isSid('user', userSid);
    return { userSid: ours ? userSid : null, exam: detail.exam };
  },
});
