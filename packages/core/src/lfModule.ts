// Loads labeling functions from a module by path, so worker threads (which cannot receive closures) can build their own copies.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './errors.ts';
import type { LabelingFunction } from './labelingFunction.ts';

/**
 * Where to find labeling functions: a module whose export (`exportName`, else `default`, else `lfs`)
 * is an array of LFs or a factory `() => LF[]` (sync or async).
 */
export interface LFModuleSpec {
  /** Absolute path or `file:` URL of the module (.ts modules load through tsx). */
  readonly module: string;
  readonly exportName?: string;
}

/** The `file:` URL of the spec's module; relative paths are refused since a worker's working directory is not the caller's concern. */
export function lfModuleUrl(spec: LFModuleSpec): string {
  if (spec.module.startsWith('file:')) return spec.module;
  if (path.isAbsolute(spec.module)) return pathToFileURL(spec.module).href;
  throw new ConfigError('module', `LF module "${spec.module}" must be an absolute path or a file: URL`, { module: spec.module });
}

/**
 * Imports the spec's module and returns its labeling functions.
 *
 * @example
 * const lfs = await loadLabelingFunctions({ module: '/abs/path/spamLfs.ts' }); // `export const lfs = [...]`
 */
export async function loadLabelingFunctions(spec: LFModuleSpec): Promise<LabelingFunction[]> {
  const url = lfModuleUrl(spec);
  const mod = (await import(url)) as Record<string, unknown>;
  const exportName = spec.exportName ?? ('default' in mod && mod.default !== undefined ? 'default' : 'lfs');
  let value = mod[exportName];
  if (typeof value === 'function') value = await (value as () => unknown)();
  if (!Array.isArray(value)) {
    throw new ConfigError('exportName', `LF module ${url}: export "${exportName}" is not an array of labeling functions or a factory returning one`, {
      module: url,
      exportName,
    });
  }
  value.forEach((lf, j) => {
    const ok =
      typeof lf === 'object' && lf !== null && typeof (lf as LabelingFunction).name === 'string' && typeof (lf as LabelingFunction).apply === 'function';
    if (!ok) throw new ConfigError(`${exportName}[${j}]`, `LF module ${url}: entry ${j} is not a labeling function`, { module: url, exportName, index: j });
  });
  return value as LabelingFunction[];
}
