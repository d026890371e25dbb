// The ServingProvider this plugin registers: `serve` starts the API (and the dashboard), `classify-stream` loads its model, without apps importing this package.

import path from 'node:path';
import type { ServingContext, ServingProvider } from '@skimmer/core';
import { createServeApp } from './createServeApp.ts';
import { registerDashboardRoutes } from './dashboardRoutes.ts';
import { loadModel, type ModelRef } from './loadModel.ts';
import { ModelSlot } from './modelSlot.ts';
import { classifyStreamConfigSchema, relevantIndex, resolveApiKeys, serveConfigSchema, type ClassifyStreamConfig, type ServeConfig } from './serveConfig.ts';
import { servingFactories } from './servingFactories.ts';

/** A model directory in the config is relative to the config file. */
export function resolveModelRef(ref: ModelRef, baseDir: string): ModelRef {
  return 'dir' in ref ? { dir: path.resolve(baseDir, ref.dir) } : ref;
}

async function startServer(serve: ServeConfig, ctx: ServingContext & { port?: number; logLevel?: string }) {
  const ref = resolveModelRef(serve.model, ctx.baseDir);
  const store = ctx.store;
  const load = (override?: ModelRef) =>
    loadModel(override ?? ref, { factories: servingFactories(ctx.classifiers), runs: store?.runs, expectClassNames: serve.classNames });
  const slot = new ModelSlot(await load());
  const app = await createServeApp({
    slot,
    loadModel: load,
    apiKeys: resolveApiKeys(serve),
    bodyLimitBytes: serve.bodyLimitBytes,
    limits: { maxBatch: serve.maxBatch, maxTextLength: serve.maxTextLength },
    ready: store ? () => store.dashboard.ping() : undefined,
    extraRoutes: store
      ? (app) =>
          registerDashboardRoutes(app, {
            dashboard: store.dashboard,
            relevantLabel: () => relevantIndex(slot.current().classifier.classNames, serve.relevantLabel),
          })
      : undefined,
    // on stderr like every pipeline log line: stdout carries only results (docs/cli.md)
    logger: { level: ctx.logLevel ?? 'info', stream: process.stderr },
    server: serve,
  });
  await app.listen({ host: serve.host, port: ctx.port ?? serve.port });
  return { close: () => app.close() };
}

/** Registered under `TOKENS.ServingProvider`: what `pipeline serve` and `pipeline classify-stream` resolve. */
export const servingProvider: ServingProvider<ServeConfig, ClassifyStreamConfig> = {
  serveSchema: serveConfigSchema,
  classifyStreamSchema: classifyStreamConfigSchema,
  needsStore: (serve) => !('dir' in serve.model),
  warnings: (serve) => (resolveApiKeys(serve).length === 0 ? [`no API keys (serve.apiKeys or $${serve.apiKeysEnv}): every protected route answers 401`] : []),
  startServer,
  async loadStreamModel(stream, ctx) {
    const model = await loadModel(resolveModelRef(stream.model, ctx.baseDir), {
      factories: servingFactories(ctx.classifiers),
      runs: ctx.store.runs,
      expectClassNames: stream.classNames,
    });
    return { model, relevant: relevantIndex(model.classifier.classNames, stream.relevantLabel) };
  },
};
