// Specification of the plugin: it registers the regex and keyword providers, whose entry schemas check patterns at config load.

import 'reflect-metadata';
import { describe, expect, test } from 'vitest';
import { container } from 'tsyringe';
import { ABSTAIN, TOKENS, type LFBuildContext, type LFProvider, type Logger } from '@skimmer/core';
import regexPlugin, { keywordProvider, regexProvider } from '../src/index.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const ctx: LFBuildContext = { train: [], seed: 0, cardinality: 2, logger: silent, baseDir: '.' };
const point = (text: string) => ({ id: 'p1', text });

describe('the @skimmer/plugins-regex plugin', () => {
  test('registers one provider for type regex and one for type keyword', async () => {
    const child = container.createChildContainer();
    await regexPlugin.register({ container: child, config: undefined, logger: silent, configPath: 'plugins[0]', baseDir: '.' });
    const types = child.resolveAll<LFProvider>(TOKENS.LFProvider).map((p) => p.type);
    expect(types).toEqual(['regex', 'keyword']);
  });

  test('a regex entry builds one LF from YAML-shaped config', async () => {
    const entry = regexProvider.entrySchema.parse({ type: 'regex', name: 'regex_check_out', pattern: 'check.*out', flags: 'i', label: 1 });
    const [lf] = await regexProvider.create(entry, ctx);
    expect(lf.name).toBe('regex_check_out');
    expect(lf.apply(point('Check it out'))).toBe(1);
  });

  test('a pattern RE2 refuses fails validation on the pattern field', () => {
    const result = regexProvider.entrySchema.safeParse({ type: 'regex', name: 'bad', pattern: '(check.*out', label: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([[['pattern'], 'invalid regex: missing closing ): (check.*out']]);
  });

  test('an unsupported flag fails validation on the flags field', () => {
    const result = regexProvider.entrySchema.safeParse({ type: 'regex', name: 'bad', pattern: 'a', flags: 'x', label: 1 });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['flags'], 'unsupported flag "x": it is not a regex flag; supported flags are i, m, s, u'],
    ]);
  });

  test('an unknown option is refused (typos do not pass silently)', () => {
    const result = keywordProvider().entrySchema.safeParse({ type: 'keyword', name: 'kw', keywords: ['ai'], label: 1, wholeword: true });
    expect(result.success).toBe(false);
  });

  test('a keyword entry with a class-name label resolves it through the class names', async () => {
    const entry = keywordProvider().entrySchema.parse({ type: 'keyword', name: 'kw_ai', keywords: ['ai'], label: 'on_topic' });
    const [lf] = await keywordProvider().create(entry, { ...ctx, classNames: ['off_topic', 'on_topic'] } as LFBuildContext);
    expect(lf.apply(point('AI news'))).toBe(1);
    expect(lf.apply(point('football'))).toBe(ABSTAIN);
  });

  test('an unknown class name is a ConfigError listing the classes', async () => {
    const entry = keywordProvider().entrySchema.parse({ type: 'keyword', name: 'kw_ai', keywords: ['ai'], label: 'spam' });
    await expect(async () => keywordProvider().create(entry, { ...ctx, classNames: ['off_topic', 'on_topic'] } as LFBuildContext)).rejects.toThrow(
      'label: labeling function "kw_ai": label "spam" is not one of the classes [off_topic, on_topic]',
    );
  });

  test('a label outside the cardinality is a ConfigError', async () => {
    const entry = keywordProvider().entrySchema.parse({ type: 'keyword', name: 'kw_ai', keywords: ['ai'], label: 2 });
    await expect(async () => keywordProvider().create(entry, ctx)).rejects.toThrow('label: labeling function "kw_ai": label 2 is not a class index in 0..1');
  });
});
