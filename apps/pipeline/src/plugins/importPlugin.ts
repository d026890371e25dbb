// Imports a plugin named in config.yaml: a package (resolved from the config's directory, then from Skimmer's) or a
// .ts / .js file path, from any folder and any package type (pluginLoaderHooks.mjs says how).

import { existsSync } from 'node:fs';
import { createRequire, register as registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SkimmerPlugin } from '@skimmer/core';
import { register as registerTsx } from 'tsx/esm/api';
import { configErrorAt, type ConfigSite } from '../config/configIssues.ts';

/** Thread-wide marks (worker threads import plugins too): tsx is registered by the worker bootstrap and the bins' source mode. */
const TSX_REGISTERED = Symbol.for('skimmer.tsxRegistered');
const PLUGIN_HOOKS_REGISTERED = Symbol.for('skimmer.pluginLoaderHooksRegistered');

/**
 * Registers, once per thread, tsx (users' .ts plugins; from src/ it is already registered) and then the plugin loader
 * hooks, which run before tsx: @skimmer/* from the CLI's install as a fallback, and ESM .ts files in CommonJS packages.
 */
function registerPluginLoaders(): void {
  const marks = globalThis as Record<symbol, unknown>;
  if (!marks[TSX_REGISTERED] && !import.meta.url.endsWith('.ts')) {
    registerTsx();
    marks[TSX_REGISTERED] = true;
  }
  if (!marks[PLUGIN_HOOKS_REGISTERED]) {
    registerHooks(new URL('./pluginLoaderHooks.mjs', import.meta.url), { data: { cliParentUrl: import.meta.url } });
    marks[PLUGIN_HOOKS_REGISTERED] = true;
  }
}

/** True when the name is a file path rather than a package name. */
function isFilePath(name: string): boolean {
  return name.startsWith('.') || path.isAbsolute(name) || /\.(m?[jt]s|cjs|cts)$/.test(name);
}

/** The module URL of a package, looked up from the config's directory first (a user's own npm dependency). */
function resolvePackage(name: string, baseDir: string): string {
  try {
    return pathToFileURL(createRequire(path.join(baseDir, 'config.yaml')).resolve(name)).href;
  } catch {
    return name; // let Node resolve it from Skimmer's own node_modules (workspace packages)
  }
}

function isModuleNotFound(error: unknown, name: string): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(name);
}

/**
 * Imports the plugin `name` and returns its export (`default`, else `plugin`). A missing package or file, or a module
 * that exports no plugin, is a ConfigError on `site` (e.g. `config.yaml: plugins[1]: cannot find plugin package "x"`).
 *
 * @example
 * const plugin = await importPlugin('./plugins/codeLfs.ts', '/home/me/project', { file: 'config.yaml', path: ['plugins', 2] });
 */
export async function importPlugin(name: string, baseDir: string, site: ConfigSite): Promise<SkimmerPlugin<unknown>> {
  let mod: Record<string, unknown>;
  if (isFilePath(name)) {
    const file = path.resolve(baseDir, name);
    if (!existsSync(file)) throw configErrorAt(site, [], `plugin file not found: ${file}`);
    registerPluginLoaders();
    mod = await import(pathToFileURL(file).href);
  } else {
    try {
      mod = await import(resolvePackage(name, baseDir));
    } catch (error) {
      if (isModuleNotFound(error, name)) throw configErrorAt(site, [], `cannot find plugin package "${name}" (install it, or give a path to a .ts / .js file)`);
      throw error;
    }
  }
  const plugin = (mod.default ?? mod.plugin) as Partial<SkimmerPlugin<unknown>> | undefined;
  if (!plugin || typeof plugin.register !== 'function' || typeof plugin.name !== 'string') {
    throw configErrorAt(site, [], `"${name}" does not export a plugin (expected \`export default definePlugin({ name, register })\`)`);
  }
  return plugin as SkimmerPlugin<unknown>;
}
