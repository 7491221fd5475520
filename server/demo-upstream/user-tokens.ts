/**
 * Tokens for trying per-user sign-in on the demo: JWT-shaped like the real API's, with an expiry,
 * but unsigned (the demo has no identity provider). The demo upstream accepts them only when the
 * server runs with SP_AUTH=user, and only until they expire.
 */
import { UnsecuredJWT } from 'jose';

const DEMO_AUDIENCE = 'sp-dashboard-demo';

/** A demo token for a named staff member that expires `lifetimeSeconds` after `now`. */
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

/** Whether the demo upstream should accept a token: a demo token that has not expired. */
export function isLiveDemoUserToken(token: string, now = Date.now()): boolean {
  try {
    // Checks the audience and, against `now`, the expiry; a token without `exp` never expires.
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
