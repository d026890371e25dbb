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

/** Throws DataError unless `name` is a valid user name (1–64 letters, digits, '.', '_' or '-'). */
export function checkUserName(name: string): void {
  if (!USER_NAME.test(name))
    throw new DataError(`user name ${JSON.stringify(name)} must be 1–64 letters, digits, '.', '_' or '-'`, { field: 'name', value: name });
}

const newToken = (): string => `tg_${randomBytes(32).toString('base64url')}`;

/**
 * Creates an annotator and returns its token, which is never stored. An existing name is refused (DataError), never
 * re-keyed: that would silently revoke the token its owner holds; rotateToken does that on purpose.
 *
 * @example
 * const token = await addUser(store.tagger, 'alice'); // 'tg_…' (43 base64url characters after the prefix)
 */
export async function addUser(tagger: TaggerRepository, name: string, options: { admin?: boolean } = {}): Promise<string> {
  checkUserName(name);
  const token = newToken();
  if (!(await tagger.createUser({ name, tokenHash: hashToken(token), isAdmin: options.admin ?? false })))
    throw new DataError(`user ${JSON.stringify(name)} exists; to issue a new token and revoke the old one, run tagger rotate-token ${name}`, {
      field: 'name',
      value: name,
    });
  return token;
}

/**
 * Issues a new token for an existing annotator: the old token stops working and the user's open sessions end (a
 * token is rotated because it may have leaked). The role is kept. Throws DataError for an unknown user.
 *
 * @example
 * const { token, user } = await rotateToken(store.tagger, 'alice'); // user: { name: 'alice', isAdmin: false }
 */
export async function rotateToken(tagger: TaggerRepository, name: string): Promise<{ token: string; user: TaggerUser }> {
  checkUserName(name);
  const token = newToken();
  const user = await tagger.rekeyUser({ name, tokenHash: hashToken(token) });
  if (!user) throw new DataError(`no user ${JSON.stringify(name)}; create it with tagger add-user ${name}`, { field: 'name', value: name });
  return { token, user };
}

/** The user a token belongs to, or null for an unknown token. */
export function userByToken(tagger: TaggerRepository, token: string): Promise<TaggerUser | null> {
  return tagger.userByTokenHash(hashToken(token));
}
