// The classifier factories a server can load saved models with: linear at once, TensorFlow.js only when a model needs it.

import type { ClassifierFactory } from '@skimmer/core';
import { linearClassifierFactory } from '@skimmer/plugins-linear';

/** Loads TensorFlow.js (slow to import) only for a saved 'tfjs' model. */
const lazyTfjsFactory: ClassifierFactory = {
  type: 'tfjs',
  create: () => {
    throw new Error('the serving factory for tfjs only loads saved models');
  },
  load: async (dir, expectClassNames) => (await import('@skimmer/plugins-tfjs')).tfjsClassifierFactory.load(dir, expectClassNames),
};

/** Factories by saved type: 'linear' and 'tfjs'. */
export const SERVING_FACTORIES: readonly ClassifierFactory[] = [linearClassifierFactory, lazyTfjsFactory];

/**
 * The project's classifier factories, then the built-in ones of the types they do not cover: a classifier plugin's
 * saved models load through that plugin.
 *
 * @example
 * servingFactories([myFactory]).map((f) => f.type); // ['mine', 'linear', 'tfjs']
 */
export function servingFactories(project: readonly ClassifierFactory[] = []): readonly ClassifierFactory[] {
  const types = new Set(project.map((f) => f.type));
  return [...project, ...SERVING_FACTORIES.filter((f) => !types.has(f.type))];
}
