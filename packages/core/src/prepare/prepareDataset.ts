// Dataset preparation (the SSP step): normalise, deduplicate, label naively and split a collection of posts, all in memory.

import type { DataRecord } from '../dataset.ts';
import { dedupe } from './dedupe.ts';
import type { DedupeOptions } from './dedupe.ts';
import { naiveLabeller } from './naiveLabeller.ts';
import type { NaiveLabellerOptions, PatternCompiler } from './naiveLabeller.ts';
import { normalizeText } from './normalizeText.ts';
import type { NormalizeOptions } from './normalizeText.ts';
import { stratifiedSplits } from './stratifiedSplits.ts';
import type { SplitSizes } from './stratifiedSplits.ts';

/** Options of `prepareDataset`; every part has a default. */
export interface PrepareOptions {
  dedupe?: DedupeOptions;
  normalize?: NormalizeOptions;
  /** Without rules every record is unlabelled (null) and the splits are simply random. */
  naiveLabeller?: NaiveLabellerOptions;
  splits?: SplitSizes;
  seed?: number;
  /** Compiles `pattern` rules (the pipeline passes RE2); keyword rules need none. */
  compilePattern?: PatternCompiler;
}

/** A record after preparation: the original text stays in `text`. */
export interface PreparedRecord extends DataRecord {
  text_normalized: string;
  naive_label: number | null;
  naive_rule: string | null;
}

/** The split names of a prepared dataset, in the order of the files `prepare` writes. */
export const PREPARED_SPLITS = ['train', 'lf', 'test', 'val'] as const;
export type PreparedSplit = (typeof PREPARED_SPLITS)[number];

/** The outcome of `prepareDataset`. */
export interface PreparedDataset {
  /** Every record kept after deduplication, in input order (the "full" dataset). */
  all: PreparedRecord[];
  splits: Record<PreparedSplit, PreparedRecord[]>;
  removed: { duplicateIds: number; exactDuplicates: number; retweets: number };
  /** Records per naive label ('null' for unlabelled), over `all`. */
  naiveLabelCounts: Record<string, number>;
}

/**
 * Prepares a dataset: normalises texts (NFKC, whitespace, URLs), drops repeated ids, exact duplicates and retweets of posts
 * already present, applies the naive labeller, and draws seeded splits stratified on the naive label.
 *
 * @example
 * const prepared = prepareDataset(records, {
 *   naiveLabeller: { rules: [{ name: 'ai', label: 1, keywords: ['AI', 'machine learning'] }], default: 0 },
 *   splits: { lf: 1000, test: 1000, val: 500 },
 *   seed: 42,
 * });
 * prepared.splits.test.length; // 1000
 */
export function prepareDataset(records: readonly DataRecord[], options: PrepareOptions = {}): PreparedDataset {
  const normalized = records.map((record) => normalizeText(record.text, options.normalize));
  const { kept, duplicateIds, exactDuplicates, retweets } = dedupe(
    normalized,
    options.dedupe,
    records.map((record) => record.id),
  );
  const label = naiveLabeller(options.naiveLabeller ?? { rules: [] }, options.compilePattern);

  const all: PreparedRecord[] = new Array(kept.length);
  const strata = new Int32Array(kept.length);
  const stratumOf = new Map<number | null, number>();
  const naiveLabelCounts: Record<string, number> = {};
  for (let j = 0; j < kept.length; j++) {
    const textNormalized = normalized[kept[j]];
    const { label: naive, rule } = label(textNormalized);
    all[j] = { ...records[kept[j]], text_normalized: textNormalized, naive_label: naive, naive_rule: rule };
    let stratum = stratumOf.get(naive);
    if (stratum === undefined) stratumOf.set(naive, (stratum = stratumOf.size));
    strata[j] = stratum;
    naiveLabelCounts[String(naive)] = (naiveLabelCounts[String(naive)] ?? 0) + 1;
  }

  const indices = stratifiedSplits(strata, options.splits, options.seed ?? 0);
  const pick = (positions: Int32Array) => Array.from(positions, (j) => all[j]);
  return {
    all,
    splits: { train: pick(indices.train), lf: pick(indices.lf), test: pick(indices.test), val: pick(indices.val) },
    removed: { duplicateIds, exactDuplicates, retweets },
    naiveLabelCounts,
  };
}
