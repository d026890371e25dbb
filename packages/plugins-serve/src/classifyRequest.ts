// Validates a POST /v1/classify body: one text or a batch, within the batch and length limits.

import { DataError } from '@skimmer/core';

export interface ClassifyLimits {
  /** Texts per request, at most. */
  maxBatch: number;
  /** Characters per text, at most. */
  maxTextLength: number;
}

/** What a request asked for: the texts, and whether the answer is one prediction or a list. */
export interface ClassifyRequest {
  texts: string[];
  single: boolean;
}

/**
 * Characters that show nothing: format characters (zero-width space / joiners, word joiner, BOM, soft hyphen …),
 * separators, controls, and the blank letters (Hangul fillers, braille blank, combining grapheme joiner).
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each blank letter is matched on its own, as intended
const INVISIBLE = /[\p{Cf}\p{Z}\p{Cc}\u034F\u115F\u1160\u2800\u3164\uFFA0]/gu;

/** True when nothing visible is left once invisible characters are removed. */
export function isBlankText(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

function checkText(value: unknown, field: string, limits: ClassifyLimits): string {
  if (typeof value !== 'string') throw new DataError(`${field} must be a string, got ${value === null ? 'null' : typeof value}`, { field });
  if (isBlankText(value)) throw new DataError(`${field} is empty; expected a non-empty text`, { field });
  if (value.length > limits.maxTextLength) {
    throw new DataError(`${field} has ${value.length} characters; the limit is ${limits.maxTextLength}`, { field, length: value.length });
  }
  return value;
}

/**
 * Reads `{"text": "..."}` or `{"texts": ["...", ...]}`; throws a DataError naming the field otherwise.
 *
 * @example
 * parseClassifyRequest({ texts: ['a', 'b'] }, { maxBatch: 256, maxTextLength: 10_000 }); // { texts: ['a', 'b'], single: false }
 */
export function parseClassifyRequest(body: unknown, limits: ClassifyLimits): ClassifyRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DataError('the body must be a JSON object: {"text": "..."} or {"texts": ["...", ...]}', { field: 'body' });
  }
  const { text, texts } = body as { text?: unknown; texts?: unknown };
  if (text !== undefined && texts !== undefined) throw new DataError('give either "text" or "texts", not both', { field: 'body' });
  if (text !== undefined) return { texts: [checkText(text, 'text', limits)], single: true };
  if (texts === undefined) throw new DataError('the body has neither "text" nor "texts"', { field: 'body' });
  if (!Array.isArray(texts)) throw new DataError('"texts" must be an array of strings', { field: 'texts' });
  if (texts.length === 0) throw new DataError('"texts" is empty; expected 1 to ' + limits.maxBatch + ' texts', { field: 'texts' });
  if (texts.length > limits.maxBatch)
    throw new DataError(`"texts" has ${texts.length} texts; the limit is ${limits.maxBatch}`, { field: 'texts', count: texts.length });
  return { texts: texts.map((t, i) => checkText(t, `texts[${i}]`, limits)), single: false };
}
