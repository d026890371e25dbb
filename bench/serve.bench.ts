// Benchmark: autocannon against the classification API (single texts, batches of 32) and a bare fastify handler, loopback only.
// Usage: npm run bench:serve -- [--json] [--duration 10]; the servers run in a child process; the last line is one JSON object.

import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { LinearClassifier } from '@skimmer/plugins-linear';
import { ModelSlot, SERVING_FACTORIES, createServeApp, loadModel } from '@skimmer/plugins-serve';
import { oneHot, readCrisis } from '../test-support/crisislexData.ts';

const KEY = 'bench-key-0123456789abcdef';
const CONNECTIONS = 10;

interface Ports {
  api: number;
  baseline: number;
  dir: string;
}

/** Child process: trains the model on Sandy tweets, starts the API and the bare handler, reports their ports. */
async function runServers(): Promise<void> {
  const sandy = readCrisis('2012_Sandy_Hurricane');
  const clf = new LinearClassifier({ classNames: ['off-topic', 'on-topic'] });
  await clf.fit(sandy.texts, oneHot(sandy.labels, 2), { seed: 1 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-serve-bench-'));
  await clf.save(dir);
  const load = () => loadModel({ dir }, { factories: SERVING_FACTORIES });
  const api = await createServeApp({ slot: new ModelSlot(await load()), loadModel: load, apiKeys: [KEY] });
  const baseline = Fastify();
  baseline.post('/v1/classify', async () => ({ label: 'on-topic' }));
  await api.listen({ host: '127.0.0.1', port: 0 });
  await baseline.listen({ host: '127.0.0.1', port: 0 });
  const port = (app: { server: { address(): unknown } }): number => (app.server.address() as { port: number }).port;
  process.send?.({ api: port(api), baseline: port(baseline), dir } satisfies Ports);
  process.on('disconnect', () => process.exit(0));
}

function startServers(): Promise<{ child: ChildProcess; ports: Ports }> {
  const child = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (ports) => resolve({ child, ports: ports as Ports }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

async function hammer(port: number, bodies: string[], duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    requests: bodies.map((body) => ({ method: 'POST', path: '/v1/classify', body })),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
  });
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const at = process.argv.indexOf('--duration');
  const duration = at >= 0 ? Number(process.argv[at + 1]) : 10;
  const texts = readCrisis('2013_Oklahoma_Tornado').texts;
  const singles = texts.slice(0, 200).map((text) => JSON.stringify({ text }));
  const batches = Array.from({ length: 50 }, (_, b) => JSON.stringify({ texts: texts.slice(b * 32, b * 32 + 32) }));
  const { child, ports } = await startServers();
  try {
    // Warm-up (JIT, connection pools), not measured.
    await hammer(ports.baseline, singles, 1);
    await hammer(ports.api, singles, 1);
    await hammer(ports.api, batches, 1);
    const baseline = await hammer(ports.baseline, singles, duration);
    const single = await hammer(ports.api, singles, duration);
    const batch32 = await hammer(ports.api, batches, duration);
    for (const [name, r] of [
      ['baseline', baseline],
      ['single', single],
      ['batch32', batch32],
    ] as const) {
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
    }
    const result = {
      connections: CONNECTIONS,
      duration_s: duration,
      single_rps: Math.round(single.requests.average),
      single_p50_ms: single.latency.p50,
      single_p99_ms: single.latency.p99,
      batch32_rps: Math.round(batch32.requests.average),
      batch32_texts_per_s: Math.round(batch32.requests.average * 32),
      batch32_p99_ms: batch32.latency.p99,
      baseline_rps: Math.round(baseline.requests.average),
      baseline_p99_ms: baseline.latency.p99,
    };
    if (!json)
      console.log(
        `single ${result.single_rps} req/s (p50 ${result.single_p50_ms} ms, p99 ${result.single_p99_ms} ms); batch32 ${result.batch32_rps} req/s; bare fastify ${result.baseline_rps} req/s`,
      );
    console.log(JSON.stringify(result));
  } finally {
    child.disconnect();
    await rm(ports.dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--server')) await runServers();
else await main();
