// Checks label-model options at config load (unknown names, bad values, a dev model without dev gold), so a typo fails before any data is read.

import { METRIC_NAMES, SkimmerError } from '@skimmer/core';
import type { ConfigError } from '@skimmer/core';
import { z } from 'zod';
import { DEV_LABEL_MODEL_TYPES } from '../labelModels/devGold.ts';
import type { DataConfig, LabelModelEntry } from './pipelineConfigSchema.ts';

type ErrorAt = (path: (string | number)[], message: string) => ConfigError;

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

/** Options of the dev-initialised Dawid-Skene ('ds-dev'): Dawid-Skene's, plus the dev rows' weight. */
const devDawidSkeneOptionsSchema = z
  .object({
    devWeight: positive.optional(),
    smoothing: nonNegative.optional(),
    maxIter: z.number().int().positive().optional(),
    tol: positive.optional(),
    modelAbstains: z.boolean().optional(),
    classBalance: z.array(nonNegative).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

/** Label model types an `auto` candidate may name (anything but auto itself). */
const CANDIDATE_TYPES = ['mv', 'majority', 'prior', 'random', 'snorkel', 'ds', 'fs', 'ebcc', 'ds-dev'] as const;

/** Options of `auto` (AutoFitOptions, less the dev rows, which the pipeline passes). */
const autoOptionsSchema = z
  .object({
    rule: z.enum(['vs-default', 'one-se', 'best']).optional(),
    metric: z.enum(METRIC_NAMES).optional(),
    folds: z.number().int().min(2).optional(),
    resamples: z.number().int().min(10).optional(),
    defaultCandidate: z.string().min(1).optional(),
    tieBreakPolicy: z.enum(['random', 'abstain']).optional(),
    seed: z.number().int().optional(),
    candidates: z
      .array(
        z
          .object({
            name: z.string().min(1),
            type: z.enum(CANDIDATE_TYPES),
            fitOptions: z.record(z.string(), z.unknown()).optional(),
            usesDev: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
  })
  .strict()
  .superRefine((options, ctx) => {
    const names = options.candidates?.map((c) => c.name);
    names?.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['candidates', i, 'name'], message: `duplicate candidate name "${name}"` });
    });
    options.candidates?.forEach((c, i) => {
      if (c.type === 'ds-dev' && c.usesDev === false)
        ctx.addIssue({ code: 'custom', path: ['candidates', i, 'usesDev'], message: 'ds-dev learns from the dev labels: usesDev must be true' });
    });
    if (options.defaultCandidate && names && !names.includes(options.defaultCandidate)) {
      ctx.addIssue({ code: 'custom', path: ['defaultCandidate'], message: `"${options.defaultCandidate}" is not among the candidates (${names.join(', ')})` });
    }
  });

const OPTION_SCHEMAS: Readonly<Record<string, z.ZodType>> = { 'ds-dev': devDawidSkeneOptionsSchema, auto: autoOptionsSchema };

/**
 * Dry-runs the Snorkel model's option resolution and validates the options of 'ds-dev' and 'auto'; other models are
 * checked for availability only. With `data`, a 'ds-dev' or 'auto' entry needs a split with gold labels to learn from:
 * files data must name a dev or valid split (a WRENCH folder or a stored dataset is checked when it is read).
 */
export async function checkLabelModelOptions(entries: readonly LabelModelEntry[], errorAt: ErrorAt, data?: DataConfig): Promise<void> {
  for (const [i, entry] of entries.entries()) {
    if (DEV_LABEL_MODEL_TYPES.has(entry.type) && data && 'train' in data && !data.dev && !data.valid) {
      throw errorAt([i, 'type'], `label model "${entry.type}" learns from gold dev labels: data needs a dev or valid split with a label column`);
    }
    const schema = OPTION_SCHEMAS[entry.type];
    if (schema && entry.options) {
      const parsed = schema.safeParse(entry.options);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw errorAt([i, 'options', ...(issue.path as (string | number)[])], `${entry.type}: ${issue.message}`);
      }
    }
    if (entry.type !== 'snorkel' || !entry.options) continue;
    const { resolveTrainConfig } = await import('@skimmer/labelmodel');
    const precInit = entry.options.precInit;
    const m = Array.isArray(precInit) ? Math.max(precInit.length, 3) : 3;
    try {
      resolveTrainConfig(entry.options, m, 1);
    } catch (error) {
      if (!(error instanceof SkimmerError)) throw error;
      const field = typeof error.context.field === 'string' ? error.context.field : undefined;
      throw errorAt(field ? [i, 'options', field] : [i, 'options'], error.message);
    }
  }
}
