// Reads the field a regex or keyword LF matches against, as text (strings as is, numbers printed, string lists joined by newlines).

import type { DataPoint } from '@skimmer/core';

/**
 * The text of `point[field]`, or `undefined` when the field is missing or holds something that is not text
 * (the LF then abstains rather than crash on user data). A list of strings (e.g. `expandedUrls`) is joined with newlines.
 *
 * @example
 * fieldText({ id: '1', text: 'hi', expandedUrls: ['https://a.io', 'https://b.io'] }, 'expandedUrls'); // 'https://a.io\nhttps://b.io'
 */
export function fieldText(point: DataPoint, field: string): string | undefined {
  const value = point[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('\n');
  return undefined;
}
