// Spec: the fork's producer sends again every partition whose leader failed, also when its new leader is a broker that
// already answered for other partitions of the same send (kafkajs 2.2.4 skipped that broker: send() resolved without them).

import { describe, expect, it } from 'vitest';
import { forkModule, stockModule } from './kafkajsFork.ts';

interface Sent {
  broker: number;
  partitions: number[];
}
type SendMessages = (deps: object) => (args: object) => Promise<Array<{ topicName: string; partition: number }>>;

/**
 * A send of one message to each of partitions 0 and 1 of `posts`, led by brokers 0 and 1: broker 1's connection closes
 * during the produce request, after which the metadata names broker 0 leader of both partitions.
 */
async function sendThroughLeaderChange(sendMessages: SendMessages): Promise<{ sent: Sent[]; acknowledged: number[] }> {
  const leaders = [0, 1];
  const sent: Sent[] = [];
  const broker = (nodeId: number) => ({
    nodeId,
    async produce({ topicData }: { topicData: Array<{ topic: string; partitions: Array<{ partition: number }> }> }) {
      const partitions = topicData.flatMap((t) => t.partitions.map((p) => p.partition));
      sent.push({ broker: nodeId, partitions });
      if (nodeId === 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw Object.assign(new Error('Closed connection'), { name: 'KafkaJSConnectionClosedError', host: 'b1', port: 1 });
      }
      return { topics: [{ topicName: 'posts', partitions: partitions.map((partition) => ({ partition, errorCode: 0, baseOffset: '0' })) }] };
    },
  });
  const brokers = [broker(0), broker(1)];
  const cluster = {
    refreshMetadataIfNecessary: async () => {},
    addMultipleTargetTopics: async () => {},
    isConnected: () => true,
    removeBroker: () => {},
    refreshMetadata: async () => {
      leaders[1] = 0; // the controller moved partition 1 to broker 0
    },
    findTopicPartitionMetadata: () => leaders.map((leader, partitionId) => ({ partitionId, leader })),
    findLeaderForPartitions: (_topic: string, partitions: string[]) => {
      const result: Record<number, number[]> = {};
      for (const id of partitions) (result[leaders[Number(id)]!] ??= []).push(Number(id));
      return result;
    },
    findBroker: async ({ nodeId }: { nodeId: string }) => brokers[Number(nodeId)],
  };
  const eosManager = {
    acquireBrokerLock: async () => {},
    releaseBrokerLock: async () => {},
    isTransactional: () => false,
    getSequence: () => 0,
    updateSequence: () => {},
    getProducerId: () => -1,
    getProducerEpoch: () => 0,
  };
  const retrier = async (fn: (bail: (e: Error) => void, retryCount: number, retryTime: number) => Promise<unknown>) => {
    for (let attempt = 0; ; attempt++) {
      let bailed: Error | undefined;
      try {
        const result = await fn((e) => (bailed = e), attempt, 0);
        if (bailed) throw bailed;
        return result;
      } catch (e) {
        if (attempt >= 3 || bailed) throw e;
      }
    }
  };
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const send = sendMessages({ logger, cluster, partitioner: ({ message }: { message: { partition: number } }) => message.partition, eosManager, retrier });
  const responses = await send({
    acks: -1,
    timeout: 30_000,
    topicMessages: [
      {
        topic: 'posts',
        messages: [
          { partition: 0, value: 'a' },
          { partition: 1, value: 'b' },
        ],
      },
    ],
  });
  return { sent, acknowledged: responses.map((r) => r.partition).sort() };
}

const SEND_MESSAGES = 'src/producer/sendMessages.js';

describe('sendMessages on a leader change', () => {
  it('sends the failed partition again to its new leader, which already answered for another', async () => {
    const { sent, acknowledged } = await sendThroughLeaderChange(forkModule<SendMessages>(SEND_MESSAGES));
    expect(sent).toEqual([
      { broker: 0, partitions: [0] },
      { broker: 1, partitions: [1] },
      { broker: 0, partitions: [1] },
    ]);
    expect(acknowledged).toEqual([0, 1]);
  });

  it('(kafkajs 2.2.4 as published resolves without ever sending it again)', async () => {
    const { sent, acknowledged } = await sendThroughLeaderChange(stockModule<SendMessages>(SEND_MESSAGES));
    expect(sent).toEqual([
      { broker: 0, partitions: [0] },
      { broker: 1, partitions: [1] },
    ]);
    expect(acknowledged).toEqual([0]);
  });
});
