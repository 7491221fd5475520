/** What middleware hands to the handlers after it, typed for Hono's `c.var`. */
import type { UpstreamObservation } from '#server/upstream/client.ts';

export interface ApiEnv {
  Variables: {
    /** The SmarterProctoring token this request may call the upstream with (/api/v1 routes). */
    token: string;
    requestId: string;
    /** How the upstream answered this request, when it was asked, for the access log. */
    upstream?: UpstreamObservation;
    /** Set by the /api rate limiter. */
    rateLimit?: { limit: number; used: number; remaining: number; resetTime: Date | undefined };
  };
}
