/** What middleware on /api hands to the routes after it, typed for Hono's `c.var`. */
export interface ApiEnv {
  Variables: {
    /** The SmarterProctoring token this request may call the upstream with. */
    token: string;
  };
}
