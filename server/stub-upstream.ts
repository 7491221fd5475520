/** For server tests: an UpstreamClient whose every method fails unless the test provides it. */
import type { UpstreamClient } from '#server/upstream.ts';

export function stubUpstream(overrides: Partial<UpstreamClient> = {}): UpstreamClient {
  return {
    listSessions: () => Promise.reject(new Error('listSessions is not stubbed in this test')),
    checkReady: () => Promise.resolve({ ready: true, detail: 'stub upstream' }),
    close: () => Promise.resolve(),
    ...overrides,
  };
}
