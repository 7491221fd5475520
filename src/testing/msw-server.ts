import { setupServer } from 'msw/node';

/** Component tests add their handlers per test with server.use(...); unhandled requests fail. */
export const server = setupServer();
