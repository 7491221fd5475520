/** For server tests: an UpstreamClient whose every method fails unless the test provides it. */
import type { UpstreamSessionList } from '#src/api/contract/session-list.ts';
import type { UpstreamClient } from '#server/upstream.ts';

/** A valid upstream answer with no rows, for stubs that only record what was asked. */
export const EMPTY_UPSTREAM_LIST: UpstreamSessionList = {
  total: 0,
  first: null,
  next: null,
  prev: null,
  last: null,
  results: [],
};

export function stubUpstream(overrides: Partial<UpstreamClient> = {}): UpstreamClient {
  return {
    listSessions: () => Promise.reject(new Error('listSessions is not stubbed in this test')),
    checkReady: () => Promise.resolve({ ready: true, detail: 'stub upstream' }),
    close: () => Promise.resolve(),
    ...overrides,
  };
}
