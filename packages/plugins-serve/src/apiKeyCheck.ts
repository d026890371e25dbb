// Bearer API-key check: compares the presented key with every configured key in constant time.

import { createHash, timingSafeEqual } from 'node:crypto';

/** The shortest API key accepted anywhere (config file, $SKIMMER_API_KEYS): 16 characters. */
export const MIN_API_KEY_LENGTH = 16;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Builds a predicate for an `Authorization` header value. Keys are hashed first so the comparison takes the same
 * time whatever the key's length, and every configured key is compared (no early exit on a match).
 *
 * @example
 * const allowed = apiKeyCheck(['s3cret-0123456789']);
 * allowed('Bearer s3cret-0123456789'); // true
 * allowed('Bearer nope');   // false
 */
export function apiKeyCheck(keys: readonly string[]): (authorization: string | undefined) => boolean {
  const digests = keys.filter((k) => k.length > 0).map(digest);
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return false;
    const presented = digest(match[1]);
    let ok = false;
    for (const key of digests) ok = timingSafeEqual(presented, key) || ok;
    return ok;
  };
}
