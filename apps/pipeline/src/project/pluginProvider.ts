// Resolves a provider that a plugin registers (dataset files, serving): a listed plugin's, else the default plugin's, loaded by package name once per process.

import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import { providerOfPlugin, TOKENS } from '@skimmer/core';
import type { DatasetProvider, ServingProvider } from '@skimmer/core';
import { createLogger } from '../logger.ts';
import { importPlugin } from '../plugins/importPlugin.ts';
import { defaultPluginsFor, type ProvidedKind } from './defaultPlugins.ts';
import type { Project } from './loadProject.ts';

const defaults = new Map<symbol, Promise<unknown>>();

async function loadDefault<T>(kind: ProvidedKind, token: symbol): Promise<T> {
  const [name] = defaultPluginsFor([kind]);
  const baseDir = process.cwd();
  const plugin = await importPlugin(name, baseDir, { file: name, path: ['plugins'] });
  return providerOfPlugin<T>(plugin, token, { parent: rootContainer.createChildContainer(), logger: createLogger('warn'), baseDir });
}

/**
 * The provider under `token`: the last listed plugin of `project` that registered one, else the one the default plugin
 * of `kind` registers (imported by name, never statically, and kept for the process).
 *
 * @example
 * const datasets = await pluginProvider<DatasetProvider>('dataset', TOKENS.DatasetProvider);
 */
export async function pluginProvider<T>(kind: ProvidedKind, token: symbol, project?: Project): Promise<T> {
  const listed = [...(project?.registry.plugins ?? [])].reverse().find((plugin) => plugin.container.isRegistered(token));
  if (listed) return listed.container.resolveAll<T>(token).at(-1)!;
  let loading = defaults.get(token);
  if (!loading) {
    loading = loadDefault<T>(kind, token);
    defaults.set(token, loading);
    loading.catch(() => defaults.delete(token));
  }
  return loading as Promise<T>;
}

/** Reads, writes and describes dataset files (default @skimmer/plugins-datasets). */
export function datasetsOf(project?: Project): Promise<DatasetProvider> {
  return pluginProvider<DatasetProvider>('dataset', TOKENS.DatasetProvider, project);
}

/** Starts the API and loads stream models (default @skimmer/plugins-serve). */
export function servingOf(project?: Project): Promise<ServingProvider> {
  return pluginProvider<ServingProvider>('serving', TOKENS.ServingProvider, project);
}
