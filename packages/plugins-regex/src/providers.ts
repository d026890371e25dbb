// The LF providers for `type: regex` and `type: keyword` entries of config.yaml: zod entry schemas and builders.

import { z } from 'zod';
import type { LFProvider } from '@skimmer/core';
import { compileRegex, parseRegexFlags } from './compileRegex.ts';
import { keywordLF } from './keywordLF.ts';
import { KeywordTexts } from './keywordTexts.ts';
import { regexLF } from './regexLF.ts';
import { resolveLabel, type LFBuildContextWithClasses } from './resolveLabel.ts';

/** Fields shared by regex and keyword entries. */
const matchEntryFields = {
  name: z.string().min(1),
  label: z.union([z.number().int().min(0), z.string().min(1)]),
  field: z.string().min(1).optional(),
  negate: z.boolean().optional(),
  minMatches: z.number().int().min(1).optional(),
};

/** Flags of a regex entry: checked at config load, so a bad flag is reported on `flags`. */
const regexFlags = z.string().superRefine((flags, ctx) => {
  const parsed = parseRegexFlags(flags);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/** A regex pattern: compiled by RE2 at config load, so a refused pattern is reported on `pattern` (e.g. `lfs[3].pattern: invalid regex: missing closing ): (check.*out`). */
const regexPattern = z
  .string()
  .min(1)
  .superRefine((pattern, ctx) => {
    const compiled = compileRegex(pattern);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.message });
  });

/** One `type: regex` entry of `lfs`. */
export const regexEntrySchema = z.object({ type: z.literal('regex'), ...matchEntryFields, pattern: regexPattern, flags: regexFlags.optional() }).strict();
export type RegexEntry = z.infer<typeof regexEntrySchema>;

/** One `type: keyword` entry of `lfs`. */
export const keywordEntrySchema = z
  .object({
    type: z.literal('keyword'),
    ...matchEntryFields,
    keywords: z.array(z.string().trim().min(1)).min(1),
    caseSensitive: z.boolean().optional(),
    match: z.enum(['word', 'substring']).optional(),
    wholeWord: z.boolean().optional(),
  })
  .strict();
export type KeywordEntry = z.infer<typeof keywordEntrySchema>;

/**
 * Builds one regex LF per `type: regex` entry.
 *
 * @example
 * // config.yaml
 * // lfs:
 * //   - { type: regex, name: regex_check_out, pattern: "check.*out", flags: i, label: spam }
 */
export const regexProvider: LFProvider<RegexEntry> = {
  type: 'regex',
  entrySchema: regexEntrySchema,
  create: (entry, ctx: LFBuildContextWithClasses) => [regexLF({ ...entry, label: resolveLabel(entry.label, ctx, entry.name) })],
};

/**
 * A provider that builds one keyword LF per `type: keyword` entry; the LFs it builds (a config's, as the plugin registers
 * one provider per config) share one {@link KeywordTexts}, so each text of a batch is normalised once for all of them.
 *
 * @example
 * // config.yaml
 * // lfs:
 * //   - { type: keyword, name: keyword_my, keywords: [my], match: substring, label: 1 }
 * registerLFProvider(container, keywordProvider());
 */
export function keywordProvider(): LFProvider<KeywordEntry> {
  const texts = new KeywordTexts();
  return {
    type: 'keyword',
    entrySchema: keywordEntrySchema,
    create: (entry, ctx: LFBuildContextWithClasses) => [keywordLF({ ...entry, label: resolveLabel(entry.label, ctx, entry.name) }, texts)],
  };
}
