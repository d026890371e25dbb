// The pipeline's structured logger: pino writing JSON lines to stderr (stdout carries only results), at the chosen level.

import pino from 'pino';
import type { Logger } from '@skimmer/core';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A pino logger on stderr.
 *
 * @example
 * const logger = createLogger('debug');
 * logger.info({ lfs: 7 }, 'labeling functions built');
 */
export function createLogger(level: LogLevel = 'info'): Logger & pino.Logger {
  return pino({ name: 'pipeline', level }, pino.destination({ fd: 2, sync: true }));
}
