// The epoch loop with early stopping the classifiers share: validation macro F1 after each epoch, the best epoch's weights kept.

import type { ClassifierFitOptions, ClassifierFitReport } from './classifier.ts';
import type { ProbMatrix } from './labelMatrix.ts';
import { f1Macro } from './metrics.ts';
import { probsToPreds } from './probsToPreds.ts';

/** What the loop needs from a classifier in training; `W` is a copy of its weights. */
export interface EarlyStoppingLoop<W> {
  /** Most epochs run. */
  readonly epochs: number;
  /** Stop after this many epochs without a better validation macro F1. */
  readonly patience: number;
  /** Trains epoch `epoch` (1, 2, …); returns its training loss. */
  runEpoch(epoch: number): Promise<number>;
  /** Gold-labelled texts scored after each epoch; without them every epoch runs and the last weights stand. */
  readonly validation?: ClassifierFitOptions['validation'];
  /** The model's probabilities for `texts` as it is after the epoch (validation only). */
  predictProba(texts: readonly string[]): Promise<ProbMatrix>;
  /** A copy of the model's weights now (taken at each better epoch). */
  snapshot(): W;
  /** Frees a copy a better epoch replaced (e.g. tensors); optional. */
  release?(weights: W): void;
  readonly onProgress?: ClassifierFitOptions['onProgress'];
}

/** What the loop did, and the weights to restore: the best epoch's copy, or undefined (no validation: keep the last). */
export interface EarlyStoppingResult<W> {
  readonly report: Omit<ClassifierFitReport, 'trainRows' | 'droppedRows'>;
  readonly best: W | undefined;
}

/**
 * Runs up to `epochs` epochs. With validation, each epoch is scored by macro F1 (Snorkel's reproducible tie-break) and
 * the first epoch with the highest score is kept (`snapshot`); the loop stops once `patience` epochs have passed
 * without a better one. `onProgress` is told every epoch run, the last one included.
 *
 * @example
 * // validation macro F1 per epoch 1/3, 1, 1/3, 1/3 with patience 2: stops after epoch 4, epoch 2 kept
 * const { report, best } = await trainWithEarlyStopping({ epochs: 10, patience: 2, runEpoch, validation, predictProba, snapshot });
 * report; // { epochs: 4, bestEpoch: 2, loss: <epoch 4's>, validationMacroF1: 1 }
 */
export async function trainWithEarlyStopping<W>(loop: EarlyStoppingLoop<W>): Promise<EarlyStoppingResult<W>> {
  const { validation } = loop;
  let best: { epoch: number; f1: number; weights: W } | undefined;
  let loss = 0;
  let epoch = 0;
  for (epoch = 1; epoch <= loop.epochs; epoch++) {
    loss = await loop.runEpoch(epoch);
    let validationMacroF1: number | undefined;
    let stop = false;
    if (validation) {
      validationMacroF1 = f1Macro(validation.labels, probsToPreds(await loop.predictProba(validation.texts), 'random'));
      if (!best || validationMacroF1 > best.f1) {
        if (best) loop.release?.(best.weights);
        best = { epoch, f1: validationMacroF1, weights: loop.snapshot() };
      } else stop = epoch - best.epoch >= loop.patience;
    }
    loop.onProgress?.(epoch, { loss, validationMacroF1 });
    if (stop) break;
  }
  return {
    report: { epochs: Math.min(epoch, loop.epochs), bestEpoch: best?.epoch ?? loop.epochs, loss, validationMacroF1: best?.f1 },
    best: best?.weights,
  };
}
