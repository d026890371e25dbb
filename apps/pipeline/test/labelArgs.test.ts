// Specification of `pipeline label --role …`'s argument parser: defaults, every option's value, and one ConfigError per bad option.

import { expect, test } from 'vitest';
import { parseLabelArgs } from '../src/distributed/labelArgs.ts';

test('defaults, and every option read with its value', () => {
  expect(parseLabelArgs(['label', 'c.yaml', '--role', 'worker'])).toEqual({
    file: 'c.yaml',
    role: 'worker',
    topic: undefined,
    group: undefined,
    split: 'train',
    partitions: 4,
    batchSize: 500,
    untilCaughtUp: false,
    untilLabelled: false,
    predict: 'both',
    keepLabels: false,
    durationMs: undefined,
    logLevel: undefined,
  });
  const argv = ['c.yaml', '--role=fit', '--topic', 't', '--group', 'g', '--split', 'test', '--partitions', '8', '--batch-size=250'];
  expect(parseLabelArgs([...argv, '--predict', 'workers', '--keep-labels', '--duration', '90s', '--log-level', 'warn', '--debug'])).toEqual({
    file: 'c.yaml',
    role: 'fit',
    topic: 't',
    group: 'g',
    split: 'test',
    partitions: 8,
    batchSize: 250,
    untilCaughtUp: false,
    untilLabelled: false,
    predict: 'workers',
    keepLabels: true,
    durationMs: 90_000,
    logLevel: 'warn',
  });
});

test('a bad role, split, predict mode, count or duration names the option and the value', () => {
  const bad: Array<[string[], string]> = [
    [['--role', 'boss'], '--role: expected one of publish, worker, fit, got "boss"'],
    [['--role', 'fit', '--predict', 'nobody'], '--predict: expected one of both, workers, fit, got "nobody"'],
    [['--role', 'publish', '--split', 'dev2'], '--split: expected one of train, dev, valid, test, got "dev2"'],
    [['--role', 'publish', '--partitions', '1e1'], '--partitions: expected a positive integer, got "1e1"'],
    [['--role', 'worker', '--batch-size', '0'], '--batch-size: expected a positive integer, got "0"'],
    [['--role', 'worker', '--duration', '10 minutes'], '--duration: expected a duration like 20m, 90s, 1h or 500ms, got "10 minutes"'],
  ];
  for (const [flags, message] of bad) expect(() => parseLabelArgs(['c.yaml', ...flags])).toThrow(message);
});

test('without a role, the usage lists the roles and predict modes', () => {
  expect(() => parseLabelArgs(['c.yaml'])).toThrow(
    'usage: pipeline label config.yaml --role publish|worker|fit [--topic posts] [--group label-<name>] [--split train] [--partitions 4] [--batch-size 500] [--until-caught-up | --until-labelled] [--predict both|workers|fit] [--keep-labels] [--duration 20m]',
  );
});
