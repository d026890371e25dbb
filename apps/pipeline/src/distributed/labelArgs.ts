// The arguments of `pipeline label config.yaml --role publish|worker|fit`: checked once, errors name the option.

import { ConfigError } from '@skimmer/core';
import type { LabelPredictMode } from '@skimmer/core';
import { parseChoice, parseDuration, parsePositiveInt } from '../cliArgParsers.ts';
import { parseLogLevel, walkArgs } from '../cliArgs.ts';
import { SPLIT_NAMES, type SplitName } from '../config/pipelineConfigSchema.ts';
import type { LogLevel } from '../logger.ts';

/** What this process does in a distributed labelling job. */
export type LabelRole = 'publish' | 'worker' | 'fit';
export const LABEL_ROLES: readonly LabelRole[] = ['publish', 'worker', 'fit'];
/** Who labels the stored votes once the fit has fitted: `both` (default) lets the fit label what no worker has taken. */
export const PREDICT_MODES: readonly LabelPredictMode[] = ['both', 'workers', 'fit'];

export interface LabelArgs {
  readonly file: string;
  readonly role: LabelRole;
  /** The topic of the posts (default `ingest.topic`, else 'posts'). */
  readonly topic?: string;
  /** The job: the consumer group of the workers, under which votes, statistics and the model are stored (default `label-<config name>`). */
  readonly group?: string;
  /** publish: the split of the config's `data` to publish (default train). */
  readonly split: SplitName;
  /** publish, worker: partitions of the topic when this process creates it (default 4). */
  readonly partitions: number;
  /** worker: records per consumed batch (default 500). */
  readonly batchSize: number;
  /** worker: stop once the job's stored offsets reach the topic's end and no partition of a fit waits for labels. */
  readonly untilCaughtUp: boolean;
  /** worker: stop once the topic is stored up to its end and a fit covering it has labelled every partition. */
  readonly untilLabelled: boolean;
  /** fit: who labels the stored votes (default both: the workers and the fit). */
  readonly predict: LabelPredictMode;
  /** fit: keep the labels of earlier runs of the same dataset (default: the fit's labels replace them). */
  readonly keepLabels: boolean;
  /** worker: stop after this long; fit: wait this long at most for the workers to catch up. */
  readonly durationMs?: number;
  readonly logLevel?: LogLevel;
}

const USAGE = `usage: pipeline label config.yaml --role ${LABEL_ROLES.join('|')} [--topic posts] [--group label-<name>] [--split train] [--partitions 4] [--batch-size 500] [--until-caught-up | --until-labelled] [--predict ${PREDICT_MODES.join('|')}] [--keep-labels] [--duration 20m]`;

/**
 * Parses the arguments after `label`; a ConfigError (exit 2) names the bad option.
 *
 * @example
 * parseLabelArgs(['config.yaml', '--role', 'worker', '--until-caught-up']).role; // 'worker'
 */
export function parseLabelArgs(argv: readonly string[]): LabelArgs {
  const files: string[] = [];
  let role: LabelRole | undefined;
  let topic: string | undefined;
  let group: string | undefined;
  let split: SplitName = 'train';
  let partitions = 4;
  let batchSize = 500;
  let untilCaughtUp = false;
  let untilLabelled = false;
  let predict: LabelPredictMode = 'both';
  let keepLabels = false;
  let durationMs: number | undefined;
  let logLevel: LogLevel | undefined;
  walkArgs(argv[0] === 'label' ? argv.slice(1) : argv, (flag, value, arg) => {
    if (flag === '--role') role = parseChoice(flag, LABEL_ROLES, value());
    else if (flag === '--topic') topic = value();
    else if (flag === '--group') group = value();
    else if (flag === '--split') split = parseChoice(flag, SPLIT_NAMES, value());
    else if (flag === '--partitions') partitions = parsePositiveInt(flag, value());
    else if (flag === '--batch-size') batchSize = parsePositiveInt(flag, value());
    else if (flag === '--until-caught-up') untilCaughtUp = true;
    else if (flag === '--until-labelled') untilLabelled = true;
    else if (flag === '--predict') predict = parseChoice(flag, PREDICT_MODES, value());
    else if (flag === '--keep-labels') keepLabels = true;
    else if (flag === '--duration') durationMs = parseDuration(value());
    else if (flag === '--log-level') logLevel = parseLogLevel(value());
    else if (flag === '--debug') return;
    else if (flag.startsWith('--')) throw new ConfigError(flag, `unknown option (${USAGE})`);
    else files.push(arg);
  });
  if (files.length !== 1 || role === undefined) throw new ConfigError('', USAGE);
  if (untilCaughtUp && untilLabelled) throw new ConfigError('--until-labelled', 'give --until-caught-up or --until-labelled, not both');
  return { file: files[0], role, topic, group, split, partitions, batchSize, untilCaughtUp, untilLabelled, predict, keepLabels, durationMs, logLevel };
}
