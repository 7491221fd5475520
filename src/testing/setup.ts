import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { loadAll } from '#src/lib/lazy-module.tsx';
import { server } from '#src/testing/msw-server.ts';
import { settleRenderedQueries } from '#src/testing/render.tsx';

// A busy 2-core CI machine can take more than the default second to render a table in jsdom;
// a wait that times out there is a slow machine, not a failure of the page.
configure({ asyncUtilTimeout: 4_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
// Code split off the first view is loaded up front, as the server does before rendering: these
// tests are about the pages, not their download (the e2e suite loads them for real).
beforeAll(() => loadAll());
afterEach(async () => {
  // Real timers first: a test's fake ones would hold the wait below.
  vi.useRealTimers();
  await settleRenderedQueries();
  cleanup();
  server.resetHandlers();
});
afterAll(() => server.close());

// A console error in a component test is a bug the test did not ask for: fail loudly.
const originalError = console.error;
beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    originalError(...args);
    throw new Error(`console.error was called: ${args.map(String).join(' ')}`);
  });
});
