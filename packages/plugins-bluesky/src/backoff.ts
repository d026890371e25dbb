// Reconnect delays: exponential backoff with jitter, bounded by a ceiling.

export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * The wait before reconnect attempt `attempt` (0 = first retry): a random share (50–100 %) of
 * min(maxDelayMs, initialDelayMs · 2^attempt), so many clients dropped at once do not return in step.
 *
 * @example
 * backoffDelay(3, { initialDelayMs: 1000, maxDelayMs: 30000 }, () => 1); // 8000
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
