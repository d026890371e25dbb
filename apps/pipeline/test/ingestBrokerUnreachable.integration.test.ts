// Specification of `pipeline ingest` on a Kafka bus whose brokers never answer: it stops by --duration with one line
// naming ingest.bus.brokers and the brokers tried (exit 1), one warning and no Kafka client retries.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { Logger } from '@skimmer/core';
import { ingestCommand } from '../src/commands/ingest.ts';
import { exitCodeOf } from '../src/exitCodes.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-broker-unreachable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a closed broker port ends the collector by --duration with one line naming ingest.bus.brokers', { timeout: 30_000 }, async () => {
  const port = await closedPort();
  const file = path.join(dir, 'bad.yaml');
  writeFileSync(
    file,
    `plugins: ['@skimmer/plugins-bluesky']\ningest:\n  source: { type: bluesky, endpoint: 'ws://127.0.0.1:${port}/subscribe' }\n  bus: { type: kafka, brokers: ['127.0.0.1:${port}'] }\n  topic: unreachable\n`,
  );
  const lines: Array<[string, string]> = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (_o: unknown, msg?: string) => lines.push(['warn', String(msg)]),
    error: (_o: unknown, msg?: string) => lines.push(['error', String(msg)]),
  } as Logger;
  const started = Date.now();
  const error = await ingestCommand([file, '--role', 'collect', '--duration', '2s'], logger).then(
    () => null,
    (err: unknown) => err as Error,
  );
  const ms = Date.now() - started;
  expect(error?.message).toBe(`ingest.bus.brokers: no Kafka broker answered within 2000 ms: tried 127.0.0.1:${port} (ECONNREFUSED)`);
  expect(exitCodeOf(error)).toBe(1);
  expect(lines).toEqual([['warn', `kafka: no broker answered yet (127.0.0.1:${port} (ECONNREFUSED)); trying again every 500 ms`]]);
  expect(ms).toBeGreaterThanOrEqual(1_500);
  expect(ms).toBeLessThan(10_000);
});
