// The normal forms of a batch of texts, shared by the keyword LFs of one set so that each LF of a batch does not normalise every text again.

import { keywordNormalForm } from './keywordMatcher.ts';

/**
 * The normal forms ({@link keywordNormalForm}) of the last batch of texts asked for: the applier runs the LFs of a set
 * one after another over each batch of points, so the next LF over the same batch reads them instead of normalising
 * again. A form is reused only for the same text at the same position of the last batch: any order of calls is right.
 *
 * @example
 * const batch = new NormalisedBatch(false);
 * batch.of(['Café', undefined]); // ['café', undefined]
 */
export class NormalisedBatch {
  private texts: ReadonlyArray<string | undefined> = [];
  private forms: ReadonlyArray<string | undefined> = [];

  constructor(private readonly caseSensitive: boolean) {}

  /** The normal form of each text (undefined for undefined: a point whose field is not text). */
  of(texts: ReadonlyArray<string | undefined>): ReadonlyArray<string | undefined> {
    const last = this.texts;
    const lastForms = this.forms;
    if (texts.length === last.length) {
      let same = 0;
      while (same < texts.length && last[same] === texts[same]) same++;
      if (same === texts.length) return lastForms;
    }
    const forms = new Array<string | undefined>(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      forms[i] = i < last.length && last[i] === text ? lastForms[i] : text === undefined ? undefined : keywordNormalForm(text, this.caseSensitive);
    }
    this.texts = texts;
    this.forms = forms;
    return forms;
  }
}

/**
 * What the keyword LFs of one set share: a {@link NormalisedBatch} for each field and case setting they match on.
 * Give one to every keyword LF of a set (the `type: keyword` provider of a config does); an LF built without one keeps its own.
 *
 * @example
 * const texts = new KeywordTexts();
 * const lfs = [keywordLF({ name: 'my', keywords: ['my'], label: 1 }, texts), keywordLF({ name: 'song', keywords: ['song'], label: 0 }, texts)];
 */
export class KeywordTexts {
  private readonly batches = new Map<string, NormalisedBatch>();

  /** The batch of normal forms of `field`'s texts (lower-cased unless `caseSensitive`). */
  batch(field: string, caseSensitive: boolean): NormalisedBatch {
    const key = `${caseSensitive ? 'case' : 'lower'}:${field}`;
    let batch = this.batches.get(key);
    if (!batch) {
      batch = new NormalisedBatch(caseSensitive);
      this.batches.set(key, batch);
    }
    return batch;
  }
}
