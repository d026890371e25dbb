// The error of an idle pooled connection: the embedded server's own shutdown is not logged as a failure, anything else is.

import { expect, test } from 'vitest';
import type { Logger } from '@skimmer/core';
import { logIdleConnectionError } from '../src/openStore.ts';

/** A logger that records [level, fields, message]. */
function recording(): { logger: Logger; lines: unknown[][] } {
  const lines: unknown[][] = [];
  const at =
    (level: string) =>
    (fields: unknown, message?: string): void =>
      void lines.push([level, fields, message]);
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as Logger, lines };
}

const shutdown = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

test('the embedded server ending its idle connections as it stops is a debug line; a server shutdown or another error is a warning', () => {
  const { logger, lines } = recording();
  logIdleConnectionError('embedded', shutdown(), logger);
  logIdleConnectionError('server', shutdown(), logger);
  logIdleConnectionError('embedded', new Error('Connection terminated unexpectedly'), logger);
  expect(lines).toEqual([
    ['debug', { code: '57P01' }, 'idle Postgres connection ended: the embedded server stopped'],
    ['warn', { err: 'terminating connection due to administrator command', code: '57P01' }, 'idle Postgres connection failed'],
    ['warn', { err: 'Connection terminated unexpectedly' }, 'idle Postgres connection failed'],
  ]);
});
