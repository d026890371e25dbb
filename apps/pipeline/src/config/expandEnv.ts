// Expands `${VAR}` and `${VAR:-default}` references in config strings from the environment, naming the YAML path of an unset one.

import { ConfigError } from '@skimmer/core';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces every `${VAR}` (or `${VAR:-fallback}`) in the strings of a parsed YAML value; other values are kept.
 * An unset variable without a fallback is a {@link ConfigError} on the string's path.
 *
 * @example
 * expandEnv({ data: { path: '${DATA_DIR:-../datasets}/x.csv' } }, {}); // { data: { path: '../datasets/x.csv' } }
 */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv = process.env, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (_match, name: string, fallback: string | undefined) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(path, `environment variable ${name} is not set (write \${${name}:-default} to give a default)`, { variable: name });
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => expandEnv(item, env, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandEnv(item, env, path ? `${path}.${key}` : key)]));
  }
  return value;
}
