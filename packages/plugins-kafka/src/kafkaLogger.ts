// Routes kafkajs log entries to the Skimmer Logger (pino-compatible), so broker chatter follows the app's log level.

import { logLevel } from 'kafkajs';
import type { logCreator } from 'kafkajs';
import type { Logger } from '@skimmer/core';

/** A kafkajs `logCreator` writing to `logger` (nothing at all when there is no logger). */
export function kafkaLogCreator(logger: Logger | undefined): logCreator {
  return () =>
    ({ level, log }) => {
      if (!logger) return;
      // One line per entry: kafkajs adds the error's stack to retry entries (a dozen stack traces for a closed port).
      const { message, stack: _stack, ...rest } = log as typeof log & { stack?: unknown };
      if (level <= logLevel.ERROR) logger.error(rest, `kafka: ${message}`);
      else if (level === logLevel.WARN) logger.warn(rest, `kafka: ${message}`);
      else if (level === logLevel.INFO) logger.info(rest, `kafka: ${message}`);
      else logger.debug(rest, `kafka: ${message}`);
    };
}
