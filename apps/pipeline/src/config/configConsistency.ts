// Checks of config.yaml that no schema can make alone: labels unique, LF labels known, LF names unique; ids disjoint across splits.

import { DataError, type ConfigError } from '@skimmer/core';
import type { ConfigSite } from './configIssues.ts';
import { configErrorAt } from './configIssues.ts';

/**
 * Throws a ConfigError (file, YAML path, line) for a label listed twice, an LF whose `label` is neither a class
 * name nor an index below the number of classes, or two LFs with the same `name`, before any data is read.
 *
 * @example
 * checkLabelsAndLfs(['ham', 'spam'], [{ type: 'keyword', name: 'k', label: 'eggs' }], site) // throws at lfs[0].label
 */
export function checkLabelsAndLfs(labels: readonly string[], lfs: readonly unknown[], site: ConfigSite): void {
  const firstAt = new Map<string, number>();
  labels.forEach((label, i) => {
    const earlier = firstAt.get(label);
    if (earlier !== undefined)
      throw configErrorAt(site, ['labels', i], `label "${label}" is listed twice (also labels[${earlier}]); class names must be unique`);
    firstAt.set(label, i);
  });
  const names = new Map<string, number>();
  lfs.forEach((entry, i) => {
    const { name, label } = (entry ?? {}) as { name?: unknown; label?: unknown };
    if (typeof label === 'string' && !labels.includes(label)) {
      throw configErrorAt(
        site,
        ['lfs', i, 'label'],
        `unknown label "${label}"; expected one of ${labels.join(', ')} (or an index from 0 to ${labels.length - 1})`,
      );
    }
    if (typeof label === 'number' && !(Number.isInteger(label) && label >= 0 && label < labels.length)) {
      throw configErrorAt(site, ['lfs', i, 'label'], `label index ${label} is out of range; expected 0 to ${labels.length - 1} (${labels.join(', ')})`);
    }
    if (typeof name === 'string') {
      const earlier = names.get(name);
      if (earlier !== undefined)
        throw configErrorAt(site, ['lfs', i, 'name'], `LF name "${name}" is used twice (also lfs[${earlier}]); LF names must be unique`);
      names.set(name, i);
    }
  });
}

/**
 * Throws a ConfigError at the `plugins:` entry that registers in code an LF whose name an `lfs:` entry or an earlier
 * plugin already uses (the columns of the label matrix are named by LF), naming the plugin as listed and the first use.
 *
 * @example
 * checkCodeLfNames(['mentions_channel'], [{ entry: 1, lfs: [{ name: 'mentions_channel' }] }], ['@skimmer/plugins-regex', './spamLfs.ts'], site);
 * // throws "config.yaml: plugins[1]: LF name "mentions_channel" of plugin ./spamLfs.ts is used twice (also lfs[0]); …"
 */
export function checkCodeLfNames(
  yamlNames: readonly unknown[],
  codeLFs: readonly { readonly entry: number; readonly lfs: readonly { readonly name: string }[] }[],
  listed: readonly unknown[],
  site: ConfigSite,
): void {
  const firstUse = new Map<string, string>();
  yamlNames.forEach((name, i) => typeof name === 'string' && !firstUse.has(name) && firstUse.set(name, `lfs[${i}]`));
  for (const { entry, lfs } of codeLFs) {
    for (const { name } of lfs) {
      const earlier = firstUse.get(name);
      if (earlier !== undefined) {
        const plugin = listed[entry];
        const shown = typeof plugin === 'string' ? plugin : String((plugin as { name?: unknown } | undefined)?.name);
        throw configErrorAt(site, ['plugins', entry], `LF name "${name}" of plugin ${shown} is used twice (also ${earlier}); LF names must be unique`);
      }
      firstUse.set(name, `plugins[${entry}]`);
    }
  }
}

/** Label model types that cannot fit fewer labeling functions (Snorkel's matrix completion, FlyingSquid's triplets). */
const MIN_LFS: Readonly<Record<string, number>> = { snorkel: 3, fs: 3 };

/** The most LFs any of `types` needs (0 when none has a minimum). */
export function lfsNeeded(types: readonly string[]): number {
  return types.reduce((most, type) => Math.max(most, MIN_LFS[type] ?? 0), 0);
}

/**
 * Throws, at the first label model entry that needs more LFs than the config gives, a ConfigError built by `errorAt`
 * (its path relative to the label model list: `[i, 'type']`) saying how many it needs and where the count comes from.
 *
 * @example
 * checkLfCount(['snorkel'], { yaml: 2, code: 0 }, errorAt); // throws "labelModel.type: snorkel needs at least 3 labeling functions; …"
 */
export function checkLfCount(
  types: readonly string[],
  count: { readonly yaml: number; readonly code: number },
  errorAt: (relative: readonly PropertyKey[], message: string) => ConfigError,
): void {
  const total = count.yaml + count.code;
  const i = types.findIndex((type) => (MIN_LFS[type] ?? 0) > total);
  if (i < 0) return;
  throw errorAt(
    [i, 'type'],
    `${types[i]} needs at least ${MIN_LFS[types[i]]} labeling functions; the config gives ${total} (${count.yaml} from lfs:, ${count.code} from plugins): add LFs or use mv`,
  );
}

/**
 * Throws as soon as the splits are read when one id is in two splits (a point would be trained and evaluated on),
 * naming the id, both splits and how many ids overlap.
 *
 * @example
 * checkDisjointSplits([['train', ['a', 'b']], ['test', ['b']]]) // DataError: id "b" is in both train and test …
 */
export function checkDisjointSplits(splits: ReadonlyArray<readonly [string, readonly string[]]>): void {
  const owner = new Map<string, string>();
  for (const [split, ids] of splits) {
    let first: string | undefined;
    let count = 0;
    let other = '';
    for (const id of ids) {
      const earlier = owner.get(id);
      if (earlier !== undefined && earlier !== split) {
        count++;
        if (first === undefined) [first, other] = [id, earlier];
      } else owner.set(id, split);
    }
    if (first !== undefined) {
      throw new DataError(
        `id ${JSON.stringify(first)} is in both ${other} and ${split} (${count} id${count === 1 ? '' : 's'} of ${split} also in an earlier split); splits must not share ids (data.${split})`,
        { field: `data.${split}`, record: first, overlapping: count },
      );
    }
  }
}
