// Browser sessions: a sign-in opens a server-side session with an expiry; sign-out revokes it, so an old cookie is refused.

import { randomBytes } from 'node:crypto';
import type { TaggerRepository, TaggerUser } from '@skimmer/core';
import { hashToken } from './users.ts';

/** Default session lifetime: 12 hours. */
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;

/**
 * Signs `user` in with its token: opens a session valid `ttlSeconds` and returns its token (only the hash is stored),
 * or null when the token is not (or, after a concurrent rotate-token, no longer) the user's. Expired sessions are
 * removed on the way.
 *
 * @example
 * const cookieValue = await openSession(store.tagger, { user: 'alice', token: 'tg_…' }, 3600); // 'ts_…' or null
 */
export async function openSession(tagger: TaggerRepository, credentials: { user: string; token: string }, ttlSeconds: number): Promise<string | null> {
  const token = `ts_${randomBytes(32).toString('base64url')}`;
  const opened = await tagger.openSession({ tokenHash: hashToken(token), user: credentials.user, userTokenHash: hashToken(credentials.token), ttlSeconds });
  return opened ? token : null;
}

/** The user of a live (not expired, not revoked) session, or null. */
export function userBySession(tagger: TaggerRepository, token: string): Promise<TaggerUser | null> {
  return tagger.userBySessionHash(hashToken(token));
}

/** Revokes a session (sign-out); unknown tokens are ignored. */
export function closeSession(tagger: TaggerRepository, token: string): Promise<void> {
  return tagger.closeSession(hashToken(token));
}
