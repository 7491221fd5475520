/** Where the per-user e2e server writes its log, which a test reads to prove no token reaches it. */
export const USER_SERVER_LOG = 'test-logs/per-user-server.log';
