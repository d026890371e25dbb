// Child of bench/scale.bench.ts: one `pipeline run` (or its apply stage) in a fresh process, timed per stage; prints one JSON line.
//
// usage: tsx bench/scaleRun.ts <config.yaml> <output dir> [apply]

import { performance } from 'node:perf_hooks';
import { createLogger } from '../apps/pipeline/src/logger.ts';
import type { Progress } from '../apps/pipeline/src/progress.ts';
import { runPipeline } from '../apps/pipeline/src/runPipeline.ts';

const [configFile, outputDir, mode] = process.argv.slice(2);
const start = performance.now();
/** Seconds from a stage's first progress update to its stop, by progress label (apply train, fit snorkel, label train, …). */
const stages: Record<string, number> = {};
/** RSS sampled every 200 ms (MiB), to tell where the peak is. */
const rssAt: Array<[string, number]> = [];
let current = 'setup';
const sampler = setInterval(() => rssAt.push([current, process.memoryUsage.rss() / 2 ** 20]), 200);

function timedProgress(label: string): Progress {
  const begun = performance.now();
  current = label;
  return {
    update() {},
    stop() {
      stages[label] = (stages[label] ?? 0) + (performance.now() - begun) / 1000;
      current = 'between stages';
    },
  };
}

const result = await runPipeline(configFile, {
  outputDir,
  logger: createLogger('warn'),
  progress: timedProgress,
  stages: mode === 'apply' ? ['apply', 'analyze'] : undefined,
});
clearInterval(sampler);
const wallS = (performance.now() - start) / 1000;
const peakByStage: Record<string, number> = {};
for (const [stage, rss] of rssAt) peakByStage[stage] = Math.max(peakByStage[stage] ?? 0, Math.round(rss));
console.log(
  JSON.stringify({
    wallS: Number(wallS.toFixed(2)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Number(v.toFixed(2))])),
    peakRssMiBByStage: peakByStage,
    train: result.report.splits.train,
    testAccuracy: result.report.labelModel?.test?.accuracy ?? null,
  }),
);
