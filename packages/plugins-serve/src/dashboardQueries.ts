// The dashboard's reads over the store's DashboardRepository: post rate, relevant share, top domains and URLs, LF table, runs, learning curve, latest relevant posts.

import type { DashboardRepository } from '@skimmer/core';

/** Minutes charted: the newest 120 of the last 24 hours of data. */
const MINUTES = 120;

export interface DashboardSummary {
  modelId: string | null;
  postsPerMinute: Array<{ t: string; n: number }>;
  relevantShare: Array<{ t: string; share: number; n: number }>;
  /** Domains of expanded URLs only: a link known only by its shortener (t.co, bit.ly, …) is counted in `shortenedOnly`. */
  topDomains: Array<{ domain: string; count: number }>;
  topUrls: Array<{ url: string; count: number }>;
  /** Links of relevant posts whose source gave only the shortened URL (no expansion to count a domain by). */
  shortenedOnly: number;
  lfTable: { runId: string; rows: Array<Record<string, unknown>> } | null;
  runs: Array<{ id: string; startedAt: string; status: string; metrics: Record<string, number> }>;
  /** Active-learning iterations (`pipeline iterate`) of the project trained last: gold size against the classifier's scores. */
  learningCurve: LearningCurvePoint[];
}

export interface LearningCurvePoint {
  project: string;
  iteration: number;
  goldSize: number;
  split: string | null;
  macroF1: number | null;
  accuracy: number | null;
}

export interface FeedPost {
  id: string;
  text: string;
  createdAt: string;
  probability: number;
  urls: string[];
}

/** The key under which `pipeline run` stores its LF summary table (one row per LF) in the run's metrics. */
export const LF_TABLE_KEY = 'lfSummary';

/** The key under which `pipeline run` stores the few scores the runs chart plots (`labelModel.test.f1`, …). */
export const CURVE_KEY = 'curve';

/** URL shorteners: a link whose domain is one of these was never expanded, so its domain says nothing. */
export const SHORTENER_DOMAINS: readonly string[] = [
  't.co',
  'bit.ly',
  'buff.ly',
  'ow.ly',
  'tinyurl.com',
  'goo.gl',
  'dlvr.it',
  'ift.tt',
  'lnkd.in',
  'trib.al',
  'fb.me',
  'youtu.be',
  'flip.it',
  'hubs.ly',
  'gag.gl',
  'wp.me',
  'amzn.to',
  'is.gd',
  'rebrand.ly',
  'cutt.ly',
  'shar.es',
];

/** Numeric metrics: the run's `curve` when it has one, else the metrics with nested objects flattened one level (`test.f1`). */
export function numericMetrics(metrics: Record<string, unknown> | null): Record<string, number> {
  const out: Record<string, number> = {};
  const curve = metrics?.[CURVE_KEY];
  const source = curve && typeof curve === 'object' && !Array.isArray(curve) ? (curve as Record<string, unknown>) : metrics;
  for (const [key, value] of Object.entries(source ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[`${key}.${inner}`] = v;
    }
  }
  return out;
}

/**
 * Everything the dashboard charts, in one read. `relevant` is the class index of relevant posts; predictions are
 * those of the model that predicted last.
 */
export async function readDashboardSummary(dashboard: DashboardRepository, relevant: number): Promise<DashboardSummary> {
  const modelId = await dashboard.latestModelId();
  const runs = await dashboard.recentRuns(50);
  let lfTable: DashboardSummary['lfTable'] = null;
  for (const run of [...runs].reverse()) {
    const rows = run.metrics?.[LF_TABLE_KEY];
    if (Array.isArray(rows)) {
      lfTable = { runId: run.id, rows: rows as Array<Record<string, unknown>> };
      break;
    }
  }
  return {
    modelId,
    postsPerMinute: await dashboard.postsPerMinute(MINUTES),
    relevantShare: await dashboard.relevantShare(modelId, relevant, MINUTES),
    topDomains: await dashboard.topDomains(relevant, SHORTENER_DOMAINS, 10),
    topUrls: await dashboard.topUrls(relevant, SHORTENER_DOMAINS, 10),
    shortenedOnly: await dashboard.countUrlsIn(relevant, SHORTENER_DOMAINS),
    lfTable,
    runs: runs.map((r) => ({ id: r.id, startedAt: r.startedAt, status: r.status, metrics: numericMetrics(r.metrics) })),
    learningCurve: await readLearningCurve(dashboard),
  };
}

interface IterationMetricsRow {
  splits?: Record<string, { macroF1?: number | null; accuracy?: number | null }>;
  evaluationSplit?: string | null;
}

/**
 * The trained iterations of the active-learning project that trained last (`pipeline_iterations`, created by the
 * pipeline's migrations; empty when `pipeline iterate` never ran on this store).
 */
export async function readLearningCurve(dashboard: DashboardRepository): Promise<LearningCurvePoint[]> {
  const rows = await dashboard.lastTrainedIterations();
  return rows.map((r) => {
    const metrics = r.metrics as IterationMetricsRow | null;
    const split = metrics?.evaluationSplit ?? null;
    const scores = split ? metrics?.splits?.[split] : undefined;
    return {
      project: r.projectId,
      iteration: r.iteration,
      goldSize: r.goldSize,
      split,
      macroF1: scores?.macroF1 ?? null,
      accuracy: scores?.accuracy ?? null,
    };
  });
}

/** The latest relevant posts (newest prediction first) of the model that predicted last. */
export async function readRelevantFeed(dashboard: DashboardRepository, relevant: number, limit = 20): Promise<FeedPost[]> {
  return dashboard.relevantFeed(await dashboard.latestModelId(), relevant, limit);
}
