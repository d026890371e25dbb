// A user's own LF plugin in TypeScript for the AI-tweets example: rules that are easier to write as code than as regex or keywords.

import { ABSTAIN, definePlugin, labelingFunction, registerLabelingFunctions } from '@skimmer/core';
import { z } from 'zod';

const OTHER = 0;
const AI = 1;

/** Words that make a tweet about AI / data science whatever else it says. */
const AI_WORDS =
  /\b(AI|A\.I\.|ML|NLP|LLMs?|GPT-?\d?|ChatGPT)\b|machine learning|deep learning|neural net|data scien|artificial intelligence|#(ai|ml|datascience|machinelearning|deeplearning)\b/i;

/** Library and tooling names that only data people tweet about. */
const DS_TOOLS = /\b(pandas|numpy|scikit-learn|sklearn|pytorch|tensorflow|keras|jupyter|hugging ?face|xgboost|matplotlib)\b/i;

/** Code in a tweet: a fenced block, a Python import, `pip install`, a .ipynb link. */
const CODE = /```|\bimport [a-z_]+( as [a-z_]+)?\b|\bpip install\b|\.ipynb\b|\bdef [a-z_]+\(/;

/** Options under `plugins[i].options` in config.yaml. */
const optionsSchema = z.object({ minHashtags: z.number().int().min(1).default(3) }).strict();

export default definePlugin({
  name: 'ai-tweets-code-lfs',
  configSchema: optionsSchema,
  register(ctx) {
    const { minHashtags } = ctx.config;
    registerLabelingFunctions(ctx.container, [
      labelingFunction({ name: 'code_snippet', labels: [AI], apply: (p) => (CODE.test(p.text) ? AI : ABSTAIN) }),
      labelingFunction({ name: 'ds_tools', labels: [AI], apply: (p) => (DS_TOOLS.test(p.text) ? AI : ABSTAIN) }),
      // A pile of hashtags, none of them about AI: #design, #interior, #fashion spam.
      labelingFunction({
        name: 'hashtags_without_ai',
        labels: [OTHER],
        apply: (p) => ((p.text.match(/#\p{L}+/gu)?.length ?? 0) >= minHashtags && !AI_WORDS.test(p.text) ? OTHER : ABSTAIN),
      }),
      // French "j'ai" and Portuguese "aí" look like "ai" to a keyword filter.
      labelingFunction({
        name: 'ai_lookalike_without_ai',
        labels: [OTHER],
        apply: (p) =>
          /(?<!\p{L})(j['’]ai|a[íi])(?!\p{L})/iu.test(p.text) && !/\bAI\b/.test(p.text) && !AI_WORDS.test(p.text.replace(/j['’]ai/giu, '')) ? OTHER : ABSTAIN,
      }),
    ]);
  },
});
