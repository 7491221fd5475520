/** Where the per-user e2e server writes its log, which a test reads to prove no token reaches it. */
export const USER_SERVER_LOG = 'test-logs/per-user-server.log';

/**
 * The SP_AUTH=oidc e2e server: its log, and the secrets it is started with, known to the test so
 * it can open the session cookie and prove neither tokens nor the client secret leave the server.
 */
export const OIDC_SERVER = {
  log: 'test-logs/oidc-server.log',
  sessionSecret: 'e2e-only-session-secret-0123456789abcdefghijklmnop',
  clientSecret: 'e2e-only-client-secret-0123456789abcdefghijklmnop',
} as const;
