// @skimmer/plugins-tfjs: the TensorFlow.js text classifier, registered as classifier type 'tfjs'.

import { z } from 'zod';
import { TOKENS, definePlugin, type ClassifierFactory } from '@skimmer/core';
import { TfjsClassifier, type TfjsClassifierOptions, type TfjsTrainingSettings } from './tfjsClassifier.ts';

export * from './tfjsClassifier.ts';
export * from './tfjsBackend.ts';
export * from './textVocabulary.ts';
export { registerScatterAddKernel } from './scatterAddKernel.ts';

/** Options accepted under `classifier.options` when `classifier.type` is 'tfjs'. */
export const tfjsClassifierOptionsSchema = z
  .object({
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).optional(),
    vocabularySize: z.number().int().min(3).optional(),
    minCount: z.number().int().positive().optional(),
    maxLength: z.number().int().positive().max(1000).optional(),
    embeddingDim: z.number().int().positive().max(1024).optional(),
    epochs: z.number().int().positive().optional(),
    patience: z.number().int().positive().optional(),
    batchSize: z.number().int().positive().optional(),
    learningRate: z.number().positive().optional(),
    blockRows: z.number().int().positive().optional(),
  })
  .strict();

export const tfjsClassifierFactory: ClassifierFactory<TfjsClassifierOptions & TfjsTrainingSettings> & { optionsSchema: typeof tfjsClassifierOptionsSchema } = {
  type: 'tfjs',
  optionsSchema: tfjsClassifierOptionsSchema,
  create: (options, labels) => new TfjsClassifier({ ...options, classNames: labels.classNames }),
  load: (dir, expectClassNames) => TfjsClassifier.load(dir, expectClassNames),
};

export default definePlugin({
  name: '@skimmer/plugins-tfjs',
  register(ctx) {
    ctx.container.register(TOKENS.Classifier, { useValue: tfjsClassifierFactory });
  },
});
