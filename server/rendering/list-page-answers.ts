// See docs/decisions/learner-and-install-names.md.
import type { AskEach, Source } from '#src/api/contract/endpoint.ts';
import { installSettingsSource } from '#src/api/contract/install-settings.ts';
import { listContextSource } from '#src/api/contract/list-context.ts';
import type { PageAnswer } from '#src/api/contract/page-data.ts';
import type {
  SessionListQuery,
  SessionListResponse,
  SessionListSids,
} from '#src/api/contract/session-list.ts';
import { statusCountsSource } from '#src/api/contract/status-counts.ts';
import { userProfileEndpoint, userProfileSource } from '#src/api/contract/user-profile.ts';
import type { Log } from '#server/http/log.ts';
import type { UpstreamClient } from '#server/upstream/client.ts';

class NotCached extends Error {}

/** What /api would answer for this query from the cache alone, and how old; never a call. */
async function cachedAnswer<Sids, Query, Upstream, Answer>(
  upstream: UpstreamClient,
  token: string,
  source: Source<Sids, Query, Upstream, Answer>,
  sids: Sids,
  query: Query,
): Promise<{ answer: Answer; ageMs: number } | undefined> {
  if (source.kind === 'upstream') {
    const cached = await upstream.peek(source, sids, query, { token });
    return cached && { answer: source.toAnswer(cached.value, sids, query), ageMs: cached.ageMs };
  }
  const { endpoint } = source;
  let ageMs = 0;
  // As endpointRoute composes it: the parts are reused as long as the composed answer.
  const askEach: AskEach = (part, partSids, queries) =>
    Promise.all(
      queries.map(async (partQuery) => {
        const cached = await upstream.peek(part, partSids, partQuery, {
          token,
          reuseMs: endpoint.reuseMs,
          declaredPriority: endpoint.priority,
        });
        if (cached === undefined) throw new NotCached();
        ageMs = Math.max(ageMs, cached.ageMs);
        return cached.value;
      }),
    );
  try {
    return { answer: await source.compose(askEach, sids, query), ageMs };
  } catch (error) {
    if (error instanceof NotCached) return undefined;
    throw error;
  }
}

/**
 * What a list page shows beside its rows, as far as the cache holds it for the token asking: the
 * status counts and the names of its install, learner and exam. The page shows them at once and
 * the browser asks for none of them.
 */
export async function listPageAnswers(
  upstream: UpstreamClient,
  token: string,
  sids: SessionListSids,
  query: SessionListQuery,
  list: SessionListResponse,
  log: Log,
): Promise<PageAnswer[]> {
  const answers: PageAnswer[] = [];
  /** The answer, when cached; failing to read it costs that answer alone. */
  async function add<PartSids, PartQuery, Upstream, Answer>(
    source: Source<PartSids, PartQuery, Upstream, Answer>,
    partSids: PartSids,
    partQuery: PartQuery,
  ): Promise<Answer | undefined> {
    try {
      const found = await cachedAnswer(upstream, token, source, partSids, partQuery);
      if (found === undefined) return undefined;
      answers.push({
        apiPath: source.endpoint.apiPath(partSids, partQuery),
        ageMs: Math.round(found.ageMs),
        response: found.answer,
      });
      return found.answer;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`Reading ${source.endpoint.name} from the cache for a page failed: ${reason}`);
      return undefined;
    }
  }
  async function addLearner(firstSessionSid: string): Promise<void> {
    const context = await add(listContextSource, sids, { session: firstSessionSid });
    const userSid = context?.userSid;
    const profileSids =
      userSid === null || userSid === undefined
        ? null
        : userProfileEndpoint.parseSids({ installSid: sids.installSid, userSid });
    if (profileSids?.ok === true) await add(userProfileSource, profileSids.value, undefined);
  }
  // The browser learns the learner from the first session shown (sessions-page.tsx).
  const first = list.results[0];
  // Side by side: with shared state, each lookup may wait on the store.
  await Promise.all([
    add(statusCountsSource, sids, { includeActive: query.includeActive }),
    add(installSettingsSource, { installSid: sids.installSid }, undefined),
    first === undefined ? undefined : addLearner(first.sid),
  ]);
  return answers;
}
