// The Classifier contract: a text classifier trained on probabilistic labels, saved to and loaded from a directory.

import type { ProbMatrix } from './labelMatrix.ts';
import { SkimmerError } from './errors.ts';

export interface ClassifierFitOptions {
  /** Gold-labelled data for early stopping (labels 0..k-1). */
  validation?: { texts: readonly string[]; labels: ArrayLike<number> };
  /** Drop training rows whose highest probability is below this (0 keeps all). */
  minConfidence?: number;
  seed?: number;
  onProgress?: (epoch: number, info: { loss: number; validationMacroF1?: number }) => void;
}

/** What training did: epochs run, the epoch kept, and the final figures. */
export interface ClassifierFitReport {
  epochs: number;
  bestEpoch: number;
  trainRows: number;
  droppedRows: number;
  loss: number;
  validationMacroF1?: number;
}

export interface Classifier {
  /** Short type name, e.g. 'linear', 'tfjs'. */
  readonly type: string;
  /** The label set, in class-index order. */
  readonly classNames: readonly string[];
  fit(texts: readonly string[], softLabels: ProbMatrix, options?: ClassifierFitOptions): Promise<ClassifierFitReport>;
  /** n × k probabilities for the texts, in order. */
  predictProba(texts: readonly string[]): Promise<ProbMatrix>;
  /** Writes the model to `dir` (created if missing). */
  save(dir: string): Promise<void>;
}

/** Creates and loads one type of classifier; plugins register one under TOKENS.Classifier. */
export interface ClassifierFactory<O = unknown> {
  readonly type: string;
  create(options: O, labels: { classNames: readonly string[] }): Classifier;
  /** Loads a saved model; refuses (ClassifierError) one trained with another label set than `expectClassNames`. */
  load(dir: string, expectClassNames?: readonly string[]): Promise<Classifier>;
}

/** A classifier could not be trained, saved or loaded. */
export class ClassifierError extends SkimmerError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super('CLASSIFIER', message, context);
    this.name = 'ClassifierError';
  }
}

/** Throws a ClassifierError unless the saved label set equals the expected one (same names, same order). */
export function assertSameLabelSet(saved: readonly string[], expected: readonly string[] | undefined, dir: string): void {
  if (!expected) return;
  const same = saved.length === expected.length && saved.every((name, i) => name === expected[i]);
  if (!same) {
    throw new ClassifierError(`${dir}: the model was trained with labels [${saved.join(', ')}], but this run expects [${expected.join(', ')}]`, {
      dir,
      saved,
      expected,
    });
  }
}
