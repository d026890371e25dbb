// Labeling functions for CrisisLexT6 on-topic / off-topic (the CrisisLex keyword lexicon plus a few simple rules), as a plugin for config.yaml.

import { readFileSync } from 'node:fs';
import { definePlugin, registerLabelingFunctions, sharedDataPath, type LabelingFunction } from '@skimmer/core';
import { keywordLF } from '@skimmer/plugins-regex';

export const OFF_TOPIC = 0;
export const ON_TOPIC = 1;
export const CLASS_NAMES = ['off-topic', 'on-topic'];

/** The CrisisLex lexicon (CrisisLexRec.txt): 379 terms frequent in crisis tweets, one a line. */
export function readCrisisLexicon(): string[] {
  return readFileSync(sharedDataPath('crisislex-t6', 'CrisisLexRec.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * Generic hazard words (no crisis names, so the LFs transfer to a crisis they were not written for). config.yaml
 * repeats this list as the classifier's keyword-swap group (crisislex.test.ts checks that the two agree).
 */
export const HAZARD_WORDS = ['flood', 'flooding', 'floods', 'tornado', 'tornadoes', 'hurricane', 'storm', 'bomb', 'bombing', 'explosion',
  'evacuation', 'evacuate', 'evacuated', 'victims', 'injured', 'killed', 'dead', 'death toll', 'rescue', 'emergency', 'damage', 'relief', 'donate', 'red cross'];
/** Everyday chatter that rarely comes with crisis news. */
const CHATTER_WORDS = ['lol', 'lmao', 'haha', 'follow me', 'followers', 'birthday', 'bored', 'tonight', 'movie', 'game', 'omg', 'love you'];

/**
 * The example's LFs: lexicon terms and hazard words vote on-topic; chatter and the absence of any hazard word vote
 * off-topic. A tweet with lexicon terms but no hazard word gets conflicting votes: that is where the label model
 * is unsure and the classifier, seeing every word, can do better.
 */
export function crisisLexLabelingFunctions(): LabelingFunction[] {
  const lexicon = readCrisisLexicon();
  return [
    keywordLF({ name: 'lexicon_term', keywords: lexicon, label: ON_TOPIC }),
    keywordLF({ name: 'lexicon_two_terms', keywords: lexicon, label: ON_TOPIC, minMatches: 2 }),
    keywordLF({ name: 'hazard_word', keywords: HAZARD_WORDS, label: ON_TOPIC }),
    keywordLF({ name: 'no_hazard_word', keywords: HAZARD_WORDS, label: OFF_TOPIC, negate: true }),
    keywordLF({ name: 'chatter', keywords: CHATTER_WORDS, label: OFF_TOPIC }),
  ];
}

/** The plugin config.yaml loads: registers the five LFs above. */
export default definePlugin({
  name: 'crisislex-lfs',
  register(ctx) {
    registerLabelingFunctions(ctx.container, crisisLexLabelingFunctions());
  },
});
