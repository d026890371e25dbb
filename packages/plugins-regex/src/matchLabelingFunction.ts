// Builds the labeling function behind regex and keyword LFs from a match counter and the options they share (label, field, negate, minMatches).

import { ABSTAIN, ConfigError, labelingFunction, type DataPoint, type LabelingFunction } from '@skimmer/core';
import { fieldText } from './fieldText.ts';
import { voteOnMatches, type MatchVoteRule } from './vote.ts';

/** Options common to {@link regexLF} and {@link keywordLF}. */
export interface MatchLFOptions {
  /** Unique LF name (its column in the label matrix). */
  readonly name: string;
  /** Class index voted when the rule fires. */
  readonly label: number;
  /** Field of the data point to match against (default `text`). */
  readonly field?: string;
  /** Vote when the text does NOT match (default false). */
  readonly negate?: boolean;
  /** Non-overlapping matches needed to count as a match (default 1). */
  readonly minMatches?: number;
}

/** Validates `label` and `minMatches` (throwing a {@link ConfigError} that names the LF and the option) and returns the voting rule. */
export function matchVoteRule(options: MatchLFOptions): MatchVoteRule {
  const { name, label } = options;
  const minMatches = options.minMatches ?? 1;
  if (!Number.isInteger(label) || label < 0) {
    throw new ConfigError('label', `labeling function "${name}": label must be a class index (integer >= 0), got ${String(label)}`, { lf: name, label });
  }
  if (!Number.isInteger(minMatches) || minMatches < 1) {
    throw new ConfigError('minMatches', `labeling function "${name}": minMatches must be an integer >= 1, got ${String(minMatches)}`, { lf: name, minMatches });
  }
  return { label, negate: options.negate ?? false, minMatches };
}

/** Counts matches in a text, stopping at `limit`. */
export type MatchCounter = (text: string, limit: number) => number;

/** Counts matches in each text of a batch as {@link MatchCounter} does (the count of an undefined text is not read). */
export type BatchMatchCounter = (texts: ReadonlyArray<string | undefined>, limit: number) => ArrayLike<number>;

/**
 * A labeling function that counts matches in `point[options.field]` with `count` and votes by {@link voteOnMatches};
 * it abstains on a point whose field is missing or not text. Throws a {@link ConfigError} on a bad label or minMatches.
 * With `countBatch` (the same counts, a batch at a time) the LF votes on a batch of points through it.
 *
 * @example
 * matchLabelingFunction({ name: 'has_q', label: 1 }, (text, limit) => Math.min(limit, text.split('?').length - 1)).apply({ id: '1', text: 'why?' }); // 1
 */
export function matchLabelingFunction(options: MatchLFOptions, count: MatchCounter, countBatch?: BatchMatchCounter): LabelingFunction {
  const rule = matchVoteRule(options);
  const field = options.field ?? 'text';
  /** The votes on a batch of points, from the batch's counts. */
  const votesOf = (points: readonly DataPoint[], countAll: BatchMatchCounter): Int32Array => {
    const texts = points.map((point) => fieldText(point, field));
    const counts = countAll(texts, rule.minMatches);
    const votes = new Int32Array(points.length);
    for (let i = 0; i < points.length; i++) votes[i] = texts[i] === undefined ? ABSTAIN : voteOnMatches(counts[i], rule);
    return votes;
  };
  return labelingFunction({
    name: options.name,
    labels: [rule.label],
    apply: (point) => {
      const text = fieldText(point, field);
      return text === undefined ? ABSTAIN : voteOnMatches(count(text, rule.minMatches), rule);
    },
    ...(countBatch ? { applyBatch: (points: readonly DataPoint[]) => votesOf(points, countBatch) } : {}),
  });
}
