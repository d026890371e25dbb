// Loads config.yaml once: parses it (with line numbers), expands ${VAR}s, validates every section, loads the plugins and checks each LF entry.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@skimmer/core';
import type { Logger } from '@skimmer/core';
import { loadPlugins, type PluginRegistry } from '../plugins/pluginRegistry.ts';
import { configErrorAt, parseConfigValue, type ConfigSite } from './configIssues.ts';
import { checkLabelsAndLfs } from './configConsistency.ts';
import { expandEnv } from './expandEnv.ts';
import { checkLabelModelOptions } from './labelModelOptions.ts';
import { pipelineConfigSchema, SPLIT_NAMES, type LabelModelEntry, type PipelineConfig } from './pipelineConfigSchema.ts';
import { parseLocatedYaml, type LocatedYaml } from './yamlLocation.ts';

/** A validated config with its plugins loaded. */
export interface LoadedConfig {
  /** The config path as the user gave it (used in messages). */
  readonly file: string;
  /** Directory of the config file: relative paths resolve against it. */
  readonly baseDir: string;
  readonly config: PipelineConfig;
  /** The YAML as written, before `${VAR}` expansion: what `redactSecrets` keeps variable names from. */
  readonly raw: unknown;
  readonly registry: PluginRegistry;
  /** `lfs` entries after their provider's schema (defaults filled in), in config order. */
  readonly lfEntries: readonly unknown[];
  readonly labelModels: readonly LabelModelEntry[];
}

async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError('', `${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(error)})`}`, { file });
  }
}

/** Aliases a config may expand: far more than any real config uses, far fewer than a "billion laughs" needs. */
const MAX_YAML_ALIASES = 100;

function parseYamlText(file: string, text: string): { located: LocatedYaml; value: unknown } {
  const located = parseLocatedYaml(text);
  const [first] = located.doc.errors;
  if (first) {
    // without prettyErrors the parser gives offsets only: the line comes from the line counter
    const line = first.linePos?.[0]?.line ?? (first.pos ? located.lineCounter.linePos(first.pos[0]).line : undefined);
    throw new ConfigError('', `${file}: invalid YAML${line ? ` at line ${line}` : ''}: ${first.message.split('\n')[0]}`, { file, line });
  }
  try {
    return { located, value: located.doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {} };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    throw new ConfigError('', `${file}: YAML aliases expand too far (${err.message}); a config needs no more than ${MAX_YAML_ALIASES} alias expansions`, {
      file,
    });
  }
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

/**
 * Reads and validates `file`; every error is a one-line ConfigError naming the file, the YAML path and the line.
 *
 * @example
 * const loaded = await loadConfig('examples/youtube-spam/config.yaml', logger);
 * loaded.config.labels; // ['ham', 'spam']
 */
export async function loadConfig(file: string, logger: Logger): Promise<LoadedConfig> {
  const baseDir = path.dirname(path.resolve(file));
  const { located, value } = parseYamlText(file, await readConfigText(file));
  const site: ConfigSite = { file, located, path: [] };
  const config = parseConfigValue(pipelineConfigSchema, expandEnv(value), site);
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
  const labelModels = Array.isArray(config.labelModel) ? config.labelModel : [config.labelModel];
  await checkLabelModelOptions(
    labelModels,
    (relative, message) => configErrorAt(site, Array.isArray(config.labelModel) ? ['labelModel', ...relative] : ['labelModel', ...relative.slice(1)], message),
    config.data,
  );
  if (config.classifier && !registry.classifiers.has(config.classifier.type)) {
    const known = [...registry.classifiers.keys()].join(', ') || 'none: list a classifier plugin under `plugins:`';
    throw configErrorAt(site, ['classifier', 'type'], `unknown classifier type "${config.classifier.type}" (known types: ${known})`);
  }
  return { file, baseDir, config, raw: value, registry, lfEntries, labelModels };
}
