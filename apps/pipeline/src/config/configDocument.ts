// Reads config.yaml the one way every command does: the file, YAML with line numbers, `${VAR}` expansion, and sections validated with file, path and line.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@skimmer/core';
import type { ZodType } from 'zod';
import { parseConfigValue, type ConfigSite } from './configIssues.ts';
import { expandEnv } from './expandEnv.ts';
import { parseLocatedYaml, type LocatedYaml } from './yamlLocation.ts';

/** A config file read and parsed, not yet validated: what every command starts from. */
export interface ConfigDocument {
  /** The config path as the user gave it (used in messages). */
  readonly file: string;
  /** Directory of the config file: relative paths resolve against it. */
  readonly baseDir: string;
  readonly located: LocatedYaml;
  /** The YAML as written, before `${VAR}` expansion (what `redactSecrets` keeps variable names from). */
  readonly raw: unknown;
  /** The YAML after `${VAR}` expansion. */
  readonly value: Record<string, unknown>;
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

/**
 * Reads `file`; a missing file, bad YAML or an unset `${VAR}` is a one-line ConfigError naming the file.
 *
 * @example
 * const doc = await readConfigDocument('examples/youtube-spam/config.yaml');
 * doc.value.labels; // ['ham', 'spam']
 */
export async function readConfigDocument(file: string): Promise<ConfigDocument> {
  const { located, value } = parseYamlText(file, await readConfigText(file));
  let expanded: unknown;
  try {
    expanded = expandEnv(value);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    error.message = `${file}: ${error.message}`;
    throw error;
  }
  if (expanded === null || typeof expanded !== 'object' || Array.isArray(expanded)) {
    throw new ConfigError('', `${file}: expected a mapping of sections (labels:, data:, …) at the top level`, { file });
  }
  return { file, baseDir: path.dirname(path.resolve(file)), located, raw: value, value: expanded as Record<string, unknown> };
}

/** Where a section sits in the document, for errors with its line. */
export function siteOf(doc: ConfigDocument, sectionPath: readonly PropertyKey[] = []): ConfigSite {
  return { file: doc.file, located: doc.located, path: sectionPath };
}

/**
 * One section validated by `schema` (an absent section is validated as `{}` when `orEmpty`); the first issue is a
 * ConfigError naming the file, the YAML path and its line.
 *
 * @example
 * const serve = configSection(doc, serveConfigSchema, 'serve');
 */
export function configSection<T>(doc: ConfigDocument, schema: ZodType<T>, key: string, orEmpty = true): T {
  const value = doc.value[key];
  return parseConfigValue(schema, value === undefined && orEmpty ? {} : value, siteOf(doc, [key]));
}
