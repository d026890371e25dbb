// `pipeline serve config.yaml`: serves the classification API (and the dashboard when a store is configured) until SIGINT/SIGTERM.

import path from 'node:path';
import type { Store } from '@skimmer/core';
import { configSection, readConfigDocument, type ConfigDocument } from '../config/configDocument.ts';
import { UsageError } from '../usageError.ts';
import { openConfiguredStore, type StoreSettings } from '../runStore.ts';
import {
  ModelSlot,
  SERVING_FACTORIES,
  createServeApp,
  loadModel,
  registerDashboardRoutes,
  relevantIndex,
  resolveApiKeys,
  serveConfigSchema,
  type ModelRef,
} from '@skimmer/plugins-serve';

/** A model directory in the config is relative to the config file. */
export function resolveModelRef(ref: ModelRef, baseDir: string): ModelRef {
  return 'dir' in ref ? { dir: path.resolve(baseDir, ref.dir) } : ref;
}

/** Reads config.yaml the one way every command does (`${VAR}` expansion, errors with file, path and line). */
export async function readDeployConfig(file: string): Promise<{ config: Record<string, unknown>; baseDir: string; doc: ConfigDocument }> {
  const doc = await readConfigDocument(file);
  return { config: doc.value, baseDir: doc.baseDir, doc };
}

/** Opens the store of `store:` (or the default one when `needed`); undefined when neither. Use `kind: embedded` to share it between processes. */
export async function openDeployStore(config: Record<string, unknown>, baseDir: string, needed: boolean): Promise<Store | undefined> {
  if (config.store === undefined && !needed) return undefined;
  return openConfiguredStore(config.store as StoreSettings | undefined, baseDir);
}

/** Flags every command takes with a value (the CLI-wide ones). */
const GLOBAL_FLAGS_WITH_VALUE = ['--log-level'];

/**
 * The config path among the arguments: the first that is neither a flag, nor the value of one of `flagsWithValue`
 * or of a CLI-wide flag (`--log-level`), nor the command's name.
 */
export function configFileArg(argv: readonly string[], command: string, flagsWithValue: readonly string[]): string | undefined {
  const args = argv[0] === command ? argv.slice(1) : argv;
  const withValue = [...flagsWithValue, ...GLOBAL_FLAGS_WITH_VALUE];
  return args.find((a, i) => !a.startsWith('--') && !withValue.includes(args[i - 1]));
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Resolves when the process is asked to stop. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
}

/** Runs the server; `--port N` overrides serve.port. Returns the exit code. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  const file = configFileArg(argv, 'serve', ['--port']);
  if (!file) throw new UsageError('usage: pipeline serve config.yaml [--port N]');
  let store: Store | undefined;
  try {
    const { config, baseDir, doc } = await readDeployConfig(file);
    const serve = configSection(doc, serveConfigSchema, 'serve');
    const apiKeys = resolveApiKeys(serve);
    if (apiKeys.length === 0) console.error(`pipeline serve: no API keys (serve.apiKeys or $${serve.apiKeysEnv}): every protected route answers 401`);
    const ref = resolveModelRef(serve.model, baseDir);
    store = await openDeployStore(config, baseDir, !('dir' in ref));
    const load = (override?: ModelRef) => loadModel(override ?? ref, { factories: SERVING_FACTORIES, runs: store?.runs, expectClassNames: serve.classNames });
    const slot = new ModelSlot(await load());
    const dashboardStore = store;
    const app = await createServeApp({
      slot,
      loadModel: load,
      apiKeys,
      bodyLimitBytes: serve.bodyLimitBytes,
      limits: { maxBatch: serve.maxBatch, maxTextLength: serve.maxTextLength },
      ready: dashboardStore ? () => dashboardStore.dashboard.ping() : undefined,
      extraRoutes: dashboardStore
        ? (app) =>
            registerDashboardRoutes(app, {
              dashboard: dashboardStore.dashboard,
              relevantLabel: () => relevantIndex(slot.current().classifier.classNames, serve.relevantLabel),
            })
        : undefined,
      logger: { level: 'info' },
      server: serve,
    });
    const port = Number(flag(argv, '--port') ?? serve.port);
    await app.listen({ host: serve.host, port });
    await untilSignal();
    await app.close();
    return 0;
  } finally {
    await store?.close();
  }
}
