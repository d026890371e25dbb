// The LF module that worker threads import for parallel application: rebuilds a config's LFs from `?config=<absolute path>` in its URL.

import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '@skimmer/core';
import type { LabelingFunction, LFModuleSpec } from '@skimmer/core';
import { loadConfig } from '../config/loadConfig.ts';
import { loadRunData } from '../data/loadRunData.ts';
import { createLogger } from '../logger.ts';
import { buildLabelingFunctionsLazily } from './buildLabelingFunctions.ts';

/** The module spec that makes each worker rebuild the LFs of `configFile` (absolute path). */
export function configLFModuleSpec(configFile: string): LFModuleSpec {
  const url = new URL(import.meta.url);
  url.searchParams.set('config', pathToFileURL(configFile).href);
  return { module: url.href, exportName: 'default' };
}

/**
 * Builds the LFs of the config named in this module's URL. Providers that learn from data (clusters) see the
 * same train / dev files and seed as the main thread, so they build the same LFs; with a store dataset they see none.
 * Providers that read no data (keyword, regex) build without the files being read.
 */
export default async function configLabelingFunctions(): Promise<LabelingFunction[]> {
  const config = new URL(import.meta.url).searchParams.get('config');
  if (!config) throw new ConfigError('module', 'configLabelingFunctions must be imported with ?config=<file URL of config.yaml>');
  const logger = createLogger('warn');
  const loaded = await loadConfig(fileURLToPath(config), logger);
  const fromFiles = !('dataset' in loaded.config.data);
  // Only providers that learn from data (clusters) make the worker read the splits.
  return buildLabelingFunctionsLazily(loaded, logger, async () => (fromFiles ? loadRunData(loaded.config, loaded.baseDir, undefined) : new Map()));
}
