// @skimmer/plugins-serve: the classification HTTP API (fastify), its metrics, model hot-swap and the dashboard.
export * from './apiKeyCheck.ts';
export * from './classifyRequest.ts';
export * from './classifyRoutes.ts';
export * from './createServeApp.ts';
export * from './loadModel.ts';
export * from './modelSlot.ts';
export * from './openApiDocument.ts';
export * from './serveMetrics.ts';
export * from './serveConfig.ts';
export * from './servingFactories.ts';
export * from './dashboardQueries.ts';
export * from './dashboardRoutes.ts';
export * from './servingProvider.ts';
export { servePlugin } from './plugin.ts';
export { servePlugin as default } from './plugin.ts';
