// The `prepare:` section of config.yaml: its schema (zod) and its translation into PrepareOptions.

import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import type { PrepareOptions } from './prepareDataset.ts';

const ruleSchema = z
  .object({
    name: z.string().min(1).optional(),
    label: z.number().int().min(0),
    keywords: z.array(z.string().min(1)).min(1).optional(),
    pattern: z.string().min(1).optional(),
    flags: z.string().optional(),
  })
  .strict()
  .refine((rule) => (rule.keywords === undefined) !== (rule.pattern === undefined), { message: 'give exactly one of keywords or pattern' });

const size = z.number().int().min(0);

/** `prepare:` in config.yaml. Without `input` the posts come from the store's raw_posts. */
export const prepareConfigSchema = z
  .object({
    input: z.string().min(1).optional(),
    /** Column mapping for `input`, e.g. `{ id: 'tweet id', text: 'tweet' }`. */
    columns: z.record(z.string(), z.string()).optional(),
    output_dir: z.string().min(1).default('prepared'),
    /** Name of the dataset recorded in the store's `datasets` table. */
    dataset: z.string().min(1).default('ssp'),
    seed: z.number().int().default(0),
    dedupe: z
      .object({ exact: z.boolean().default(true), retweets: z.boolean().default(true) })
      .strict()
      .default({ exact: true, retweets: true }),
    normalize: z
      .object({
        nfkc: z.boolean().optional(),
        collapse_whitespace: z.boolean().optional(),
        url_token: z.string().nullable().optional(),
        lowercase: z.boolean().optional(),
      })
      .strict()
      .default({}),
    naive_labeller: z
      .object({ rules: z.array(ruleSchema).default([]), default: z.number().int().min(0).nullable().default(null) })
      .strict()
      .optional(),
    splits: z
      .object({ lf: size.default(1000), test: size.default(1000), val: size.default(500) })
      .strict()
      .default({ lf: 1000, test: 1000, val: 500 }),
  })
  .strict();

export type PrepareConfig = z.infer<typeof prepareConfigSchema>;

/**
 * Validates `prepare:`; errors are ConfigErrors whose path starts with `prepare.` (e.g. `prepare.splits.lf`).
 *
 * @example
 * parsePrepareConfig({ input: 'posts.csv', splits: { lf: 200 } }).splits // { lf: 200, test: 1000, val: 500 }
 */
export function parsePrepareConfig(value: unknown): PrepareConfig {
  const parsed = prepareConfigSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(['prepare', ...issue.path.map(String)].join('.'), issue.message, { issues: parsed.error.issues.length });
}

/** The PrepareOptions a validated `prepare:` section describes. */
export function toPrepareOptions(config: PrepareConfig): PrepareOptions {
  return {
    seed: config.seed,
    dedupe: config.dedupe,
    normalize: {
      nfkc: config.normalize.nfkc,
      collapseWhitespace: config.normalize.collapse_whitespace,
      urlToken: config.normalize.url_token,
      lowercase: config.normalize.lowercase,
    },
    naiveLabeller: config.naive_labeller,
    splits: config.splits,
  };
}
