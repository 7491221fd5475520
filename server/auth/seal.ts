// Sealed cookie values: see docs/decisions/per-user-sign-in.md.
import { createHash } from 'node:crypto';
import { EncryptJWT, errors as joseErrors, jwtDecrypt, type JWTPayload } from 'jose';

export interface Seal {
  /** An encrypted JWT (JWE, `dir` + A256GCM) that expires at `expiresAt` (seconds). */
  seal(payload: JWTPayload, issuedAt: number, expiresAt: number): Promise<string>;
  open(
    sealed: string,
    now: number,
  ): Promise<{ ok: true; payload: JWTPayload } | { ok: false; expired: boolean }>;
}

/** One key per purpose, so a value sealed for one cookie never opens as another's. */
export function createSeal(secret: string, purpose: string): Seal {
  const key = createHash('sha256').update(`${purpose}:${secret}`).digest();
  return {
    seal: (payload, issuedAt, expiresAt) =>
      new EncryptJWT(payload)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .encrypt(key),
    async open(sealed, now) {
      try {
        const { payload } = await jwtDecrypt(sealed, key, {
          currentDate: new Date(now),
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        return { ok: true, payload };
      } catch (error) {
        // Otherwise tampered, sealed with another secret, or not ours at all.
        return { ok: false, expired: error instanceof joseErrors.JWTExpired };
      }
    },
  };
}
