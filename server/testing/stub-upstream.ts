/** For server tests: an UpstreamClient whose every method fails unless the test provides it. */
import type { UpstreamSessionList } from '#src/api/contract/session-list.ts';
import type { UpstreamClient } from '#server/upstream/client.ts';

/** A valid upstream answer with no rows, for stubs that only record what was asked. */
export const EMPTY_UPSTREAM_LIST: UpstreamSessionList = {
  total: 0,
  first: null,
  next: null,
  prev: null,
  last: null,
  results: [],
};

function notStubbed(method: string): Promise<never> {
  return Promise.reject(new Error(`${method} is not stubbed in this test`));
}

export function stubUpstream(overrides: Partial<UpstreamClient> = {}): UpstreamClient {
  return {
    listSessions: () => notStubbed('listSessions'),
    getSessionDetail: () => notStubbed('getSessionDetail'),
    getUserProfile: () => notStubbed('getUserProfile'),
    getInstallSettings: () => notStubbed('getInstallSettings'),
    listSessionRecords: () => notStubbed('listSessionRecords'),
    checkReady: () => Promise.resolve({ ready: true, detail: 'stub upstream' }),
    close: () => Promise.resolve(),
    ...overrides,
  };
}
