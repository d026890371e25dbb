// Loads config.yaml once: parses it (with line numbers), expands ${VAR}s, validates every section, loads the plugins and checks each LF entry.

import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@skimmer/core';
import { loadPlugins, type PluginRegistry } from '../plugins/pluginRegistry.ts';
import { configErrorAt, parseConfigValue, type ConfigSite } from './configIssues.ts';
import { buildLabelingFunctionsLazily } from '../stages/buildLabelingFunctions.ts';
import { checkCodeLfNames, checkLabelsAndLfs, checkLfCount, lfsNeeded } from './configConsistency.ts';
import { readConfigDocument, siteOf } from './configDocument.ts';
import { checkLabelModelOptions } from './labelModelOptions.ts';
import type { LocatedYaml } from './yamlLocation.ts';
import { pipelineConfigSchema, SPLIT_NAMES, type LabelModelEntry, type PipelineConfig } from './pipelineConfigSchema.ts';

/** A validated config with its plugins loaded. */
export interface LoadedConfig {
  /** The config path as the user gave it (used in messages). */
  readonly file: string;
  /** Directory of the config file: relative paths resolve against it. */
  readonly baseDir: string;
  readonly config: PipelineConfig;
  /** Where each YAML path is in the file: later checks of a section (the store's options) name the line too. */
  readonly located?: LocatedYaml;
  /** The YAML as written, before `${VAR}` expansion: what `redactSecrets` keeps variable names from. */
  readonly raw: unknown;
  readonly registry: PluginRegistry;
  /** `lfs` entries after their provider's schema (defaults filled in), in config order. */
  readonly lfEntries: readonly unknown[];
  readonly labelModels: readonly LabelModelEntry[];
}

/** Fails at load when a data file named in `data` does not exist (the message names the YAML path and the file). */
function checkDataFiles(config: PipelineConfig, baseDir: string, site: ConfigSite): void {
  const data = config.data as Record<string, unknown>;
  if ('wrench' in data) {
    const dir = path.resolve(baseDir, String(data.wrench));
    if (!existsSync(dir)) throw configErrorAt(site, ['data', 'wrench'], `directory not found: ${dir}`);
    return;
  }
  for (const split of SPLIT_NAMES) {
    const entry = data[split] as { path: string | string[]; ids?: string } | undefined;
    if (!entry) continue;
    const paths = Array.isArray(entry.path) ? entry.path : [entry.path];
    paths.forEach((p, i) => {
      const file = path.resolve(baseDir, p);
      if (!existsSync(file))
        throw configErrorAt(site, Array.isArray(entry.path) ? ['data', split, 'path', i] : ['data', split, 'path'], `file not found: ${file}`);
    });
    if (entry.ids && !existsSync(path.resolve(baseDir, entry.ids))) {
      throw configErrorAt(site, ['data', split, 'ids'], `file not found: ${path.resolve(baseDir, entry.ids)}`);
    }
  }
}

/** Thrown to stop counting LFs: a provider builds its LFs from the data, which is not read at load. */
class CountNeedsData extends Error {}

/**
 * The LFs of the config counted without reading data (`yaml`: those the `lfs:` entries build, `code`: those plugins
 * register, given as `code`); undefined when a provider needs the data to build its LFs (clusters), so that the count is unknown.
 */
async function lfCountAtLoad(loaded: LoadedConfig, code: number, logger: Logger): Promise<{ yaml: number; code: number } | undefined> {
  try {
    const lfs = await buildLabelingFunctionsLazily(loaded, logger, () => Promise.reject(new CountNeedsData()));
    return { yaml: lfs.length - code, code };
  } catch (error) {
    if (error instanceof CountNeedsData) return undefined;
    throw error;
  }
}

/**
 * Reads and validates `file`; every error is a one-line ConfigError naming the file, the YAML path and the line.
 *
 * @example
 * const loaded = await loadConfig('examples/youtube-spam/config.yaml', logger);
 * loaded.config.labels; // ['ham', 'spam']
 */
export async function loadConfig(file: string, logger: Logger): Promise<LoadedConfig> {
  const doc = await readConfigDocument(file);
  const { baseDir, located, raw: value } = doc;
  const site: ConfigSite = siteOf(doc);
  const config = parseConfigValue(pipelineConfigSchema, doc.value, site);
  checkLabelsAndLfs(config.labels, config.lfs ?? [], site);
  checkDataFiles(config, baseDir, site);
  const registry = await loadPlugins(config.plugins ?? [], { file, located, baseDir, logger });
  const lfEntries = (config.lfs ?? []).map((entry, i) => {
    const provider = registry.lfProviders.get(entry.type);
    if (!provider) {
      const known = [...registry.lfProviders.keys()].join(', ') || 'none: list a plugin under `plugins:`';
      throw configErrorAt(site, ['lfs', i, 'type'], `unknown LF type "${entry.type}" (known types: ${known})`);
    }
    return parseConfigValue(provider.entrySchema, entry, { ...site, path: ['lfs', i] });
  });
  checkCodeLfNames(
    (config.lfs ?? []).map((entry) => entry.name),
    registry.codeLFs,
    config.plugins ?? [],
    site,
  );
  const labelModels = Array.isArray(config.labelModel) ? config.labelModel : [config.labelModel];
  const labelModelErrorAt = (relative: readonly PropertyKey[], message: string) =>
    configErrorAt(site, Array.isArray(config.labelModel) ? ['labelModel', ...relative] : ['labelModel', ...relative.slice(1)], message);
  await checkLabelModelOptions(labelModels, labelModelErrorAt, config.data);
  if (config.classifier && !registry.classifiers.has(config.classifier.type)) {
    const known = [...registry.classifiers.keys()].join(', ') || 'none: list a classifier plugin under `plugins:`';
    throw configErrorAt(site, ['classifier', 'type'], `unknown classifier type "${config.classifier.type}" (known types: ${known})`);
  }
  const loaded: LoadedConfig = { file, baseDir, config, located, raw: value, registry, lfEntries, labelModels };
  // a label model that needs more LFs than the config gives is refused here, not after the LFs ran on the data
  const types = labelModels.map((entry) => entry.type);
  const codeLfs = registry.codeLFs.reduce((n, plugin) => n + plugin.lfs.length, 0);
  if (lfEntries.length + codeLfs < lfsNeeded(types)) {
    const count = await lfCountAtLoad(loaded, codeLfs, logger);
    if (count) checkLfCount(types, count, labelModelErrorAt);
  }
  return loaded;
}
