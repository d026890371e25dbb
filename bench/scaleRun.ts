// Child of bench/scale.bench.ts: one `pipeline run` (or its apply stage) in a fresh process, timed per stage; prints one JSON line.
//
// usage: tsx bench/scaleRun.ts <config.yaml> <output dir> [apply]

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../apps/pipeline/src/logger.ts';
import type { Progress } from '../apps/pipeline/src/progress.ts';
import { runPipeline } from '../apps/pipeline/src/runPipeline.ts';

const [configFile, outputDir, mode] = process.argv.slice(2);
const start = performance.now();
/** Seconds from a stage's first progress update to its stop, by progress label (apply train, fit snorkel, label train, …). */
const stages: Record<string, number> = {};
/** CPU seconds (user + system) of this process in each stage: less noisy than wall time on a shared machine. */
const stagesCpu: Record<string, number> = {};
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
/** RSS sampled every 100 ms (MiB), to tell where the peak is. */
const rssAt: Array<[string, number]> = [];
let current = 'setup';
/** The largest V8 heap (allocated) and memory outside it (Buffers, typed arrays) seen by the sampler, MiB: what RSS is made of. */
const peakMemory = { heapTotalMiB: 0, externalMiB: 0 };
const sampler = setInterval(() => {
  const memory = process.memoryUsage();
  rssAt.push([current, memory.rss / 2 ** 20]);
  peakMemory.heapTotalMiB = Math.max(peakMemory.heapTotalMiB, Math.round(memory.heapTotal / 2 ** 20));
  peakMemory.externalMiB = Math.max(peakMemory.externalMiB, Math.round(memory.external / 2 ** 20));
}, 100);

/** The process's peak RSS so far (VmHWM, MiB), after each stage: which stage set the peak, however short it was. */
const highWaterAfter: Record<string, number | null> = {};
function highWaterMiB(): number | null {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : null;
}

function timedProgress(label: string): Progress {
  const begun = performance.now();
  const cpuBegun = cpuSeconds();
  current = label;
  return {
    update() {},
    stop() {
      stages[label] = (stages[label] ?? 0) + (performance.now() - begun) / 1000;
      stagesCpu[label] = (stagesCpu[label] ?? 0) + cpuSeconds() - cpuBegun;
      highWaterAfter[label] = highWaterMiB();
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
/**
 * CPU seconds of this process's ended children (the embedded Postgres server and its backends, stopped when the run
 * closed its store): cutime + cstime of /proc/self/stat, in clock ticks of 1/100 s; null off Linux.
 */
function childrenCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}
const peakByStage: Record<string, number> = {};
for (const [stage, rss] of rssAt) peakByStage[stage] = Math.max(peakByStage[stage] ?? 0, Math.round(rss));
console.log(
  JSON.stringify({
    wallS: Number(wallS.toFixed(2)),
    cpuS: Number(cpuSeconds().toFixed(2)),
    storeCpuS: childrenCpuSeconds(),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Number(v.toFixed(2))])),
    stagesCpuS: Object.fromEntries(Object.entries(stagesCpu).map(([k, v]) => [k, Number(v.toFixed(2))])),
    peakRssMiBByStage: peakByStage,
    peakMemory,
    peakRssMiBAfterStage: { ...highWaterAfter, end: highWaterMiB() },
    train: result.report.splits.train,
    testAccuracy: result.report.labelModel?.test?.accuracy ?? null,
  }),
);
