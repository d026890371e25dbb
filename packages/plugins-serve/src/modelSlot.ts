// The served model: one reference that a reload swaps atomically, so in-flight requests finish on the model they started with.

import type { Classifier } from '@skimmer/core';

/** A classifier ready to serve, with what identifies it. */
export interface LoadedModel {
  /** Stable id written with predictions: the run id, or the classifier type and a hash of the saved files. */
  id: string;
  classifier: Classifier;
  /** Where it was loaded from (a directory). */
  dir: string;
  runId: string | null;
  loadedAt: string;
}

/**
 * Holds the current model. `current()` returns a reference a request keeps to its end; `reload(load)` loads the
 * next model completely before swapping, and runs one reload at a time.
 *
 * @example
 * const slot = new ModelSlot(await loadModel({ dir: 'models/v1' }, { factories: [linearClassifierFactory] }));
 * const model = slot.current(); // use `model` for the whole request
 * await slot.reload(() => loadModel({ dir: 'models/v2' }, { factories: [linearClassifierFactory] }));
 */
export class ModelSlot {
  private model: LoadedModel;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(initial: LoadedModel) {
    this.model = initial;
  }

  current(): LoadedModel {
    return this.model;
  }

  /** Loads with `load` (after any reload in progress) and swaps; the old model stays in use if loading fails. */
  reload(load: () => Promise<LoadedModel>): Promise<{ previous: LoadedModel; current: LoadedModel }> {
    const next = this.pending.then(async () => {
      const loaded = await load();
      const previous = this.model;
      this.model = loaded;
      return { previous, current: loaded };
    });
    this.pending = next.catch(() => undefined);
    return next;
  }
}
