import { describe, expect, it } from 'vitest';
import { ClassifierError, type Classifier, type ProbMatrix } from '@skimmer/core';
import { ModelSlot, createServeApp, type LoadedModel } from '../src/index.ts';

const auth = { authorization: 'Bearer k' };

/** A classifier that answers a fixed probability, after `gate` resolves. */
function stubModel(id: string, onTopic: number, gate: Promise<void> = Promise.resolve()): LoadedModel {
  const classifier: Classifier = {
    type: 'stub',
    classNames: ['off-topic', 'on-topic'],
    fit: async () => {
      throw new Error('not trainable');
    },
    predictProba: async (texts): Promise<ProbMatrix> => {
      await gate;
      return { n: texts.length, k: 2, data: Float64Array.from(texts.flatMap(() => [1 - onTopic, onTopic])) };
    },
    save: async () => undefined,
  };
  return { id, classifier, dir: `/models/${id}`, runId: null, loadedAt: '2026-01-01T00:00:00.000Z' };
}

describe('swapping the model', () => {
  it('finishes an in-flight request on the old model and serves the next one from the new model', async () => {
    let open!: () => void;
    const slot = new ModelSlot(
      stubModel(
        'old',
        0.25,
        new Promise((resolve) => {
          open = resolve;
        }),
      ),
    );
    const app = await createServeApp({ slot, loadModel: async () => stubModel('new', 0.75), apiKeys: ['k'] });
    const inFlight = app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { text: 'storm' } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reload = await app.inject({ method: 'POST', url: '/v1/models/reload', headers: auth });
    expect(reload.json()).toMatchObject({ previous: 'old', current: { id: 'new' } });
    open();
    expect((await inFlight).json()).toMatchObject({ modelId: 'old', probabilities: { 'on-topic': 0.25 } });
    const after = await app.inject({ method: 'POST', url: '/v1/classify', headers: auth, payload: { text: 'storm' } });
    expect(after.json()).toMatchObject({ modelId: 'new', probabilities: { 'on-topic': 0.75 } });
    await app.close();
  });

  it('keeps serving the old model when the new one fails to load, and says why with 422', async () => {
    const slot = new ModelSlot(stubModel('old', 0.25));
    const app = await createServeApp({
      slot,
      loadModel: async () => {
        throw new ClassifierError('/models/new: no readable model.json');
      },
      apiKeys: ['k'],
    });
    const reload = await app.inject({ method: 'POST', url: '/v1/models/reload', headers: auth });
    expect(reload.statusCode).toBe(422);
    expect(reload.json()).toEqual({ error: 'CLASSIFIER', message: 'new: no readable model.json' }); // no server path in a reply
    expect(slot.current().id).toBe('old');
    await app.close();
  });
});
