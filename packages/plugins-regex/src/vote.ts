// The voting rule shared by regex and keyword LFs: label when there are at least minMatches matches (or fewer, when negated), else abstain.

import { ABSTAIN } from '@skimmer/core';

/** How a match count becomes a vote. */
export interface MatchVoteRule {
  readonly label: number;
  /** Vote when the text does NOT reach `minMatches` matches. */
  readonly negate: boolean;
  readonly minMatches: number;
}

/**
 * The vote for a text with `count` matches (counted up to `minMatches`).
 *
 * @example
 * voteOnMatches(2, { label: 1, negate: false, minMatches: 2 }); // 1
 * voteOnMatches(1, { label: 1, negate: false, minMatches: 2 }); // -1 (ABSTAIN)
 */
export function voteOnMatches(count: number, rule: MatchVoteRule): number {
  const matched = count >= rule.minMatches;
  return matched !== rule.negate ? rule.label : ABSTAIN;
}
