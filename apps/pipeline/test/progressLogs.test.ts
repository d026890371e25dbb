// Specification of progress on stderr: log lines wait until a bar is done, never inside it; plain lines only for stages over a second.

import { PassThrough } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createProgress, lineProgress, stderrLines } from '../src/progress.ts';

const originalSink = stderrLines.sink;
afterEach(() => {
  stderrLines.sink = originalSink;
});

test('a log line written while a bar is drawn comes out after the bar stops, and at once otherwise', () => {
  const out: string[] = [];
  stderrLines.sink = (text) => void out.push(text);
  const terminal = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: 80,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  }) as unknown as NodeJS.WriteStream;
  const logger = createLogger('info');
  logger.info('before the bar');
  expect(out.map((l) => JSON.parse(l).msg)).toEqual(['before the bar']);
  const bar = createProgress('apply train', terminal);
  bar.update(1, 10);
  logger.info({ lfs: 3 }, 'during the bar');
  expect(out).toHaveLength(1);
  bar.update(10, 10);
  bar.stop();
  expect(out.map((l) => JSON.parse(l).msg)).toEqual(['before the bar', 'during the bar']);
  logger.info('after the bar');
  expect(out).toHaveLength(3);
});

/** A stream that keeps what is written, and a clock the test moves. */
function linesAndClock(): { out: string[]; stream: NodeJS.WritableStream; clock: { ms: number } } {
  const out: string[] = [];
  const stream = Object.assign(new PassThrough(), { write: (text: string) => out.push(text) > 0 }) as unknown as NodeJS.WritableStream;
  return { out, stream, clock: { ms: 1000 } };
}

test('plain lines: a stage that ends within a second prints nothing (no "0/s, ETA ?")', () => {
  const { out, stream, clock } = linesAndClock();
  const progress = lineProgress('label test', stream, () => clock.ms);
  progress.update(250, 250);
  clock.ms += 40;
  progress.stop();
  expect(out).toEqual([]);
});

test('plain lines: after a second, each tenth with the rate since the stage began and an ETA; the last count at stop', () => {
  const { out, stream, clock } = linesAndClock();
  const progress = lineProgress('apply train', stream, () => clock.ms);
  clock.ms += 500;
  progress.update(20_000, 1_000_000);
  clock.ms += 1500;
  progress.update(100_000, 1_000_000);
  clock.ms += 100;
  progress.update(120_000, 1_000_000);
  clock.ms += 7900;
  progress.update(1_000_000, 1_000_000);
  progress.stop();
  expect(out).toEqual(['apply train: 100,000/1,000,000 (50,000/s, ETA 18s)\n', 'apply train: 1,000,000/1,000,000 (100,000/s, ETA 0s)\n']);
});

test('plain lines: a stage past a second whose last update came earlier still prints its count at stop', () => {
  const { out, stream, clock } = linesAndClock();
  const progress = lineProgress('fit snorkel', stream, () => clock.ms);
  progress.update(500, 500);
  clock.ms += 2000;
  progress.stop();
  expect(out).toEqual(['fit snorkel: 500/500 (250/s, ETA 0s)\n']);
});
