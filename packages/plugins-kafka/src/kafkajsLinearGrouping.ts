// Replaces kafkajs 2.2.4's per-partition grouping of produced messages (quadratic: it copies the partition's array for every message) with a linear one.

import { createRequire } from 'node:module';
import path from 'node:path';

type Message = { partition?: number | null; value?: unknown };
type Partitioner = (args: { topic: string; partitionMetadata: unknown[]; message: Message }) => number;
type GroupArgs = { topic: string; partitionMetadata: unknown[]; messages: Message[]; partitioner: Partitioner };

/**
 * The same result as kafkajs's `groupMessagesPerPartition` (partition → its messages, in order), in one pass.
 *
 * @example
 * groupMessagesPerPartition({ topic: 't', partitionMetadata: [{}], messages: [{}, {}], partitioner: () => 0 }); // { 0: [{}, {}] }
 */
export function groupMessagesPerPartition({ topic, partitionMetadata, messages, partitioner }: GroupArgs): Record<number, Message[]> {
  const result: Record<number, Message[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (result[partition] ??= []).push(message);
  }
  return result;
}

const require = createRequire(import.meta.url);
const kafkajsRoot = path.dirname(require.resolve('kafkajs'));
/** The kafkajs release whose files these swaps were written and specified against. */
export const PATCHED_KAFKAJS = '2.2.4';
const kafkajsVersion = (require(path.join(kafkajsRoot, 'package.json')) as { version: string }).version;
const groupingModule = path.join(kafkajsRoot, 'src', 'producer', 'groupMessagesPerPartition.js');
/**
 * True when the swap took effect: kafkajs is the release it was written for, and its producer was not loaded before
 * this module (its sendMessages would keep the quadratic grouping). Another release keeps its own code.
 */
export const linearGroupingInstalled =
  kafkajsVersion === PATCHED_KAFKAJS && require.cache[path.join(kafkajsRoot, 'src', 'producer', 'sendMessages.js')] === undefined;
if (linearGroupingInstalled) {
  require(groupingModule);
  require.cache[groupingModule]!.exports = groupMessagesPerPartition;
}
