import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// sak_<12 hex key id>_<43 chars: 256 random bits, base64url>. The id finds the row; only a hash of
// the whole key is stored.
const KEY_FORMAT = /^sak_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  keyId: string;
  /** Shown once to whoever issues it; never stored. */
  key: string;
  sha256: Buffer;
}

export function generateApiKey(): IssuedKey {
  const keyId = randomBytes(6).toString('hex');
  const key = `sak_${keyId}_${randomBytes(32).toString('base64url')}`;
  return { keyId, key, sha256: hashApiKey(key) };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The key id of a well-formed key, else null (nothing is looked up for a malformed one). */
export function keyIdOf(key: string): string | null {
  return KEY_FORMAT.exec(key)?.[1] ?? null;
}

/** Constant-time comparison of the presented key's hash with the stored one. */
export function apiKeyMatches(presented: string, storedSha256: Buffer): boolean {
  const hash = hashApiKey(presented);
  return storedSha256.length === hash.length && timingSafeEqual(hash, storedSha256);
}
