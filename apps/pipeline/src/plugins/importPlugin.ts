// Imports a plugin named in config.yaml: a package (resolved from the config's directory, then from Skimmer's) or a
// .ts / .js file path, from any folder and any package type (pluginLoaderHooks.mjs says how).

import { existsSync } from 'node:fs';
import { createRequire, register as registerHooks } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

/** The cause of a failed import as one line: esbuild's "Transform failed with 1 error:" header and Node's require stack left out. */
function causeLine(error: unknown): string {
  const lines = String((error as Error | null)?.message ?? error)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Transform failed with \d+ errors?:$/.test(line));
  const stackAt = lines.indexOf('Require stack:');
  const kept = stackAt >= 0 ? lines.slice(0, stackAt) : lines;
  const hint = /^Cannot find module '@skimmer\//.test(kept[0] ?? '')
    ? ' (a CommonJS plugin cannot require @skimmer/* from outside Skimmer: write it as an ES module with import, or install the package beside it)'
    : '';
  return `${kept.join(' ')}${hint}`;
}

/**
 * Where a plugin's SyntaxError is: Node names a CommonJS file's line only in the first stack line (`/abs/lfs.cjs:2`),
 * so that becomes `/abs/lfs.cjs:2`; a syntax error Node gives no line for says so (the `(line N)` at the end of the
 * message is config.yaml's, not the plugin's); any other error is just the file.
 */
function syntaxErrorSite(error: unknown, shown: string): string {
  if ((error as Error | null)?.name !== 'SyntaxError') return shown;
  const at = /^(.+):(\d+)$/.exec(String((error as Error).stack ?? '').split('\n')[0] ?? '');
  if (!at) return `${shown}: syntax error, at a line Node does not report`;
  const file = at[1]!.startsWith('file://') ? fileURLToPath(at[1]!) : at[1]!;
  return `${file}:${at[2]}`;
}

/** A plugin module that exists but cannot be loaded (a syntax error, a missing import, a throw at load) is a ConfigError on its entry. */
async function importOrConfigError(url: string, shown: string, site: ConfigSite): Promise<Record<string, unknown>> {
  try {
    return await import(url);
  } catch (error) {
    const cause = causeLine(error);
    // esbuild's message starts with the file and the position of the syntax error: the file is not named twice
    const located = cause.startsWith(`${shown}:`) ? cause : `${syntaxErrorSite(error, shown)}: ${cause}`;
    const configError = configErrorAt(site, [], `cannot load plugin ${located}`);
    configError.cause = error;
    throw configError;
  }
}

/**
 * Imports the plugin `name` and returns its export (`default`, else `plugin`). A missing package or file, a module that
 * cannot be loaded, or one that exports no plugin, is a ConfigError on `site` (e.g. `config.yaml: plugins[1]: cannot find plugin package "x"`).
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
    mod = await importOrConfigError(pathToFileURL(file).href, file, site);
  } else {
    try {
      mod = await import(resolvePackage(name, baseDir));
    } catch (error) {
      if (isModuleNotFound(error, name)) throw configErrorAt(site, [], `cannot find plugin package "${name}" (install it, or give a path to a .ts / .js file)`);
      const configError = configErrorAt(site, [], `cannot load plugin package "${name}": ${causeLine(error)}`);
      configError.cause = error;
      throw configError;
    }
  }
  const plugin = (mod.default ?? mod.plugin) as Partial<SkimmerPlugin<unknown>> | undefined;
  if (!plugin || typeof plugin.register !== 'function' || typeof plugin.name !== 'string') {
    throw configErrorAt(site, [], `"${name}" does not export a plugin (expected \`export default definePlugin({ name, register })\`)`);
  }
  return plugin as SkimmerPlugin<unknown>;
}
