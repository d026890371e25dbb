// Reads the post id of a Twitter v2 stream line (`{"data":{…,"id":"…",…},…}`) from its bytes, without parsing the line.
//
// A collector replaying at full speed only needs each line's key: the consumer parses and checks the line anyway.
// The scan walks the bytes once (strings skipped, nesting counted) and gives up — the caller then parses — on
// anything it does not read exactly as JSON.parse would: an escaped or repeated key, a `data` array or a `statuses` key (pages to split),
// an `id_str` or `tweet_id` that keyOf would prefer, a numeric or escaped id, unbalanced nesting, trailing bytes.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const MAX_DEPTH = 64;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The index just past the string that opens at `start` (a quote), or -1 when it does not end. */
function stringEnd(line: Uint8Array, start: number): number {
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i];
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return -1;
}

/** True when the string at start..end (quotes included) has a backslash: its text needs JSON.parse. */
function hasEscape(line: Uint8Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end - 1; i++) if (line[i] === BACKSLASH) return true;
  return false;
}

/** True when the string at start..end (quotes included) is exactly `name` (ASCII). */
function isName(line: Uint8Array, start: number, end: number, name: string): boolean {
  if (end - start - 2 !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (line[start + 1 + i] !== name.charCodeAt(i)) return false;
  return true;
}

const OTHER = 0;
const DATA = 1;
const ID = 2;

/**
 * The `data.id` string of a v2 stream line, or undefined when the line is not plainly one (then parse it).
 *
 * @example
 * v2LineKey(Buffer.from('{"data":{"text":"hi","id":"1377650090978992134"},"matching_rules":[]}')); // '1377650090978992134'
 * v2LineKey(Buffer.from('{"data":[{"id":"1"}]}')); // undefined: a page, split after parsing
 */
export function v2LineKey(line: Uint8Array): string | undefined {
  // isObject[d]: the container at depth d is an object; expectKey: the next string there is a key; key: what the
  // key just read at depth 1 (the line) or depth 2 (inside data) names.
  const isObject: boolean[] = [];
  let depth = 0;
  let expectKey = false;
  let key = OTHER;
  let inData = false;
  let dataSeen = false;
  let id: string | undefined;
  let i = 0;
  while (i < line.length && isSpace(line[i])) i++;
  if (line[i] !== OPEN_OBJECT) return undefined;
  for (; i < line.length; i++) {
    const c = line[i];
    if (isSpace(c) || c === COLON) continue;
    const watched = depth === 1 || (depth === 2 && inData);
    if (c === QUOTE) {
      const end = stringEnd(line, i);
      if (end < 0) return undefined;
      if (expectKey && watched) {
        if (hasEscape(line, i, end)) return undefined;
        key = OTHER;
        if (depth === 1 && isName(line, i, end, 'data')) {
          if (dataSeen) return undefined;
          key = DATA;
        } else if (depth === 1 && isName(line, i, end, 'statuses')) {
          return undefined; // with a statuses array the line is a v1.1 search page, split after parsing
        } else if (depth === 2 && isName(line, i, end, 'id')) {
          if (id !== undefined) return undefined;
          key = ID;
        } else if (depth === 2 && (isName(line, i, end, 'id_str') || isName(line, i, end, 'tweet_id'))) return undefined;
        expectKey = false;
      } else {
        if (watched && key === ID) {
          if (hasEscape(line, i, end)) return undefined;
          id = Buffer.from(line.buffer, line.byteOffset + i + 1, end - i - 2).toString('utf8');
        } else if (watched && key === DATA) return undefined; // data is a string
        expectKey = false;
        key = OTHER;
      }
      i = end - 1;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (watched && key === DATA) {
        if (c === OPEN_ARRAY) return undefined; // a page: split after parsing
        inData = true;
        dataSeen = true;
      } else if (watched && key === ID) return undefined;
      if (depth >= MAX_DEPTH) return undefined;
      isObject[depth++] = c === OPEN_OBJECT;
      expectKey = c === OPEN_OBJECT;
      key = OTHER;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0 || isObject[depth - 1] !== (c === CLOSE_OBJECT)) return undefined;
      depth--;
      if (depth === 1) inData = false;
      expectKey = false;
      key = OTHER;
      if (depth === 0) {
        for (let j = i + 1; j < line.length; j++) if (!isSpace(line[j])) return undefined;
        return dataSeen ? id : undefined;
      }
    } else if (c === COMMA) {
      expectKey = isObject[depth - 1] === true;
      key = OTHER;
    } else if (watched && key !== OTHER) {
      return undefined; // data or id is a number, true, false or null: JSON.parse reads it
    }
  }
  return undefined;
}
