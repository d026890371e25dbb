import { describe, expect, it } from 'vitest';
import { classifyBatchHandler, toPredictions, type ConsumedBatch, type PredictionBatch, type StreamModel } from '../../src/index.ts';

const encoder = new TextEncoder();

function batch(values: string[], firstOffset = 0): ConsumedBatch {
  const records = values.map((value, i) => ({
    topic: 'posts',
    partition: 0,
    offset: String(firstOffset + i),
    key: null,
    value: encoder.encode(value),
    headers: { source: 'test' },
  }));
  return { topic: 'posts', partition: 0, records, lastOffset: records[records.length - 1].offset, heartbeat: async () => {} };
}

/** Probability of class 1 is 0.9 for texts mentioning "ai", else 0.2. */
const model: StreamModel = {
  id: 'm1',
  classifier: {
    classNames: ['other', 'ai'],
    predictProba: async (texts) => ({ n: texts.length, k: 2, data: Float64Array.from(texts.flatMap((t) => (/\bai\b/i.test(t) ? [0.1, 0.9] : [0.8, 0.2]))) }),
  },
};

describe('toPredictions', () => {
  it('takes the arg-max class, its probability and the whole row', () => {
    expect(toPredictions(['a', 'b'], { n: 2, k: 2, data: Float64Array.from([0.25, 0.75, 0.5, 0.5]) }, 'm')).toEqual([
      { postId: 'a', modelId: 'm', label: 1, probability: 0.75, probs: [0.25, 0.75] },
      { postId: 'b', modelId: 'm', label: 0, probability: 0.5, probs: [0.5, 0.5] },
    ]);
  });
});

describe('classifyBatchHandler', () => {
  it('writes the predictions, the posts and the partition offset in one call', async () => {
    const writes: PredictionBatch[] = [];
    const handler = classifyBatchHandler({
      target: {
        saveBatch: async (b) => {
          writes.push(b);
          return { predictions: b.predictions.length, redelivered: 0, labelledUrls: 0 };
        },
      },
      model: () => model,
      group: 'g',
      relevant: 1,
    });
    await handler(
      batch(
        [
          JSON.stringify({ id: '1', text: 'AI is here', created_at: '2024-01-01T00:00:00Z' }),
          JSON.stringify({ id: '2', text: 'lunch time', created_at: '2024-01-01T00:01:00Z' }),
        ],
        41,
      ),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0].predictions.map((p) => [p.postId, p.label])).toEqual([
      ['1', 1],
      ['2', 0],
    ]);
    expect(writes[0].posts?.map((p) => p.id)).toEqual(['1', '2']);
    expect(writes[0].offsets).toEqual([{ consumerGroup: 'g', topic: 'posts', partition: 0, offset: '42' }]);
  });

  it('skips records that do not decode, and still stores the offset past them', async () => {
    const writes: PredictionBatch[] = [];
    const handler = classifyBatchHandler({
      target: {
        saveBatch: async (b) => {
          writes.push(b);
          return { predictions: b.predictions.length, redelivered: 0, labelledUrls: 0 };
        },
      },
      model: () => model,
      group: 'g',
      relevant: 1,
    });
    await handler(batch(['{not json', JSON.stringify({ id: '3', text: 'new AI model', created_at: '2024-01-01T00:00:00Z' })]));
    expect(writes[0].predictions.map((p) => p.postId)).toEqual(['3']);
    expect(writes[0].offsets?.[0].offset).toBe('1');
  });

  it('reports the relevant posts of each stored batch', async () => {
    const stored: number[] = [];
    const handler = classifyBatchHandler({
      target: { saveBatch: async (b) => ({ predictions: b.predictions.length, redelivered: 0, labelledUrls: 0 }) },
      model: () => model,
      group: 'g',
      relevant: 1,
      onStored: (r) => stored.push(r.relevant),
    });
    await handler(batch(['a', 'b', 'c'].map((id, i) => JSON.stringify({ id, text: i < 2 ? 'AI news' : 'cats', created_at: '2024-01-01T00:00:00Z' }))));
    expect(stored).toEqual([2]);
  });

  it('gives a batch up at once when its heartbeat fails (the member lost its partitions), and writes nothing', async () => {
    let writes = 0;
    let heartbeats = 0;
    const handler = classifyBatchHandler({
      target: {
        saveBatch: async (b) => {
          writes++;
          return { predictions: b.predictions.length, redelivered: 0, labelledUrls: 0 };
        },
      },
      model: () => model,
      group: 'g',
      relevant: 1,
      retries: 5,
      retryDelayMs: 1,
    });
    const evicted = {
      ...batch([JSON.stringify({ id: '1', text: 'AI', created_at: '2024-01-01T00:00:00Z' })]),
      heartbeat: async () => {
        heartbeats++;
        throw new Error('The coordinator is not aware of this member');
      },
    };
    await expect(handler(evicted)).rejects.toThrow('not aware of this member');
    expect({ heartbeats, writes }).toEqual({ heartbeats: 1, writes: 0 });
  });
});
