// Public API of dataset preparation (core/prepare): normalisation, deduplication, naive labelling, stratified splits.
export * from './normalizeText.ts';
export * from './dedupe.ts';
export * from './naiveLabeller.ts';
export * from './stratifiedSplits.ts';
export * from './prepareDataset.ts';
export * from './prepareConfig.ts';
