// @skimmer/plugins-linear: the hashed n-gram logistic-regression classifier, registered as classifier type 'linear'.

import { z } from 'zod';
import { TOKENS, definePlugin, type ClassifierFactory } from '@skimmer/core';
import { LinearClassifier, type LinearClassifierOptions } from './linearClassifier.ts';

export * from './linearClassifier.ts';
export * from './hashedNgramFeaturizer.ts';
export * from './keywordSwapAugmentation.ts';
export * from './endModel.ts';

/** Options accepted under `classifier.options` when `classifier.type` is 'linear'. */
export const linearClassifierOptionsSchema = z
  .object({
    epochs: z.number().int().positive().optional(),
    learningRate: z.number().positive().optional(),
    l2: z.number().min(0).optional(),
    patience: z.number().int().positive().optional(),
    blockRows: z.number().int().positive().optional(),
    augment: z
      .object({
        swapGroups: z.array(z.array(z.string().min(1)).min(2)).min(1),
        copies: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    featurizer: z
      .object({
        hashBits: z.number().int().min(10).max(24).optional(),
        wordNgrams: z.array(z.number().int().min(1).max(4)).optional(),
        charNgrams: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
        lowercase: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const linearClassifierFactory: ClassifierFactory<LinearClassifierOptions> & { optionsSchema: typeof linearClassifierOptionsSchema } = {
  type: 'linear',
  optionsSchema: linearClassifierOptionsSchema,
  create: (options, labels) => new LinearClassifier({ ...options, classNames: labels.classNames }),
  load: (dir, expectClassNames) => LinearClassifier.load(dir, expectClassNames),
};

export default definePlugin({
  name: '@skimmer/plugins-linear',
  register(ctx) {
    ctx.container.register(TOKENS.Classifier, { useValue: linearClassifierFactory });
  },
});
