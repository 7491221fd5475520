/** For server tests: an UpstreamClient that fails every call unless the test answers it. */
import type { UpstreamSessionList } from '#src/api/contract/session-list.ts';
import { QuotaAllowance } from '#server/upstream/budget.ts';
import type { UpstreamCall, UpstreamClient } from '#server/upstream/client.ts';

/** A valid upstream answer with no rows, for stubs that only record what was asked. */
export const EMPTY_UPSTREAM_LIST: UpstreamSessionList = {
  total: 0,
  first: null,
  next: null,
  prev: null,
  last: null,
  results: [],
};

/** Answers one upstream call with the upstream's raw JSON (parsed by the endpoint's schema). */
export type StubFetch = (
  endpointName: string,
  sids: unknown,
  query: unknown,
  call: UpstreamCall,
) => Promise<unknown>;

export function stubUpstream({
  fetch,
  ...overrides
}: Partial<Omit<UpstreamClient, 'fetch'>> & { fetch?: StubFetch } = {}): UpstreamClient {
  return {
    async fetch({ endpoint, upstream }, sids, query, call) {
      if (fetch === undefined) throw new Error(`${endpoint.name} is not stubbed in this test`);
      const raw = await fetch(endpoint.name, sids, query, call);
      return upstream.parse(raw);
    },
    reserve: () => Promise.resolve(QuotaAllowance.none()),
    // Nothing is cached unless a test says so.
    peek: () => Promise.resolve(undefined),
    reuseFor: (declaredMs) => declaredMs,
    checkReady: () => Promise.resolve({ ready: true, detail: 'stub upstream' }),
    readState: () =>
      Promise.resolve({ budgetUsed: 0, budgetLimit: 0, heldTokens: 0, breakerOpen: false }),
    close: () => Promise.resolve(),
    ...overrides,
  };
}
