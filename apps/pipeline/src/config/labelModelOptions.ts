// Checks label-model options at config load (unknown names, bad values), so a typo fails before any data is read.

import { SkimmerError } from '@skimmer/core';
import type { ConfigError } from '@skimmer/core';
import type { LabelModelEntry } from './pipelineConfigSchema.ts';

type ErrorAt = (path: (string | number)[], message: string) => ConfigError;

/** Dry-runs the Snorkel model's option resolution (the schema has already checked every type's name). */
export async function checkLabelModelOptions(entries: readonly LabelModelEntry[], errorAt: ErrorAt): Promise<void> {
  for (const [i, entry] of entries.entries()) {
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
