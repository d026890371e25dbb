// The WRENCH sets the label-model rule benches score on: youtube and sms shipped in datasets/, trec from the optional folder (undefined when absent).

import { datasetPath, extraDataPath } from '@skimmer/core';

export const WRENCH_RULE_SETS: readonly [name: string, dir: string | undefined][] = [
  ['youtube', datasetPath('wrench-youtube')],
  ['sms', datasetPath('wrench-sms')],
  ['trec', extraDataPath('wrench-trec')],
];
