// Throwaway Kafka brokers of a test file's own (TLS + SASL, or a three-broker cluster), started by scripts/kafka/ on
// free ports with their data under .cache/, and stopped (data removed) when the file is done.

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../../test-support/testServices.ts';

/** Whether nothing listens on 127.0.0.1:`port`. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first of `count` consecutive free ports, from a random start in 30000..49999. */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = 30_000 + Math.floor(Math.random() * 20_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portFree(first + i)));
    if (free.every(Boolean)) return first;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/** A folder of its own under .cache/ for a broker's data, certificates and logs. */
export const brokerDir = (prefix: string): string => path.join(REPO_ROOT, '.cache', `${prefix}-${randomBytes(4).toString('hex')}`);

/** Stops the broker process `pid` (SIGKILL: its data is thrown away anyway) and removes `dir`. */
export function removeBroker(pid: number | undefined, dir: string): void {
  if (pid !== undefined) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

export interface SecureBroker {
  /** Mutual TLS listener (client certificate required). */
  ssl: string;
  /** SASL_SSL listener: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512. */
  saslSsl: string;
  ca: string;
  cert: string;
  key: string;
  pid: number;
  dir: string;
}

/** Starts scripts/kafka/start-secure-broker.sh with `env` holding SKIMMER_TEST_SCRAM_PASSWORD / SKIMMER_TEST_PLAIN_PASSWORD. */
export async function startSecureBroker(env: NodeJS.ProcessEnv): Promise<SecureBroker> {
  const dir = brokerDir('kafka-secure');
  const port = await freePorts(4);
  const out = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/kafka/start-secure-broker.sh'), dir, String(port)], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { ...(JSON.parse(out.trim().split('\n').at(-1)!) as Omit<SecureBroker, 'dir'>), dir };
}

export interface KafkaCluster {
  brokers: string[];
  pids: number[];
  dir: string;
}

/** Starts scripts/kafka/start-cluster.sh: three KRaft nodes, replication factor 3, min.insync.replicas 2. */
export async function startCluster(): Promise<KafkaCluster> {
  const dir = brokerDir('kafka-cluster');
  const port = await freePorts(6);
  const out = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/kafka/start-cluster.sh'), dir, String(port)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as KafkaCluster;
}

/** Starts node `n` (1..3) of `cluster` again with its own data, and returns its new pid. */
export function restartClusterNode(cluster: KafkaCluster, n: number): number {
  const node = path.join(cluster.dir, `node-${n}`);
  execFileSync('bash', [path.join(node, 'start.sh')], { stdio: 'ignore' });
  const pid = Number(readFileSync(path.join(node, 'kafka.pid'), 'utf8').trim());
  cluster.pids[n - 1] = pid;
  return pid;
}

/** Kills every node of `cluster` and removes its data. */
export function removeCluster(cluster: KafkaCluster | undefined): void {
  if (cluster === undefined) return;
  for (const pid of cluster.pids) removeBroker(pid, cluster.dir);
}
