// Unsigned: the demo has no identity provider. See docs/decisions/per-user-sign-in.md.
import { UnsecuredJWT } from 'jose';

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
