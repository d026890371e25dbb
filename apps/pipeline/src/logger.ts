// The pipeline's structured logger: pino writing JSON lines to stderr (stdout carries only results), at the chosen level, never inside a progress bar.

import pino from 'pino';
import type { Logger } from '@skimmer/core';
import { stderrLines } from './progress.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A pino logger on stderr; while a progress bar is drawn its lines wait until the bar is done (`stderrLines`).
 *
 * @example
 * const logger = createLogger('debug');
 * logger.info({ lfs: 7 }, 'labeling functions built');
 */
export function createLogger(level: LogLevel = 'info'): Logger & pino.Logger {
  return pino({ name: 'pipeline', level }, { write: (line: string) => stderrLines.write(line) });
}
