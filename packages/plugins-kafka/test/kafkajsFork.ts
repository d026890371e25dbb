// The vendored kafkajs fork's fast paths (vendor/kafkajs) beside kafkajs's own modules, typed, for the specs that compare them.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A module of the fork, e.g. `forkModule('src/protocol/encoder.js')`. */
export const forkModule = <T = unknown>(relative: string): T => require(`@skimmer/kafkajs-fork/${relative}`) as T;
/** A module of kafkajs as published (the `kafkajs` package, which nothing changes). */
export const stockModule = <T = unknown>(relative: string): T => require(`kafkajs/${relative}`) as T;

type Bytes = string | Buffer | null | undefined;

/** What a produce request hands its Record encoder for each message. */
export interface RecordInput {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]> | null;
}

/** kafkajs's Decoder, as far as a record's decoder reads it. */
export interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readVarInt(): number;
  readVarLong(): unknown;
  readVarIntString(): string | null;
  readVarIntBytes(): Buffer | null;
}

/** What the RecordBatch decoder hands its Record decoder: the batch's fields, firstOffset and timestamps as decimal strings. */
export interface BatchContext {
  firstOffset?: string;
  firstTimestamp?: string;
  maxTimestamp?: string;
  magicByte?: number;
  isControlBatch?: boolean;
  timestampType?: number;
  [field: string]: unknown;
}

/** A fetched record as the Record decoder returns it. */
export interface DecodedRecord {
  magicByte: number | undefined;
  attributes: number;
  timestamp: string;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | null | Array<Buffer | null>>;
  isControlRecord: boolean;
  batchContext: BatchContext;
}

/** A message as the producer hands it to the produce request. */
export interface ProduceMessage {
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]>;
  timestamp?: number | string | null;
}

/** What a produce request v3 (and v4 to v7) is built from. `producerId`: a number, numeric string, bigint or kafkajs Long. */
export interface ProduceRequestArgs {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  compression?: number;
  topicData: Array<{ topic: string; partitions: Array<{ partition: number; firstSequence?: number; messages: ProduceMessage[] }> }>;
}

/** kafkajs's Encoder, as far as a request's `encode` callers use it. */
export interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
  readonly buffer: Buffer;
  size(): number;
}

/** A request as kafkajs's connection sends it. */
export interface ProduceRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  expectResponse: () => boolean;
  encode: () => Promise<KafkajsEncoder>;
}

type Message = { partition?: number | null; value?: unknown };
type GroupArgs = {
  topic: string;
  partitionMetadata: unknown[];
  messages: Message[];
  partitioner: (args: { topic: string; partitionMetadata: unknown[]; message: Message }) => number;
};

export const GROUPING = 'src/producer/groupMessagesPerPartition.js';
export const RECORD_ENCODER = 'src/protocol/recordBatch/record/v0/index.js';
export const RECORD_DECODER = 'src/protocol/recordBatch/record/v0/decoder.js';
export const CRC32C = 'src/protocol/recordBatch/crc32C/index.js';
export const PRODUCE_V3 = 'src/protocol/requests/produce/v3/request.js';

export const groupMessagesPerPartition = forkModule<(args: GroupArgs) => Record<number, Message[]>>(GROUPING);
export const encodeRecord = forkModule<(input: RecordInput) => { buffer: Buffer }>(RECORD_ENCODER);
export const kafkajsEncodeRecord = stockModule<(input: RecordInput) => { buffer: Buffer }>(RECORD_ENCODER);
export const decodeRecord = forkModule<(decoder: KafkajsDecoder, batchContext?: BatchContext) => DecodedRecord>(RECORD_DECODER);
export const kafkajsDecodeRecord = stockModule<(decoder: KafkajsDecoder, batchContext?: BatchContext) => DecodedRecord>(RECORD_DECODER);
export const crc32c = forkModule<(buffer: Uint8Array) => number>(CRC32C);
export const kafkajsCrc32c = stockModule<(buffer: Uint8Array) => number>(CRC32C);
export const produceRequest = forkModule<(args: ProduceRequestArgs) => ProduceRequest>(PRODUCE_V3);
/** Upstream's v3 request inside the fork: what the fork's request leaves the inputs it does not write itself to. */
export const upstreamProduceRequest = forkModule<(args: ProduceRequestArgs) => ProduceRequest>('src/protocol/requests/produce/v3/upstreamRequest.js');
