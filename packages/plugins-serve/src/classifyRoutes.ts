// The classification API routes: POST /v1/classify, GET /v1/models and POST /v1/models/reload.

import type { FastifyInstance } from 'fastify';
import { DataError } from '@skimmer/core';
import { parseClassifyRequest, type ClassifyLimits } from './classifyRequest.ts';
import type { LoadedModel, ModelSlot } from './modelSlot.ts';
import type { ModelRef } from './loadModel.ts';
import type { ServeMetrics } from './serveMetrics.ts';

/** One text's answer. */
export interface PredictionBody {
  label: string;
  labelIndex: number;
  /** Probability per class name. */
  probabilities: Record<string, number>;
}

export interface ClassifyRouteDeps {
  slot: ModelSlot;
  limits: ClassifyLimits;
  metrics: ServeMetrics;
  /** Loads a model for a reload request: `ref` from the body, or the configured one when absent. */
  loadModel: (ref?: ModelRef) => Promise<LoadedModel>;
}

function describeModel(model: LoadedModel): Record<string, unknown> {
  return { id: model.id, type: model.classifier.type, classNames: model.classifier.classNames, runId: model.runId, loadedAt: model.loadedAt };
}

function reloadRef(body: unknown): ModelRef | undefined {
  if (body === undefined || body === null) return undefined;
  const runId = (body as { runId?: unknown }).runId;
  if (typeof body !== 'object' || Object.keys(body).some((k) => k !== 'runId') || (runId !== undefined && typeof runId !== 'string')) {
    throw new DataError('reload body must be empty or {"runId": "<run id>"}', { field: 'body' });
  }
  return typeof runId === 'string' ? { runId } : undefined;
}

/** Registers the classification routes on `app`. */
export function registerClassifyRoutes(app: FastifyInstance, deps: ClassifyRouteDeps): void {
  app.post('/v1/classify', async (request) => {
    const { texts, single } = parseClassifyRequest(request.body, deps.limits);
    const model = deps.slot.current();
    const { classNames } = model.classifier;
    const probs = await model.classifier.predictProba(texts);
    const k = probs.k;
    const predictions: PredictionBody[] = [];
    for (let i = 0; i < probs.n; i++) {
      let best = 0;
      const probabilities: Record<string, number> = {};
      for (let c = 0; c < k; c++) {
        const p = probs.data[i * k + c];
        probabilities[classNames[c]] = p;
        if (p > probs.data[i * k + best]) best = c;
      }
      predictions.push({ label: classNames[best], labelIndex: best, probabilities });
    }
    deps.metrics.texts.inc(texts.length);
    return single ? { modelId: model.id, ...predictions[0] } : { modelId: model.id, predictions };
  });

  app.get('/v1/models', async () => ({ current: describeModel(deps.slot.current()) }));

  app.post('/v1/models/reload', async (request) => {
    const ref = reloadRef(request.body);
    const { previous, current } = await deps.slot.reload(() => deps.loadModel(ref));
    deps.metrics.setModel(current.id);
    request.log.info({ previous: previous.id, current: current.id }, 'model reloaded');
    return { previous: previous.id, current: describeModel(current) };
  });
}
