import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { expect, test } from 'vitest';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import type { PageAnswer } from '#src/api/contract/page-data.ts';
import { pageAnswersOptions, receivedAnswers, useEndpointQuery } from '#src/api/page-answers.ts';
import { createQueryClient } from '#src/app/providers.tsx';
import { INSTALL_SETTINGS, settingsApi } from '#src/testing/detail-fixtures.ts';
import { server } from '#src/testing/msw-server.ts';
import { SIDS } from '#src/testing/session-fixtures.ts';

const SETTINGS_SIDS = { installSid: SIDS.installSid };
const SETTINGS_PATH = installSettingsEndpoint.apiPath(SETTINGS_SIDS, undefined);
const SENT = { ...INSTALL_SETTINGS, name: 'Sent with the page' };

function renderSettings(answers: PageAnswer[]) {
  const api = settingsApi();
  server.use(api.handler);
  const client = createQueryClient();
  client.setQueryData(pageAnswersOptions.queryKey, receivedAnswers(answers, Date.now()));
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const { result } = renderHook(
    () => useEndpointQuery(installSettingsEndpoint, SETTINGS_SIDS, undefined),
    { wrapper },
  );
  return { api, result };
}

test('an answer the page came with is shown at once and not asked for again while fresh', async () => {
  const { api, result } = renderSettings([
    { apiPath: SETTINGS_PATH, ageMs: 60_000, response: SENT },
  ]);

  expect(result.current.data).toEqual(SENT);
  expect(result.current.dataUpdatedAt).toBeLessThanOrEqual(Date.now() - 60_000);
  // A moment for a request that must not come.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(api.requests).toEqual([]);
});

test('an answer as old as the server would reuse it is asked for again', async () => {
  const { api, result } = renderSettings([
    { apiPath: SETTINGS_PATH, ageMs: installSettingsEndpoint.reuseMs, response: SENT },
  ]);

  expect(result.current.data).toEqual(SENT);
  await waitFor(() => expect(result.current.data).toEqual(INSTALL_SETTINGS));
  expect(api.requests).toHaveLength(1);
});

test('an answer for another path, or one its schema refuses, is not used: the browser asks', async () => {
  const { api, result } = renderSettings([
    { apiPath: `${SETTINGS_PATH}x`, ageMs: 0, response: SENT },
    { apiPath: SETTINGS_PATH, ageMs: 0, response: { name: 42 } },
  ]);

  expect(result.current.data).toBeUndefined();
  await waitFor(() => expect(result.current.data).toEqual(INSTALL_SETTINGS));
  expect(api.requests).toHaveLength(1);
});
