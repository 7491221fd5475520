import { createHash } from 'node:crypto';

/** So the token itself sits in no map. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
