// The zod schema of config.yaml's optional `iterate:` section and the settings `pipeline iterate` runs with (config merged with flags).

import { z } from 'zod';
import { ConfigError, SELECTION_STRATEGIES, type SelectionStrategy } from '@skimmer/core';
import { parseConfigValue } from '../config/configIssues.ts';

/** Tagger project ids: what the tagger's URLs and the `iterations` table key on. */
const PROJECT_ID = /^[a-z0-9][a-z0-9._-]{0,79}$/;

export const iterateConfigSchema = z
  .object({
    /** Records chosen per iteration (default 50). */
    k: z.number().int().min(1).optional(),
    strategy: z.enum(SELECTION_STRATEGIES as [SelectionStrategy, ...SelectionStrategy[]]).optional(),
    /** Tagger project id the batches go to (created when missing; default `<name>-active-learning`). */
    project: z.string().regex(PROJECT_ID, 'lower-case letters, digits, ".", "_" or "-", at most 80').optional(),
    /** Annotators allowed to open the project in the tagger. */
    members: z.array(z.string().min(1)).optional(),
    /** Who answers: people in the tagger (default), or the train split's gold labels (benchmarks). */
    annotator: z.enum(['tagger', 'simulated']).optional(),
    /** Iterations one `pipeline iterate` completes when simulating (default 1; with people it is at most 1). */
    iterations: z.number().int().min(1).optional(),
    /** Stop rule: no batch is pushed after this many iterations in the project (default: none). */
    maxIterations: z.number().int().min(1).optional(),
    /** Stop rule: no batch is pushed once the evaluation split's macro F1 reaches this. */
    targetMacroF1: z.number().gt(0).max(1).optional(),
    /** Classifier training rows: label-model labels with gold overrides (default), or the gold labels alone. */
    trainOn: z.enum(['labelModel+gold', 'gold']).optional(),
    /** Each gold row is repeated this many times in training (default 1). */
    goldWeight: z.number().int().min(1).max(100).optional(),
    /** At most one record per normalised text in a batch, and none of a text already pushed (default true). */
    dedupe: z.boolean().optional(),
    /** LFs whose empirical accuracy is below this are listed as the ones to fix (default 0.7). */
    lfAccuracyWarning: z.number().min(0).max(1).optional(),
  })
  .strict();

/** What one `pipeline iterate` does, every default filled in. */
export interface IterateSettings {
  readonly k: number;
  readonly strategy: SelectionStrategy;
  readonly project: string;
  readonly members: readonly string[];
  readonly annotator: 'tagger' | 'simulated';
  readonly iterations: number;
  readonly maxIterations: number | null;
  readonly targetMacroF1: number | null;
  readonly trainOn: 'labelModel+gold' | 'gold';
  readonly goldWeight: number;
  readonly dedupe: boolean;
  readonly lfAccuracyWarning: number;
}

/** Command-line overrides of the `iterate:` section. */
export interface IterateOverrides {
  readonly k?: number;
  readonly strategy?: SelectionStrategy;
  readonly iterations?: number;
  readonly project?: string;
  readonly simulate?: boolean;
}

/** A project id derived from the config's name: `youtube-spam` → `youtube-spam-active-learning`. */
export function defaultProjectId(configName: string): string {
  const slug =
    configName
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 60) || 'pipeline';
  return `${slug}-active-learning`;
}

/**
 * Validates `section` (config.yaml's `iterate:`, possibly absent) and applies the flags over it.
 *
 * @example
 * iterateSettings({ k: 20 }, { strategy: 'random' }, 'youtube-spam', 'config.yaml').project; // 'youtube-spam-active-learning'
 */
export function iterateSettings(section: unknown, overrides: IterateOverrides, configName: string, file = 'config.yaml'): IterateSettings {
  // loadConfig has validated the section with its lines; a caller without it still gets the file and the YAML path
  const c = parseConfigValue(iterateConfigSchema, section ?? {}, { file, path: ['iterate'] });
  const project = overrides.project ?? c.project ?? defaultProjectId(configName);
  if (!PROJECT_ID.test(project)) throw new ConfigError('--project', `"${project}": lower-case letters, digits, ".", "_" or "-", at most 80`);
  return {
    k: overrides.k ?? c.k ?? 50,
    strategy: overrides.strategy ?? c.strategy ?? 'margin',
    project,
    members: c.members ?? [],
    annotator: overrides.simulate ? 'simulated' : (c.annotator ?? 'tagger'),
    iterations: overrides.iterations ?? c.iterations ?? 1,
    maxIterations: c.maxIterations ?? null,
    targetMacroF1: c.targetMacroF1 ?? null,
    trainOn: c.trainOn ?? 'labelModel+gold',
    goldWeight: c.goldWeight ?? 1,
    dedupe: c.dedupe ?? true,
    lfAccuracyWarning: c.lfAccuracyWarning ?? 0.7,
  };
}
