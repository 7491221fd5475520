import { screen, waitFor } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { expect, test } from 'vitest';
import { MAX_RETRIES } from '#src/api/http.ts';
import { createQueryClient } from '#src/app/providers.tsx';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute } from '#src/testing/render.tsx';
import { SESSIONS_PATH, errorResponse, sessionsApi } from '#src/testing/session-fixtures.ts';

/** Answers every list request with `failure`, each only when the test lets it fail. */
function heldFailures(failure: () => Response) {
  const waiting: Array<() => void> = [];
  const api = sessionsApi([], async () => {
    await new Promise<void>((resolve) => waiting.push(resolve));
    return failure();
  });
  server.use(api.handler);
  return {
    /** Resolves once the `count`th request is waiting for its answer. */
    async held(count: number) {
      await waitFor(() => expect(waiting).toHaveLength(1));
      expect(api.requests).toHaveLength(count);
    },
    fail: () => waiting.shift()?.(),
  };
}

const RETRIED = [
  {
    fault: 'SmarterProctoring answers with a 500',
    failure: () =>
      errorResponse(
        'upstream_error',
        502,
        'The SmarterProctoring API answered with HTTP 500 instead of the session list.',
      ),
    title: 'SmarterProctoring had a problem',
  },
  {
    fault: 'SmarterProctoring resets the connection',
    failure: () =>
      errorResponse(
        'upstream_unreachable',
        502,
        "The server could not reach the SmarterProctoring API to ask for the session list. Ask an administrator to check the server's network and SP_API_URL.",
      ),
    title: 'SmarterProctoring cannot be reached',
  },
  {
    fault: 'the dashboard server cannot be reached',
    failure: () => HttpResponse.error(),
    title: 'The dashboard server cannot be reached',
  },
];

test.each(RETRIED)(
  'when $fault, the page says which retry it is on until it gives up and explains',
  async ({ failure, title }) => {
    const list = heldFailures(failure);
    // The app's retry policy, without its waits.
    renderRoute(SESSIONS_PATH, { queryClient: createQueryClient({ retryDelay: () => 0 }) });

    await list.held(1);
    // Nothing has failed yet: the page is only loading.
    expect(screen.queryByText(/Retrying/)).not.toBeInTheDocument();
    list.fail();
    for (let retry = 1; retry <= MAX_RETRIES; retry += 1) {
      await list.held(retry + 1);
      const retrying = `Retrying (${retry} of ${MAX_RETRIES})…`;
      // Shown above the rows' place, and said by the list's one live region.
      await waitFor(() => expect(screen.getAllByText(retrying)).toHaveLength(2));
      expect(
        screen.getAllByRole('status').filter((region) => region.textContent === retrying),
      ).toHaveLength(1);
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      list.fail();
    }

    expect(await screen.findByRole('alert', { name: title })).toBeInTheDocument();
    expect(screen.queryAllByText(/Retrying/)).toHaveLength(0);
  },
);
