// The ingest engine (pure, against the Source / Bus / Store contracts): the payload-decoder contract, flat rows, decoding, the batch handler, the in-process bus and the run.
export * from './postDecoder.ts';
export * from './payloadFields.ts';
export * from './rowPost.ts';
export * from './decodePosts.ts';
export * from './payloadSource.ts';
export * from './ingestBatchHandler.ts';
export * from './writeBatchWithRetries.ts';
export * from './ingestDecodePool.ts';
export * from './prepareIngestBatch.ts';
export * from './inProcessBus.ts';
export * from './pumpSource.ts';
export * from './runIngest.ts';
export * from './topicResume.ts';
