// The ingest benchmark's collector process: once loaded it prints {"ready":true} and waits for a line on stdin, then
// replays one recorded file into a Kafka topic and prints one JSON line when done.
// Usage (spawned by bench/ingest.bench.ts): tsx bench/ingestProducer.ts <file> <topic> <brokers> <batch> <none|gzip|snappy|lz4|zstd> [kafkajs|kafkajs-fork|platformatic]

import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { pumpSource } from '@skimmer/core';
import type { Bus, BusRecord } from '@skimmer/core';
import { replaySource } from '@skimmer/plugins-replay';
import { createKafkaBus } from '@skimmer/plugins-kafka';
import type { KafkaBusClient, KafkaBusOptions } from '@skimmer/plugins-kafka';

const [file, topic, brokers, batch, compression, client = 'kafkajs-fork'] = process.argv.slice(2);
const kafka = createKafkaBus({ brokers: brokers.split(','), compression: compression as KafkaBusOptions['compression'], client: client as KafkaBusClient });
let produceMs = 0;
const bus: Pick<Bus, 'produce'> = {
  async produce(t: string, records: readonly BusRecord[]) {
    const t0 = performance.now();
    await kafka.produce(t, records);
    produceMs += performance.now() - t0;
  },
};
console.log(JSON.stringify({ ready: true }));
// "go" arrives on stdin; stdin ending first means the benchmark is gone: leave without producing.
const told = await Promise.race([once(process.stdin, 'data').then(() => true), once(process.stdin, 'end').then(() => false)]);
if (!told) {
  await kafka.close();
  process.exit(1);
}
const cpuAtGo = process.cpuUsage();
try {
  const { produced } = await pumpSource(replaySource({ files: [file] }), bus as Bus, topic, { batchSize: Number(batch) });
  console.log(
    JSON.stringify({
      produced,
      produce_busy_s: Number((produceMs / 1000).toFixed(2)),
      cpu_s: Number(((process.cpuUsage(cpuAtGo).user + process.cpuUsage(cpuAtGo).system) / 1e6).toFixed(2)),
    }),
  );
} finally {
  await kafka.close();
}
