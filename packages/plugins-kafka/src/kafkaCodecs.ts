// The compression codecs kafkajs lacks (snappy, lz4, zstd), registered through its public CompressionCodecs table, so
// topics written by any Kafka producer can be consumed and `compression` in config can choose them for producing.

import { createRequire } from 'node:module';
import { decompress as zstdDecompress } from 'fzstd';
import { compressFrame, decompressFrame } from 'lz4-napi';

const require = createRequire(import.meta.url);

/** A kafkajs codec: `compress` gets the records' Encoder, `decompress` a batch's compressed records. */
export interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** What a kafkajs module exports for codecs (kafkajs and the fork alike). */
interface CodecTable {
  CompressionTypes: { Snappy: number; LZ4: number; ZSTD: number };
  CompressionCodecs: Record<number, () => KafkajsCodec>;
}

/** Kafka's snappy (raw snappy out, raw or the Java client's xerial framing in): kafkajs-snappy, pure JS. */
const snappyCodec = require('kafkajs-snappy') as () => KafkajsCodec;

/** Kafka's lz4: the LZ4 frame format (independent blocks, as the Java client writes), lz4-napi's prebuilt binding. */
export const lz4Codec = (): KafkajsCodec => ({
  compress: (encoder) => compressFrame(encoder.buffer),
  decompress: (buffer) => decompressFrame(buffer),
});

interface ZstdWasm {
  init(): Promise<void>;
  compress(buffer: Uint8Array, level: number): Uint8Array;
}
let zstdWasm: Promise<ZstdWasm> | undefined;
/** zstd level of produced batches: the Java client's default (3). */
const ZSTD_LEVEL = 3;

/**
 * Kafka's zstd: one zstd frame. Compresses with @bokuweb/zstd-wasm (zstd's C code as WebAssembly, shipped in the
 * package); decompresses with fzstd (pure JS, streaming: the Java client's frames do not record their size, which the
 * wasm one-shot decoder needs to size its output).
 */
export const zstdCodec = (): KafkajsCodec => ({
  async compress(encoder) {
    zstdWasm ??= (async () => {
      const wasm = require('@bokuweb/zstd-wasm') as ZstdWasm;
      await wasm.init();
      return wasm;
    })();
    const compressed = (await zstdWasm).compress(encoder.buffer, ZSTD_LEVEL);
    return Buffer.from(compressed.buffer, compressed.byteOffset, compressed.byteLength);
  },
  async decompress(buffer) {
    const plain = zstdDecompress(buffer);
    return Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
  },
});

/**
 * Registers snappy, lz4 and zstd in `kafkajs`'s codec table (kafkajs's documented way to add codecs; GZIP is built in).
 *
 * @example
 * registerCodecs(require('kafkajs')); // a consumer then reads topics in any of Kafka's codecs
 */
export function registerCodecs(kafkajs: CodecTable): void {
  const { CompressionTypes, CompressionCodecs } = kafkajs;
  CompressionCodecs[CompressionTypes.Snappy] = snappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = lz4Codec;
  CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec;
}
