import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import type { TokenLookup } from '#server/auth/access.ts';
import type { UpstreamObservation } from '#server/upstream/client.ts';

export interface ApiEnv {
  Variables: {
    /** Set on /api/v1 routes only. */
    token: string;
    requestId: string;
    /** Kept by tokenForRequest, so a session cookie is decrypted once per request. */
    tokenLookup?: Promise<TokenLookup>;
    /** For the access log. */
    upstream?: UpstreamObservation;
    /** Set by an answer streamed in parts: settles once its last part is written. */
    bodyDone?: Promise<void>;
    /** Set with an API error answer, for the access log. */
    errorCode?: ApiErrorCode;
    rateLimit?: { limit: number; used: number; remaining: number; resetTime: Date | undefined };
  };
}
