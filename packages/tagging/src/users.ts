// Annotator accounts: an admin creates a user and gets its token once; only the token's SHA-256 is stored.

import { createHash, randomBytes } from 'node:crypto';
import { DataError } from '@skimmer/core';
import type { SqlExecutor } from '@skimmer/core';

/** A signed-in annotator. */
export interface TaggerUser {
  name: string;
  isAdmin: boolean;
}

const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Hex SHA-256 of a token: tokens are 256 random bits, so a plain hash cannot be brute-forced. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Creates (or re-keys) an annotator and returns its new token, which is never stored.
 *
 * @example
 * const token = await addUser(store.sql, 'alice'); // 'tg_…' (43 base64url characters after the prefix)
 */
export async function addUser(sql: SqlExecutor, name: string, options: { admin?: boolean } = {}): Promise<string> {
  if (!USER_NAME.test(name))
    throw new DataError(`user name ${JSON.stringify(name)} must be 1–64 letters, digits, '.', '_' or '-'`, { field: 'name', value: name });
  const token = `tg_${randomBytes(32).toString('base64url')}`;
  await sql.query(
    `INSERT INTO tagger_users (name, token_hash, is_admin) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET token_hash = EXCLUDED.token_hash, is_admin = EXCLUDED.is_admin`,
    [name, hashToken(token), options.admin ?? false],
  );
  return token;
}

/** The user a token belongs to, or null for an unknown token. */
export async function userByToken(sql: SqlExecutor, token: string): Promise<TaggerUser | null> {
  const { rows } = await sql.query<{ name: string; is_admin: boolean }>('SELECT name, is_admin FROM tagger_users WHERE token_hash = $1', [hashToken(token)]);
  const row = rows[0];
  return row ? { name: row.name, isAdmin: row.is_admin } : null;
}
