// The streaming classifier (pure, against the Bus / Store contracts): the batch handler and the run.
export * from './classifyBatchHandler.ts';
export * from './runClassifyStream.ts';
