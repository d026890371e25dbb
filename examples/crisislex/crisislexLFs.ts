// Labeling functions for CrisisLexT6 on-topic / off-topic (a lexicon learned from past crises plus a few simple rules), as a plugin for config.yaml.

import { readFileSync } from 'node:fs';
import { definePlugin, registerLabelingFunctions, datasetPath, type LabelingFunction } from '@skimmer/core';
import { keywordLF } from '@skimmer/plugins-regex';

export const OFF_TOPIC = 0;
export const ON_TOPIC = 1;
export const CLASS_NAMES = ['off-topic', 'on-topic'];

/**
 * The published CrisisLex lexicon (CrisisLexRec.txt, 379 terms). Its authors built it from the tweets of all six
 * CrisisLexT6 crises, so it has seen every crisis we test on: the example does not use it, the end-model bench scores it
 * only as a reference row.
 */
export function readCrisisLexicon(): string[] {
  return readFileSync(datasetPath('crisislex-t6', 'CrisisLexRec.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The lexicon config.yaml uses: learned by writeLexicon.ts from the unlabelled tweets of Sandy, Alberta and Boston only. */
export function readExampleLexicon(): string[] {
  return readFileSync(new URL('./lexicon.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('# ')); // '#pray' is a term, '# …' a comment
}

/**
 * Generic hazard and emergency-response words, written from a general list of natural and man-made hazard types (not
 * from these tweets, and broader than CrisisLexT6's four: earthquakes, wildfires, shootings … never occur in it).
 * config.yaml repeats this list as the classifier's keyword-swap group (crisislex.test.ts checks that the two agree).
 */
export const HAZARD_WORDS = [
  'flood',
  'flooding',
  'floods',
  'tornado',
  'tornadoes',
  'hurricane',
  'storm',
  'earthquake',
  'tsunami',
  'wildfire',
  'bushfire',
  'cyclone',
  'typhoon',
  'landslide',
  'blizzard',
  'eruption',
  'bomb',
  'bombing',
  'explosion',
  'shooting',
  'evacuation',
  'evacuate',
  'evacuated',
  'victims',
  'injured',
  'killed',
  'dead',
  'death toll',
  'rescue',
  'emergency',
  'damage',
  'relief',
  'donate',
  'red cross',
];
/** Everyday chatter that rarely comes with crisis news. */
const CHATTER_WORDS = ['lol', 'lmao', 'haha', 'follow me', 'followers', 'birthday', 'bored', 'tonight', 'movie', 'game', 'omg', 'love you'];

/**
 * The example's LFs: lexicon terms and hazard words vote on-topic; chatter and the absence of any hazard word vote
 * off-topic. A tweet with lexicon terms but no hazard word gets conflicting votes: that is where the label model
 * is unsure and the classifier, seeing every word, can do better. Without a lexicon, only the three rules.
 */
export function crisisLexLabelingFunctions(lexicon: readonly string[] = readExampleLexicon()): LabelingFunction[] {
  const lexiconLFs =
    lexicon.length === 0
      ? []
      : [
          keywordLF({ name: 'lexicon_term', keywords: [...lexicon], label: ON_TOPIC }),
          keywordLF({ name: 'lexicon_two_terms', keywords: [...lexicon], label: ON_TOPIC, minMatches: 2 }),
        ];
  return [
    ...lexiconLFs,
    keywordLF({ name: 'hazard_word', keywords: HAZARD_WORDS, label: ON_TOPIC }),
    keywordLF({ name: 'no_hazard_word', keywords: HAZARD_WORDS, label: OFF_TOPIC, negate: true }),
    keywordLF({ name: 'chatter', keywords: CHATTER_WORDS, label: OFF_TOPIC }),
  ];
}

/** The plugin config.yaml loads: registers the five LFs above, with the lexicon learned from the training crises. */
export default definePlugin({
  name: 'crisislex-lfs',
  register(ctx) {
    registerLabelingFunctions(ctx.container, crisisLexLabelingFunctions());
  },
});
