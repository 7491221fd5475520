import type { QueryClient } from '@tanstack/react-query';
import { render, waitFor } from '@testing-library/react';
import { StrictMode, useLayoutEffect, type ReactNode } from 'react';
import {
  MemoryRouter,
  useLocation,
  useNavigate,
  useNavigationType,
  type Location,
  type NavigateFunction,
  NavigationType,
} from 'react-router';
import { expect } from 'vitest';
import { AppProviders, createQueryClient } from '#src/app/providers.tsx';
import { AppRoutes } from '#src/app/router.tsx';

/** The query clients of what this test rendered: settleRenderedQueries waits for them. */
const renderedClients = new Set<QueryClient>();

/**
 * Lets the requests of what this test rendered (the next list page, counts, names) finish before
 * MSW's handlers are reset; one still held back when the test ends is cancelled, so cleanup runs.
 * setup.ts calls it after every test.
 */
export async function settleRenderedQueries(): Promise<void> {
  const clients = [...renderedClients];
  renderedClients.clear();
  await Promise.all(
    clients.map((client) =>
      waitFor(() => expect(client.isFetching()).toBe(0)).catch(() => client.cancelQueries()),
    ),
  );
}

/** What a test reads of the router: where it is, how it got there, and a way to move. */
export interface TestRouter {
  state: { location: Location; historyAction: NavigationType };
  navigate: NavigateFunction;
}

/** Reports the router's state to the test after every navigation commits. */
function RouterProbe({ onChange }: { onChange: (router: TestRouter) => void }) {
  const location = useLocation();
  const historyAction = useNavigationType();
  const navigate = useNavigate();
  useLayoutEffect(() => {
    onChange({ state: { location, historyAction }, navigate });
  }, [onChange, location, historyAction, navigate]);
  return null;
}

/** A fresh client that shows a failure at once instead of retrying it. */
function queryClientWithoutRetries(): QueryClient {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  return queryClient;
}

function initialTestRouter(): TestRouter {
  return {
    state: {
      location: { pathname: '', search: '', hash: '', state: null, key: '' },
      historyAction: NavigationType.Pop,
    },
    navigate: () => undefined,
  };
}

/**
 * Renders the real routes at a URL with a fresh query client and no retries. `strict` adds
 * StrictMode as in main.tsx, whose doubled effects also repeat (and abort) the first requests, so
 * tests that count requests leave it off. A test of the retry policy passes its own
 * `queryClient` (e.g. `createQueryClient({ retryDelay: () => 0 })`), which is used as it is.
 */
export function renderRoute(
  url: string,
  { strict = false, queryClient: given }: { strict?: boolean; queryClient?: QueryClient } = {},
) {
  const queryClient = given ?? queryClientWithoutRetries();
  renderedClients.add(queryClient);
  const router = initialTestRouter();
  const update = (next: TestRouter) => Object.assign(router, next);
  const app: ReactNode = (
    <AppProviders queryClient={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <RouterProbe onChange={update} />
        <AppRoutes />
      </MemoryRouter>
    </AppProviders>
  );
  const utils = render(strict ? <StrictMode>{app}</StrictMode> : app);
  return { ...utils, router, queryClient };
}

/**
 * Renders one component (not the routes) inside the app's providers and a memory router at
 * `url`, with a fresh query client and no retries; `router` follows where it navigates, and
 * `rerender(ui)` keeps the same providers and router.
 */
export function renderInRouter(
  ui: ReactNode,
  { url = '/', queryClient: given }: { url?: string; queryClient?: QueryClient } = {},
) {
  const queryClient = given ?? queryClientWithoutRetries();
  renderedClients.add(queryClient);
  const router = initialTestRouter();
  const update = (next: TestRouter) => Object.assign(router, next);
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <AppProviders queryClient={queryClient}>
        <MemoryRouter initialEntries={[url]}>
          <RouterProbe onChange={update} />
          {children}
        </MemoryRouter>
      </AppProviders>
    );
  }
  const utils = render(ui, { wrapper: Wrapper });
  return { ...utils, router, queryClient };
}

/** Where a test's router is: path and query, as the user would read them in the address bar. */
export function currentUrl(router: TestRouter): string {
  return `${router.state.location.pathname}${router.state.location.search}`;
}
