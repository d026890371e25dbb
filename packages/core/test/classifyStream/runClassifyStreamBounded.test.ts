// classify-stream reads no dataset: posts arrive in batches of at most batchSize, and each gets exactly one prediction.

import { describe, expect, it } from 'vitest';
import { InProcessBus, runClassifyStream, type OffsetPosition, type PredictionBatch, type StreamModel } from '../../src/index.ts';

describe('runClassifyStream on the in-process bus', () => {
  it('classifies 5,000 posts on 3 partitions in batches of at most 64, one prediction a post, offsets stored with them', async () => {
    const n = 5000;
    const batchSize = 64;
    const bus = new InProcessBus({ defaultPartitions: 3 });
    for (let start = 0; start < n; start += 1000) {
      await bus.produce(
        'posts',
        Array.from({ length: 1000 }, (_, j) => {
          const i = start + j;
          return {
            key: String(i),
            value: JSON.stringify({ id: `p${i}`, text: i % 3 === 0 ? `new ai model ${i}` : `lunch ${i}`, created_at: '2024-01-01T00:00:00Z' }),
          };
        }),
      );
    }
    const classifiedBatches: number[] = [];
    const model: StreamModel = {
      id: 'm1',
      classifier: {
        classNames: ['other', 'ai'],
        predictProba: async (texts) => {
          classifiedBatches.push(texts.length);
          return { n: texts.length, k: 2, data: Float64Array.from(texts.flatMap((t) => (/\bai\b/.test(t) ? [0.1, 0.9] : [0.8, 0.2]))) };
        },
      },
    };
    const predicted = new Map<string, number>();
    const stored = new Map<number, string>();
    const stats = await runClassifyStream({
      bus,
      predictions: {
        saveBatch: async (batch: PredictionBatch) => {
          for (const p of batch.predictions) predicted.set(p.postId, (predicted.get(p.postId) ?? 0) + 1);
          for (const o of batch.offsets ?? []) stored.set(o.partition, String(Number(o.offset) + 1));
          return { predictions: batch.predictions.length, redelivered: 0, labelledUrls: 0 };
        },
      },
      readOffsets: async (): Promise<OffsetPosition[]> => [...stored].map(([partition, nextOffset]) => ({ partition, nextOffset })),
      model: () => model,
      relevant: 1,
      batchSize,
      untilCaughtUp: true,
    });
    const ends = await bus.endOffsets('posts');
    await bus.close();
    expect(classifiedBatches.every((size) => size <= batchSize)).toBe(true);
    expect(classifiedBatches.reduce((a, b) => a + b, 0)).toBe(n);
    expect(predicted.size).toBe(n);
    expect([...predicted.values()].every((count) => count === 1)).toBe(true);
    expect(stats).toEqual({ consumed: n, predictions: n, redelivered: 0, relevant: Math.ceil(n / 3), labelledUrls: 0 });
    expect(ends).toHaveLength(3);
    expect(ends.every((end) => stored.get(end.partition) === end.nextOffset)).toBe(true);
  });
});
