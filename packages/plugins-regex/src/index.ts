// Public API of @skimmer/plugins-regex: regex and keyword labeling functions (RE2, linear time), in code or from config.yaml.

import { definePlugin, registerLFProvider } from '@skimmer/core';
import { keywordProvider, regexProvider } from './providers.ts';

export * from './regexLF.ts';
export * from './keywordLF.ts';
export * from './keywordMatcher.ts';
export * from './keywordTexts.ts';
export * from './compileRegex.ts';
export * from './fieldText.ts';
export * from './matchLabelingFunction.ts';
export * from './vote.ts';
export * from './resolveLabel.ts';
export * from './providers.ts';

/** Registers the `type: regex` and `type: keyword` LF providers. */
export const regexPlugin = definePlugin({
  name: '@skimmer/plugins-regex',
  register(ctx) {
    registerLFProvider(ctx.container, regexProvider);
    registerLFProvider(ctx.container, keywordProvider());
  },
});

export default regexPlugin;
