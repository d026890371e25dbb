// Annotator accounts: an admin creates a user and gets its token once; only the token's SHA-256 is stored.

import { createHash, randomBytes } from 'node:crypto';
import { DataError } from '@skimmer/core';
import type { TaggerRepository, TaggerUser } from '@skimmer/core';

export type { TaggerUser } from '@skimmer/core';

const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Hex SHA-256 of a token: tokens are 256 random bits, so a plain hash cannot be brute-forced. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Creates (or re-keys) an annotator and returns its new token, which is never stored.
 *
 * @example
 * const token = await addUser(store.tagger, 'alice'); // 'tg_…' (43 base64url characters after the prefix)
 */
export async function addUser(tagger: TaggerRepository, name: string, options: { admin?: boolean } = {}): Promise<string> {
  if (!USER_NAME.test(name))
    throw new DataError(`user name ${JSON.stringify(name)} must be 1–64 letters, digits, '.', '_' or '-'`, { field: 'name', value: name });
  const token = `tg_${randomBytes(32).toString('base64url')}`;
  await tagger.saveUser({ name, tokenHash: hashToken(token), isAdmin: options.admin ?? false });
  return token;
}

/** The user a token belongs to, or null for an unknown token. */
export function userByToken(tagger: TaggerRepository, token: string): Promise<TaggerUser | null> {
  return tagger.userByTokenHash(hashToken(token));
}
