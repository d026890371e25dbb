// Converts zod validation issues into one-line ConfigErrors that name the file, the YAML path, the line and what was expected.

import { ConfigError } from '@skimmer/core';
import type { ZodError, ZodType } from 'zod';
import { formatConfigPath, lineOf, type LocatedYaml } from './yamlLocation.ts';

/** Where the validated value sits: the file (for messages), its parsed YAML (for lines) and the value's path in it. */
export interface ConfigSite {
  readonly file: string;
  readonly located?: LocatedYaml;
  readonly path: readonly PropertyKey[];
}

type Issue = ZodError['issues'][number];

/**
 * The one branch of a union the value's shape chose (`labelModel: { … }` is an entry, not a list): the branch whose
 * issues are not just "expected another type" at the union itself; undefined when none or several are.
 */
function chosenBranch(issue: Issue & { code: 'invalid_union' }): Issue | undefined {
  const candidates = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
  return candidates.length === 1 ? candidates[0][0] : undefined;
}

/** The user-facing wording of one zod issue (parsed with `reportInput`, so that a refused value can be quoted). */
function describeIssue(issue: Issue): { path: PropertyKey[]; message: string; atKey: boolean } {
  const path = [...issue.path];
  if (issue.code === 'invalid_union') {
    const branch = chosenBranch(issue);
    if (branch) return describeIssue({ ...branch, path: [...path, ...branch.path] });
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return { path: [...path, keys[0]], message: keys.length === 1 ? 'unknown key' : `unknown keys (${keys.join(', ')})`, atKey: true };
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    return { path, message: `required (expected ${issue.expected})`, atKey: false };
  }
  if (issue.code === 'invalid_value' && path.at(-1) === 'type' && typeof issue.input === 'string') {
    return { path, message: `unknown type ${JSON.stringify(issue.input)} (expected ${issue.values.map(String).join(', ')})`, atKey: false };
  }
  return { path, message: issue.message.replace(/^Invalid input: /, ''), atKey: false };
}

/** The line of a config path (of its key when `atKey`), undefined when the file does not hold it. */
const lineAt = (site: ConfigSite, fullPath: readonly PropertyKey[], atKey: boolean): number | undefined =>
  site.located ? lineOf(site.located, fullPath, atKey) : undefined;
const lineNote = (line: number | undefined): string => (line === undefined ? '' : ` (line ${line})`);

/** Builds the ConfigError for a config path: `config.yaml: lfs[3].pattern: <message> (line 12)`. */
export function configErrorAt(site: ConfigSite, relativePath: readonly PropertyKey[], message: string, atKey = false): ConfigError {
  const fullPath = [...site.path, ...relativePath];
  const printed = formatConfigPath(fullPath);
  const line = lineAt(site, fullPath, atKey);
  const error = new ConfigError(printed, `${message}${lineNote(line)}`, { file: site.file, line });
  error.message = `${site.file}: ${error.message}`;
  return error;
}

/** `; also unknown: a.b (line 3), c (line 9)`: the unknown keys of the issues after the first, so that one line names every typo. */
function otherUnknownKeys(site: ConfigSite, issues: readonly Issue[]): string {
  const paths = issues.slice(1).flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => [...site.path, ...i.path, k]) : []));
  return paths.length === 0 ? '' : `; also unknown: ${paths.map((p) => `${formatConfigPath(p)}${lineNote(lineAt(site, p, true))}`).join(', ')}`;
}

/**
 * Validates `value` with `schema`; the first issue becomes a ConfigError (zod lists issues in document order), which
 * also names every other unknown key.
 *
 * @example
 * parseConfigValue(z.object({ k: z.number() }).strict(), { k: 1, typo: 2 }, { file: 'config.yaml', path: ['labelModel'] });
 * // throws ConfigError: "config.yaml: labelModel.typo: unknown key"
 */
export function parseConfigValue<T>(schema: ZodType<T>, value: unknown, site: ConfigSite): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const { path, message, atKey } = describeIssue(result.error.issues[0]);
  const error = configErrorAt(site, path, message, atKey);
  error.message += otherUnknownKeys(site, result.error.issues);
  throw error;
}

/**
 * A ConfigError a library threw with a printed YAML path (`prepare.splits`, `lfs[2].name`), made to name the file and
 * the line of that path as every config error does.
 *
 * @example
 * locatedConfigError(siteOf(doc), new ConfigError('prepare.splits', 'test + val + lf = 11500 items …'));
 * // "config.yaml: prepare.splits: test + val + lf = 11500 items … (line 25)"
 */
export function locatedConfigError(site: ConfigSite, error: ConfigError): ConfigError {
  const path = error.path
    .split(/\.|(?=\[)/)
    .filter((part) => part !== '')
    .map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
  const message = error.message.startsWith(`${error.path}: `) ? error.message.slice(error.path.length + 2) : error.message;
  return configErrorAt(site, path, message);
}
