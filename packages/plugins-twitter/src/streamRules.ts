// Keeps the filtered stream's rules equal to the configured ones: adds the missing, deletes the stale (a rule is its value and tag).

import type { TwitterApi } from 'twitter-api-v2';

/** One filtered-stream rule as configured. */
export interface StreamRule {
  value: string;
  tag?: string;
}

const ruleKey = (rule: { value: string; tag?: string | null }): string => `${rule.value}\u0000${rule.tag ?? ''}`;

/**
 * Syncs the stream rules with `wanted`; rules already present are left alone (their ids, and their matches, stay).
 *
 * @example
 * await syncStreamRules(client, [{ value: '(AI OR "machine learning") lang:en -is:retweet', tag: 'ai' }]); // { added: 1, deleted: 0 }
 */
export async function syncStreamRules(client: TwitterApi, wanted: readonly StreamRule[]): Promise<{ added: number; deleted: number }> {
  const current = (await client.v2.streamRules()).data ?? [];
  const wantedKeys = new Set(wanted.map(ruleKey));
  const currentKeys = new Set(current.map(ruleKey));
  const stale = current.filter((r) => !wantedKeys.has(ruleKey(r))).map((r) => r.id);
  const missing = wanted.filter((r) => !currentKeys.has(ruleKey(r)));
  if (stale.length > 0) await client.v2.updateStreamRules({ delete: { ids: stale } });
  if (missing.length > 0)
    await client.v2.updateStreamRules({ add: missing.map((r) => (r.tag === undefined ? { value: r.value } : { value: r.value, tag: r.tag })) });
  return { added: missing.length, deleted: stale.length };
}
