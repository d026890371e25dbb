// Test fixture: a LinearClassifier trained on 600 real CrisisLexT6 tweets, saved to a temporary directory.

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LinearClassifier } from '@skimmer/plugins-linear';
import { oneHot, readCrisis } from '../../../test-support/crisislexData.ts';

export const CLASS_NAMES = ['off-topic', 'on-topic'] as const;

/** Trains on the first 600 Sandy tweets (seed 1) and saves the model; returns its directory. */
export async function trainAndSaveModel(rows = 600): Promise<{ dir: string; classifier: LinearClassifier }> {
  const { texts, labels } = readCrisis('2012_Sandy_Hurricane');
  const classifier = new LinearClassifier({ classNames: [...CLASS_NAMES], epochs: 5 });
  await classifier.fit(texts.slice(0, rows), oneHot(labels.slice(0, rows), 2), { seed: 1 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-serve-model-'));
  await classifier.save(dir);
  return { dir, classifier };
}
