import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { SERVER_INFO_PATH, type ServerInfo } from '#src/api/contract/server-info.ts';
import { contextHandlers } from '#src/testing/detail-fixtures.ts';

/**
 * Component tests add their handlers per test with server.use(...); unhandled requests fail.
 * Every page asks which mode the server is in: by default it reads the real API.
 */
export const server = setupServer(
  http.get(SERVER_INFO_PATH, () =>
    HttpResponse.json({ mode: 'upstream', access: { mode: 'shared' } } satisfies ServerInfo),
  ),
  // A session, its learner, its install and empty timelines, for any page that asks.
  ...contextHandlers,
);
