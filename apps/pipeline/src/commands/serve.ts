// `pipeline serve config.yaml`: serves the classification API (and the dashboard when a store is configured) until SIGINT/SIGTERM.

import { ClassifierError, ConfigError, type Store } from '@skimmer/core';
import type { ConfigDocument } from '../config/configDocument.ts';
import { configSection } from '../config/configDocument.ts';
import { logLevelIn } from '../cliArgs.ts';
import { UsageError } from '../usageError.ts';
import { loadProject, storeOf } from '../project/loadProject.ts';
import { describesStore, storeConfigOf } from '../runStore.ts';
import { servingOf } from '../project/pluginProvider.ts';

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

/**
 * The error of a server that found no model to serve: when the model is the latest run's (the default) and the config
 * has no `classifier:` section, the missing section is what to fix, a config error (exit 2) as `pipeline train` says.
 */
function noModelError(error: unknown, doc: ConfigDocument, serve: unknown): unknown {
  const latestRun = (serve as { model?: { latestRun?: unknown } }).model?.latestRun === true;
  if (
    !(error instanceof ClassifierError) ||
    !latestRun ||
    doc.value.classifier !== undefined ||
    !/^no succeeded run with a trained classifier/.test(error.message)
  )
    return error;
  return new ConfigError(
    '',
    `${doc.file}: classifier: nothing to serve: serve.model is the latest run's classifier, the store holds none, and the config has no \`classifier:\` section (add e.g. \`classifier: { type: linear }\` with the '@skimmer/plugins-linear' plugin and \`pipeline run\` it, or set serve.model to a run id or a dir)`,
    { path: 'classifier', file: doc.file },
  );
}

/** Runs the server; `--port N` overrides serve.port. Returns the exit code. */
export async function serveCommand(argv: readonly string[]): Promise<number> {
  const file = configFileArg(argv, 'serve', ['--port']);
  if (!file) throw new UsageError('usage: pipeline serve config.yaml [--port N]');
  let store: Store | undefined;
  try {
    // The listed plugins are loaded: a classifier plugin's saved model loads through its factory, a serving plugin serves.
    const project = await loadProject(file);
    const { doc } = project;
    const serving = await servingOf(project);
    const serve = configSection(doc, serving.serveSchema, 'serve');
    for (const warning of serving.warnings(serve)) console.error(`pipeline serve: ${warning}`);
    // The project's store when the config describes one, or its default store when serving needs one (`kind: embedded` shares it between processes).
    store = describesStore(storeConfigOf(project)) || serving.needsStore(serve) ? await storeOf(project) : undefined;
    const port = flag(argv, '--port');
    const classifiers = [...project.registry.classifiers.values()];
    const logLevel = logLevelIn(argv);
    const server = await serving
      .startServer(serve, { baseDir: doc.baseDir, store, classifiers, port: port === undefined ? undefined : Number(port), logLevel })
      .catch((error: unknown) => Promise.reject(noModelError(error, doc, serve)));
    await untilSignal();
    await server.close();
    return 0;
  } finally {
    await store?.close();
  }
}
