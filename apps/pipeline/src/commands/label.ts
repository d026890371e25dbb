// `pipeline label config.yaml --role publish|worker|fit`: labelling across processes and machines on a Kafka consumer group (docs/scale.md).

import type { Logger } from '@skimmer/core';
import { createLogger } from '../logger.ts';
import { parseLabelArgs } from '../distributed/labelArgs.ts';
import { runLabelFit } from '../distributed/labelFit.ts';
import { openLabelJob } from '../distributed/labelJob.ts';
import { runLabelWorker } from '../distributed/labelWorker.ts';
import { publishPoints } from '../distributed/publishPoints.ts';
import { buildLabelingFunctionsLazily } from '../stages/buildLabelingFunctions.ts';
import { loadRunData } from '../data/loadRunData.ts';

/** How long the fit waits for the workers by default. */
const DEFAULT_FIT_WAIT_MS = 10 * 60_000;

/**
 * Runs one role of a distributed labelling job and prints one JSON line with what it did; returns the exit code
 * (errors go to the CLI: 2 for usage / config / data, 1 for a failure while running).
 *
 * @example
 * await labelCommand(['config.yaml', '--role', 'worker', '--until-caught-up']);
 */
export async function labelCommand(argv: readonly string[], injectedLogger?: Logger): Promise<number> {
  const args = parseLabelArgs(argv);
  const logger = injectedLogger ?? createLogger(args.logLevel);
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const job = await openLabelJob(args, logger).catch((error: unknown) => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    throw error;
  });
  try {
    const { role } = args;
    const base = { role, job: job.job, topic: job.topic };
    if (role === 'publish') {
      console.log(JSON.stringify({ label: { ...base, split: args.split, produced: await publishPoints(job, args.split, args.partitions) } }));
      return 0;
    }
    const lfs = await buildLabelingFunctionsLazily(job.loaded, logger, () => loadRunData(job.loaded.config, job.loaded.baseDir, job.store));
    if (role === 'worker') {
      logger.info({ ...base, lfs: lfs.length, batchSize: args.batchSize }, 'label worker started');
      const stats = await runLabelWorker(job, {
        lfs,
        batchSize: args.batchSize,
        partitions: args.partitions,
        untilCaughtUp: args.untilCaughtUp,
        untilLabelled: args.untilLabelled,
        durationMs: args.durationMs,
        signal: stop.signal,
      });
      console.log(JSON.stringify({ label: { ...base, ...stats } }));
      return 0;
    }
    const lfNames = lfs.map((lf) => lf.name);
    const fitted = await runLabelFit(job, lfNames, {
      waitMs: args.durationMs ?? DEFAULT_FIT_WAIT_MS,
      keepLabels: args.keepLabels,
      predict: args.predict,
      signal: stop.signal,
    });
    console.log(JSON.stringify({ label: { ...base, ...fitted } }));
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await job.close();
  }
}
