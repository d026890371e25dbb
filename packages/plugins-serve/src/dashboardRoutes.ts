// The dashboard: a static page, its script and Chart.js (public, strict CSP), and its data routes (behind the API key).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { DashboardRepository } from '@skimmer/core';
import { readDashboardSummary, readRelevantFeed } from './dashboardQueries.ts';

/** No inline script or style, nothing from elsewhere, no framing. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export interface DashboardDeps {
  /** The store's dashboard reads (`store.dashboard`). */
  dashboard: DashboardRepository;
  /** The class index of relevant posts (asked per request: a reload may change the model). */
  relevantLabel: () => number;
}

const staticDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
/** Chart.js's UMD build, next to its package entry (the file is not in its `exports`). */
const chartJsFile = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** Files served under /dashboard/, read once at start. */
function staticFiles(): Map<string, { type: string; body: Buffer }> {
  return new Map([
    ['', { type: 'text/html; charset=utf-8', body: readFileSync(path.join(staticDir, 'dashboard.html')) }],
    ['dashboard.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(path.join(staticDir, 'dashboard.js')) }],
    ['dashboard.css', { type: 'text/css; charset=utf-8', body: readFileSync(path.join(staticDir, 'dashboard.css')) }],
    ['chart.umd.min.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(chartJsFile) }],
  ]);
}

/**
 * Registers `/dashboard` (page and assets, public: the page asks for the key and keeps it in sessionStorage) and
 * `/v1/dashboard/summary`, `/v1/dashboard/feed` (protected like the API).
 */
export function registerDashboardRoutes(app: FastifyInstance, deps: DashboardDeps): void {
  const files = staticFiles();
  const sendFile = (name: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
    const file = files.get(name)!;
    return reply
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .type(file.type)
      .send(file.body);
  };
  app.get('/dashboard', { config: { public: true } }, sendFile(''));
  for (const name of files.keys()) if (name) app.get(`/dashboard/${name}`, { config: { public: true } }, sendFile(name));
  app.get('/v1/dashboard/summary', async () => readDashboardSummary(deps.dashboard, deps.relevantLabel()));
  app.get('/v1/dashboard/feed', async () => ({ posts: await readRelevantFeed(deps.dashboard, deps.relevantLabel()) }));
}
