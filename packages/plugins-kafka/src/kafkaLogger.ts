// Routes kafkajs log entries to the Skimmer Logger (pino-compatible), so broker chatter follows the app's log level.

import { logLevel } from 'kafkajs';
import type { logCreator } from 'kafkajs';
import type { Logger } from '@skimmer/core';

/** A kafkajs `logCreator` writing to `logger` (nothing at all when there is no logger). */
export function kafkaLogCreator(logger: Logger | undefined): logCreator {
  return () =>
    ({ level, log }) => {
      if (!logger) return;
      const { message, ...rest } = log;
      if (level <= logLevel.ERROR) logger.error(rest, `kafka: ${message}`);
      else if (level === logLevel.WARN) logger.warn(rest, `kafka: ${message}`);
      else if (level === logLevel.INFO) logger.info(rest, `kafka: ${message}`);
      else logger.debug(rest, `kafka: ${message}`);
    };
}
