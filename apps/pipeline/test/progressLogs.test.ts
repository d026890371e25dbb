// Specification of stderr while a progress bar is drawn: log lines wait until the bar is done, never inside it.

import { PassThrough } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createProgress, stderrLines } from '../src/progress.ts';

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
