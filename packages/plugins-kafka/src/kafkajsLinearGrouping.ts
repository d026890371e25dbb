// Replaces kafkajs 2.2.4's per-partition grouping of produced messages (quadratic: it copies the partition's array for every message) with a linear one.

import { swapKafkajsModule } from './kafkajsModuleSwap.ts';

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

/** True when kafkajs's producer uses this grouping (see swapKafkajsModule); false leaves kafkajs's own. */
export const linearGroupingInstalled = swapKafkajsModule('src/producer/groupMessagesPerPartition.js', 'src/producer/sendMessages.js', groupMessagesPerPartition);
