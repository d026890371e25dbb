// Browser sessions: a sign-in opens a server-side session with an expiry; sign-out revokes it, so an old cookie is refused.

import { randomBytes } from 'node:crypto';
import type { TaggerRepository, TaggerUser } from '@skimmer/core';
import { hashToken } from './users.ts';

/** Default session lifetime: 12 hours. */
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;

/**
 * Opens a session for `user` valid `ttlSeconds`; returns its token (only the hash is stored). Expired sessions are
 * removed on the way.
 *
 * @example
 * const cookieValue = await openSession(store.tagger, 'alice', 3600); // 'ts_…'
 */
export async function openSession(tagger: TaggerRepository, user: string, ttlSeconds: number): Promise<string> {
  const token = `ts_${randomBytes(32).toString('base64url')}`;
  await tagger.openSession({ tokenHash: hashToken(token), user, ttlSeconds });
  return token;
}

/** The user of a live (not expired, not revoked) session, or null. */
export function userBySession(tagger: TaggerRepository, token: string): Promise<TaggerUser | null> {
  return tagger.userBySessionHash(hashToken(token));
}

/** Revokes a session (sign-out); unknown tokens are ignored. */
export function closeSession(tagger: TaggerRepository, token: string): Promise<void> {
  return tagger.closeSession(hashToken(token));
}
