// Prometheus metrics of the server: request counts, latency histogram, texts classified and the served model id.

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The server's metrics, in their own registry (several servers in one process do not collide). */
export interface ServeMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  texts: Counter<never>;
  modelInfo: Gauge<'model_id'>;
  /** Marks `modelId` as the one served (value 1) and drops the previous one. */
  setModel(modelId: string): void;
}

/** Creates the metrics; `defaultMetrics` adds the process metrics (CPU, memory, event loop lag). */
export function createServeMetrics(options: { defaultMetrics?: boolean } = {}): ServeMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'skimmer_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'skimmer_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const texts = new Counter({ name: 'skimmer_classified_texts_total', help: 'Texts classified', registers: [registry] });
  const modelInfo = new Gauge({ name: 'skimmer_model_info', help: 'The served model (value 1)', labelNames: ['model_id'] as const, registers: [registry] });
  return {
    registry,
    requests,
    latency,
    texts,
    modelInfo,
    setModel(modelId) {
      modelInfo.reset();
      modelInfo.set({ model_id: modelId }, 1);
    },
  };
}
