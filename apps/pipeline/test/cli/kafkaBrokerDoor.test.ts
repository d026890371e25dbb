// A Kafka broker address written without its port is found at the door by the spawned `pipeline` bin: one line naming
// the file, the YAML path and the line, exit 2, before any connection is tried.

import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cliProcess.ts';
import { configFolder } from '../configFiles.ts';

const { config } = configFolder('skimmer-broker-door-');

const ingest = (brokers: string): string => `store: { dataDir: "memory://" }
ingest:
  source: { type: replay, files: [stream.jsonl], speed: 0 }
  bus:
    type: kafka
    brokers: ${brokers}
`;

describe('ingest.bus.brokers: each is host:port', () => {
  test('a broker without a port, or with one out of range, names its index, what was written and its line', async () => {
    const noPort = config('no-port.yaml', ingest('[localhost]'));
    const badPort = config('bad-port.yaml', ingest('\n      - "[::1]:9092"\n      - broker-2:99999'));
    const [a, b] = await Promise.all([noPort, badPort].map((file) => runCli(['ingest', file, '--log-level', 'silent'])));
    expect({ code: a!.code, lines: a!.stderr.trimEnd().split('\n') }).toEqual({
      code: 2,
      lines: [`pipeline: ${noPort}: ingest.bus.brokers[0]: expected host:port, got "localhost" (line 6)`],
    });
    expect({ code: b!.code, lines: b!.stderr.trimEnd().split('\n') }).toEqual({
      code: 2,
      lines: [`pipeline: ${badPort}: ingest.bus.brokers[1]: expected host:port, got "broker-2:99999" (line 8)`],
    });
  });
});
