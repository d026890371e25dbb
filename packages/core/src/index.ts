// Public API of @skimmer/core: contracts and the pure weak-supervision engine (no I/O).
// Each module adds one `export *` line here.
export * from './errors.ts';
export * from './labelMatrix.ts';
export * from './labelModel.ts';
export * from './post.ts';
export * from './sharedData.ts';
export * from './plugin.ts';
export * from './store.ts';
export * from './classifier.ts';
export * from './calibration.ts';
export * from './seededRandom.ts';
export * from './preprocessor.ts';
export * from './labelingFunction.ts';
export * from './applyLabelingFunctions.ts';
export * from './lfModule.ts';
export * from './applyLabelingFunctionsParallel.ts';
export * from './lfAnalysis.ts';
export * from './metrics.ts';
export * from './scoreMetrics.ts';
export * from './probsToPreds.ts';
export * from './dataset.ts';
export * from './prepare/index.ts';
export * from './lfApplierPool.ts';
export * from './source.ts';
export * from './bus.ts';
export * from './ingest/index.ts';
export * from './activeLearning/index.ts';
