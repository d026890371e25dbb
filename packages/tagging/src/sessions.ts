// Browser sessions: a sign-in opens a server-side session with an expiry; sign-out revokes it, so an old cookie is refused.

import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@skimmer/core';
import { hashToken } from './users.ts';
import type { TaggerUser } from './users.ts';

/** Default session lifetime: 12 hours. */
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;

/**
 * Opens a session for `user` valid `ttlSeconds`; returns its token (only the hash is stored). Expired sessions are
 * removed on the way.
 *
 * @example
 * const cookieValue = await openSession(store.sql, 'alice', 3600); // 'ts_…'
 */
export async function openSession(sql: SqlExecutor, user: string, ttlSeconds: number): Promise<string> {
  const token = `ts_${randomBytes(32).toString('base64url')}`;
  await sql.query('DELETE FROM tagger_sessions WHERE expires_at < now()');
  await sql.query(`INSERT INTO tagger_sessions (token_hash, user_name, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`, [
    hashToken(token),
    user,
    ttlSeconds,
  ]);
  return token;
}

/** The user of a live (not expired, not revoked) session, or null. */
export async function userBySession(sql: SqlExecutor, token: string): Promise<TaggerUser | null> {
  const { rows } = await sql.query<{ name: string; is_admin: boolean }>(
    `SELECT u.name, u.is_admin FROM tagger_sessions s JOIN tagger_users u ON u.name = s.user_name
     WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [hashToken(token)],
  );
  const row = rows[0];
  return row ? { name: row.name, isAdmin: row.is_admin } : null;
}

/** Revokes a session (sign-out); unknown tokens are ignored. */
export async function closeSession(sql: SqlExecutor, token: string): Promise<void> {
  await sql.query('DELETE FROM tagger_sessions WHERE token_hash = $1', [hashToken(token)]);
}
