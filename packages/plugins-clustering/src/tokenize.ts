// Splits a text into lower-cased Unicode word tokens (letters, digits, marks, `_`) for the clustering vectorisers.

const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/**
 * The word tokens of `text`, NFC-normalised and lower-cased, in order.
 *
 * @example
 * tokenize('Check out my Café-channel!'); // ['check', 'out', 'my', 'café', 'channel']
 */
export function tokenize(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(WORD) ?? [];
}
