// The AI-tweets example: its config loads with the user's TypeScript plugin, and the LFs vote as intended on hard negatives.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyLabelingFunctions, labelMatrixToArrays, repoRoot } from '@skimmer/core';
import { loadConfig } from '../src/config/loadConfig.ts';
import { createLogger } from '../src/logger.ts';
import { buildLabelingFunctions, lfBuildContext } from '../src/stages/buildLabelingFunctions.ts';

const config = path.join(repoRoot, 'examples/ai-tweets/config.yaml');
const logger = createLogger('silent');
const loaded = await loadConfig(config, logger);
const lfs = await buildLabelingFunctions(loaded, lfBuildContext(loaded, new Map(), logger));

/** The LFs that vote on `text`, with their votes (0 = other, 1 = ai). */
function votes(text: string): Record<string, number> {
  const [row] = labelMatrixToArrays(applyLabelingFunctions([{ id: 't', text }], lfs).L);
  return Object.fromEntries(lfs.map((lf, j) => [lf.name, row[j]]).filter(([, v]) => v !== -1));
}

describe('examples/ai-tweets', () => {
  test('docs/writing-an-lf-plugin.md shows the plugin file exactly', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/writing-an-lf-plugin.md'), 'utf8');
    const file = readFileSync(path.join(repoRoot, 'examples/ai-tweets/aiCodeLfs.ts'), 'utf8');
    expect(doc).toContain('```ts\n' + file + '```');
  });

  test("the config's LFs come first, then the TypeScript plugin's", () => {
    expect(lfs.map((lf) => lf.name)).toEqual([
      'ai_acronym',
      'ai_terms',
      'ai_hashtags',
      'python_the_snake',
      'design_hashtags',
      'portuguese_ai',
      'code_snippet',
      'ds_tools',
      'hashtags_without_ai',
      'ai_lookalike_without_ai',
    ]);
  });

  test('a machine-learning tweet gets AI votes only', () => {
    expect(votes('Do Simpler #MachineLearning Models Exist and How Can We Find Them? pip install sklearn')).toEqual({
      ai_hashtags: 1,
      code_snippet: 1,
      ds_tools: 1,
    });
  });

  test('Portuguese "aí" is not AI', () => {
    expect(votes('agosto-setembro-outubro: uma perdição completa isso aí.. n tenho ideia')).toEqual({ portuguese_ai: 0, ai_lookalike_without_ai: 0 });
  });

  test('French "j\'ai" is not AI', () => {
    expect(votes("j'ai fini le design de ma cuisine")).toEqual({ ai_lookalike_without_ai: 0 });
  });

  test('Python the snake is not AI', () => {
    expect(votes('My ball python shed her skin today, such a good snake')).toEqual({ python_the_snake: 0 });
  });

  test('#design hashtag piles are not AI', () => {
    expect(votes('New living room reveal #design #interiordesign #homedecor')).toEqual({ design_hashtags: 0, hashtags_without_ai: 0 });
  });

  test('"AI design" with the acronym is AI', () => {
    expect(votes('This special neon sneaker is designed by #AI. Sneaker OzX13')).toEqual({ ai_acronym: 1, ai_hashtags: 1 });
  });
});
