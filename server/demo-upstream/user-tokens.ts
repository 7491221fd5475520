// Demo user tokens are unsigned: pasted at sign-in, see docs/decisions/per-user-sign-in.md. The
// embedded identity provider's are checked against its keys: see docs/decisions/rotating-tokens.md.
import { createRemoteJWKSet, errors, jwtVerify, UnsecuredJWT } from 'jose';

const DEMO_AUDIENCE = 'sp-dashboard-demo';

export function createDemoUserToken(
  staffName: string,
  lifetimeSeconds: number,
  now = Date.now(),
): string {
  const issuedAt = Math.floor(now / 1000);
  return new UnsecuredJWT({ name: staffName })
    .setAudience(DEMO_AUDIENCE)
    .setSubject(staffName)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + lifetimeSeconds)
    .encode();
}

export function isLiveDemoUserToken(token: string, now = Date.now()): boolean {
  try {
    // Without requiredClaims, a token without `exp` would never expire.
    const { payload } = UnsecuredJWT.decode(token, {
      audience: DEMO_AUDIENCE,
      currentDate: new Date(now),
      requiredClaims: ['exp'],
    });
    return payload.exp !== undefined;
  } catch {
    return false;
  }
}

export type TokenVerdict = 'live' | 'expired' | 'invalid';

/** Access tokens an OpenID provider signed for the demo API (the embedded one's, in the demo). */
export function issuerTokenVerifier(
  {
    issuer,
    jwksUri,
    audience,
  }: {
    issuer: string;
    jwksUri: string;
    audience: string;
  },
  now: () => number = Date.now,
): (token: string) => Promise<TokenVerdict> {
  const keys = createRemoteJWKSet(new URL(jwksUri));
  return async (token) => {
    try {
      await jwtVerify(token, keys, {
        issuer,
        audience,
        typ: 'at+jwt',
        requiredClaims: ['exp'],
        currentDate: new Date(now()),
      });
      return 'live';
    } catch (error) {
      // Claims are checked after the signature: an expired token was really the issuer's.
      return error instanceof errors.JWTExpired ? 'expired' : 'invalid';
    }
  };
}
