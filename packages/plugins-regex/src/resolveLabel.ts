// Turns an LF entry's `label` (a class index or a class name) into a class index, checked against the pipeline's classes.

import { ConfigError, type LFBuildContext } from '@skimmer/core';

/** The build context, with the class names when the pipeline passes them. */
// TODO(pipeline): LFBuildContext has no `classNames` yet; until the pipeline adds it, only integer labels resolve.
export type LFBuildContextWithClasses = LFBuildContext & { readonly classNames?: readonly string[] };

/**
 * Resolves `label` for LF `lfName`: an integer must lie in `0..cardinality-1`; a string must be one of `ctx.classNames`
 * (case-sensitive). Throws a {@link ConfigError} on the entry's `label` saying what was expected.
 *
 * @example
 * resolveLabel('spam', { ...ctx, classNames: ['ham', 'spam'] }, 'keyword_my'); // 1
 */
export function resolveLabel(label: number | string, ctx: LFBuildContextWithClasses, lfName: string): number {
  const fail = (expected: string): never => {
    throw new ConfigError('label', `labeling function "${lfName}": label ${JSON.stringify(label)} is not ${expected}`, { lf: lfName, label });
  };
  if (typeof label === 'number') {
    if (!Number.isInteger(label) || label < 0 || label >= ctx.cardinality) fail(`a class index in 0..${ctx.cardinality - 1}`);
    return label;
  }
  const names = ctx.classNames;
  if (names === undefined) return fail('a class index, and the pipeline gave no class names to resolve a name with');
  const index = names.indexOf(label);
  return index >= 0 ? index : fail(`one of the classes [${names.join(', ')}]`);
}
