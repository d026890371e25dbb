// The zod schema of config.yaml's top level (plugins, data, lfs, labelModel, classifier, store, apply, output_dir).

import { z } from 'zod';
import { iterateConfigSchema } from '../iterate/iterateConfigSchema.ts';

/** A plugin: a workspace / npm package name or a path to a .ts / .js file, with its options. */
export const pluginEntrySchema = z.union([z.string().min(1), z.object({ name: z.string().min(1), options: z.unknown().optional() }).strict()]);

/** Maps record fields to file columns, e.g. `{ id: COMMENT_ID, text: CONTENT, label: CLASS }`. */
const columnsSchema = z.record(z.string(), z.string().min(1));

/** One split read from files: one path or several (concatenated in order), optionally restricted to (and ordered by) an id list. */
export const fileSplitSchema = z
  .object({
    path: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    columns: columnsSchema.optional(),
    /** A text file with one id per line: keeps those records, in that order. */
    ids: z.string().min(1).optional(),
  })
  .strict();
export type FileSplitConfig = z.infer<typeof fileSplitSchema>;

export const SPLIT_NAMES = ['train', 'dev', 'valid', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Where the data comes from: files per split, a WRENCH directory, or a dataset in the store. */
export const dataSchema = z.union(
  [
    z.object({ train: fileSplitSchema, dev: fileSplitSchema.optional(), valid: fileSplitSchema.optional(), test: fileSplitSchema.optional() }).strict(),
    z.object({ wrench: z.string().min(1) }).strict(),
    z.object({ dataset: z.string().min(1) }).strict(),
  ],
  {
    // absent or of no known shape: say what the section holds instead of zod's bare "Invalid input"
    error: (issue) =>
      `${issue.input === undefined ? 'required: one of' : 'expected one of'} files per split ({ train: { path: posts.csv } }), a WRENCH folder ({ wrench: DIR }) or a dataset in the store ({ dataset: NAME }); see docs/config-reference.md`,
  },
);

export type DataConfig = z.infer<typeof dataSchema>;

/** One label model: its type and the options passed to fit. 'ds-dev' and 'auto' also learn from the dev (else valid) split's gold. */
export const labelModelEntrySchema = z
  .object({
    type: z.enum(['mv', 'prior', 'snorkel', 'ds', 'fs', 'ebcc', 'ds-dev', 'auto']),
    /** Name used in the report (default: the type). */
    name: z.string().min(1).optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type LabelModelEntry = z.infer<typeof labelModelEntrySchema>;

export const pipelineConfigSchema = z
  .object({
    name: z.string().min(1).optional(),
    /** Class names in label order; the number of classes is their count. */
    labels: z.array(z.string().min(1)).min(2),
    seed: z.number().int().optional(),
    plugins: z.array(pluginEntrySchema).optional(),
    store: z
      .object({ url: z.string().min(1).optional(), dataDir: z.string().min(1).optional(), kind: z.enum(['pglite', 'embedded', 'server']).optional() })
      .strict()
      .optional(),
    data: dataSchema,
    /** LF entries: each is validated by the provider of its `type` once the plugins are loaded. */
    lfs: z.array(z.looseObject({ type: z.string().min(1) })).optional(),
    apply: z
      .object({
        /** Worker threads used at or above `parallelThreshold` points (default: none, LFs run in process). */
        workers: z.number().int().min(1).optional(),
        /** Rows read, labelled and stored at a time (default 20,000): peak memory grows with it, not with the split. */
        chunkRows: z.number().int().min(1).optional(),
        parallelThreshold: z.number().int().min(1).optional(),
        batchSize: z.number().int().min(1).optional(),
        faultTolerant: z.boolean().optional(),
      })
      .strict()
      .optional(),
    labelModel: z.union([labelModelEntrySchema, z.array(labelModelEntrySchema).min(1)]),
    /** Label storage: the newest runs of this dataset whose probabilistic labels are kept (default 1; 0 keeps all). */
    labelOutputs: z
      .object({ keepRuns: z.number().int().min(0).optional() })
      .strict()
      .optional(),
    /** Also fit majority vote as a baseline (default true). */
    baseline: z.boolean().optional(),
    evaluation: z
      .object({ tieBreakPolicy: z.enum(['abstain', 'random', 'true-random']).optional() })
      .strict()
      .optional(),
    /** A classifier trained on the probabilistic labels; resolved by `type` among the plugins' ClassifierFactory registrations. */
    classifier: z
      .object({ type: z.string().min(1), options: z.record(z.string(), z.unknown()).optional() })
      .strict()
      .optional(),
    /** Where runs/<run-id>/ goes, relative to the config file (default: `runs` next to it). */
    output_dir: z.string().min(1).optional(),
    /** Sections owned by other commands (prepare, ingest, serve, classify-stream); each command validates its own. */
    prepare: z.unknown().optional(),
    ingest: z.unknown().optional(),
    serve: z.unknown().optional(),
    classifyStream: z.unknown().optional(),
    /** `pipeline iterate` reads the config as the stages do, so its section is validated here, with file, path and line. */
    iterate: iterateConfigSchema.optional(),
  })
  .strict();
export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
