// Child of bench/iterate-memory.bench.ts: one `pipeline run` (with its classifier) or one `pipeline iterate`, in a fresh process; prints one JSON line.
//
// usage: tsx bench/iterateMemoryRun.ts run|train|iterate <config.yaml>   (train: the train stage alone, on the latest run's labels)

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runIterate } from '../apps/pipeline/src/iterate/runIterate.ts';
import { createLogger } from '../apps/pipeline/src/logger.ts';
import type { Progress } from '../apps/pipeline/src/progress.ts';
import { runPipeline } from '../apps/pipeline/src/runPipeline.ts';

const [mode, configFile] = process.argv.slice(2);
const MiB = 2 ** 20;
/**
 * Peak memory the program holds (MiB) per phase, sampled every 50 ms: V8's heap in use plus ArrayBuffers (typed
 * arrays live outside the heap), and RSS. A phase is a progress stage, or the time after the last one.
 */
const peakHeld: Record<string, number> = {};
const peakRss: Record<string, number> = {};
/** The parts: V8's committed heap (heapTotal: in use, garbage and free space) and ArrayBuffers, each its own peak. */
const peakHeapTotal: Record<string, number> = {};
const peakArrayBuffers: Record<string, number> = {};
let phase = 'setup';
let stagesDone = 0;
const sample = () => {
  const memory = process.memoryUsage();
  peakHeld[phase] = Math.max(peakHeld[phase] ?? 0, Math.round((memory.heapUsed + memory.arrayBuffers) / MiB));
  peakRss[phase] = Math.max(peakRss[phase] ?? 0, Math.round(memory.rss / MiB));
  peakHeapTotal[phase] = Math.max(peakHeapTotal[phase] ?? 0, Math.round(memory.heapTotal / MiB));
  peakArrayBuffers[phase] = Math.max(peakArrayBuffers[phase] ?? 0, Math.round(memory.arrayBuffers / MiB));
};
const sampler = setInterval(sample, 50);
const vmHwmMiB = (): number => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024);
const progress = (label: string): Progress => {
  phase = label;
  return {
    update() {},
    stop() {
      stagesDone++;
      phase = 'after the last stage';
    },
  };
};

const logger = createLogger('warn');
const start = performance.now();
let detail: Record<string, unknown>;
if (mode === 'run' || mode === 'train') {
  const result = await runPipeline(configFile, { logger, progress, ...(mode === 'train' ? { stages: ['train' as const] } : {}) });
  detail = {
    trainRows: result.report.splits.train?.n ?? null,
    classifierTrainRows: result.report.classifier?.fit.trainRows ?? null,
    classifierTestAccuracy: result.report.classifier?.metrics.test?.accuracy ?? null,
  };
} else {
  const result = await runIterate(configFile, { logger, overrides: { simulate: true } });
  detail = {
    iterations: result.trained.length,
    goldSize: result.trained.at(-1)?.goldSize ?? null,
    testMacroF1: result.report.learningCurve.at(-1)?.macroF1 ?? null,
  };
}
clearInterval(sampler);
sample();
console.log(
  JSON.stringify({
    mode,
    wallS: Number(((performance.now() - start) / 1000).toFixed(2)),
    peakRssMiB: vmHwmMiB(),
    peakHeldMiB: Object.values(peakHeld).reduce((a, b) => Math.max(a, b), 0),
    // `pipeline run`: the classifier stage (and the report) run after the last progress stage
    peakHeldMiBByPhase: peakHeld,
    peakRssMiBByPhase: peakRss,
    peakHeapTotalMiBByPhase: peakHeapTotal,
    peakArrayBuffersMiBByPhase: peakArrayBuffers,
    stages: stagesDone,
    ...detail,
  }),
);
