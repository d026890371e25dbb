// Turns the contents of one recorded file (JSON lines, a JSON document, CSV rows) into keyed raw records, one per post.

import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { parse } from 'csv-parse';
import { isTwitterV1Status, splitTwitterV2Page } from '@skimmer/plugins-twitter';
import { v2LineKey } from './v2LineKey.ts';

/** One record of a recorded file, with the creation time used for time-scaled replay. */
export interface ReplayItem {
  key: string | null;
  /**
   * The exact bytes of the line (a Buffer, CR and LF excluded) where one JSON-lines line is the record as it
   * stands: one JSON object, a line that is not JSON, or one that is not valid UTF-8. A string of JSON where the
   * record is built from part of the file: a tweet of a v2 page, a v1.1 search status, an array element, a renamed
   * CSV or flat row, a record of a whole `.json` document.
   */
  value: Uint8Array | string;
  /** Milliseconds since the epoch, when the record carries a creation time (always null with `times: false`). */
  createdAtMs: number | null;
}

/** Maps Post fields to this file's column names (CSV and flat JSON rows), e.g. `{ id: 'tweet_id', text: 'Tweet' }`. */
export type ColumnMap = Partial<Record<'id' | 'text' | 'created_at' | 'lang' | 'source' | 'author_id' | 'urls', string>>;

export interface ReplayFileOptions {
  /** Parse each record's creation time into `createdAtMs` (default true); false leaves it null and saves the parse. */
  times?: boolean;
  /** Bytes per read of a JSON-lines file (default 1 MiB); small values let specs split lines across reads. */
  readBytes?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function timeOf(obj: Json): number | null {
  const text = [obj.created_at, obj.created, obj.date, obj.postDate].find((v) => typeof v === 'string') as string | undefined;
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function keyOf(obj: Json): string | null {
  const id = obj.id_str ?? obj.id ?? obj.tweet_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function item(obj: Json, value: Uint8Array | string, times: boolean): ReplayItem {
  const tweet = isObject(obj.data) ? obj.data : obj;
  return { key: keyOf(tweet), value, createdAtMs: times ? timeOf(tweet) : null };
}

function itemsOf(json: unknown, raw: Uint8Array | string | undefined, times: boolean): ReplayItem[] {
  if (Array.isArray(json)) return json.flatMap((element) => itemsOf(element, undefined, times));
  if (!isObject(json)) return [{ key: null, value: raw ?? JSON.stringify(json), createdAtMs: null }];
  if (Array.isArray(json.data)) return splitTwitterV2Page(json).map((line) => item(line.data, JSON.stringify(line), times));
  if (Array.isArray(json.statuses))
    return json.statuses
      .filter(isObject)
      .filter(isTwitterV1Status)
      .map((s) => item(s, JSON.stringify(s), times));
  return [item(json, raw ?? JSON.stringify(json), times)];
}

/**
 * The records in one parsed JSON value: a v2 page splits into one line per tweet, a v1.1 search page
 * (`statuses`) and an array into their elements; anything else is one record, kept as `raw` when given.
 */
export function jsonItems(json: unknown, raw?: Uint8Array | string): ReplayItem[] {
  return itemsOf(json, raw, true);
}

function renameColumns(row: Json, columns: ColumnMap): Json {
  const out: Json = { ...row };
  for (const [field, column] of Object.entries(columns)) if (column !== undefined && column in row) out[field] = row[column];
  return out;
}

/** Default bytes per read of a JSON-lines file: few reads, and few lines that span two of them. */
const READ_BYTES = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;

/** `bytes` less one trailing CR (a CRLF line break), as a view. */
function withoutCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/**
 * The records of one JSON-lines line, given as its own bytes (line break excluded), decoded once. A line that is one
 * record as it stands keeps these bytes as `value`, so nothing re-encodes it. A line that is not valid UTF-8 is one
 * record and is not parsed: parsing its decoded text would turn the bad bytes into U+FFFD, whereas its raw bytes go
 * on to the consumer, which decodes strictly and dead-letters it.
 */
function lineItems(bytes: Buffer, columns: ColumnMap, times: boolean): ReplayItem[] {
  // Without times, a v2 stream line needs no parse at all: its key is read from the bytes (the consumer parses it).
  const key = times ? undefined : v2LineKey(bytes);
  if (key !== undefined) return [{ key, value: bytes, createdAtMs: null }];
  const text = bytes.toString('utf8');
  if (text.trim() === '') return [];
  // U+FFFD in the text is either in the file or stands for invalid bytes: only then are the bytes checked.
  if (text.includes('\uFFFD') && !isUtf8(bytes)) return [{ key: null, value: bytes, createdAtMs: null }];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [{ key: null, value: bytes, createdAtMs: null }];
  }
  const flat = isObject(json) && !('data' in json) && !('statuses' in json) && Object.keys(columns).length > 0;
  return flat ? itemsOf(renameColumns(json as Json, columns), undefined, times) : itemsOf(json, bytes, times);
}

/**
 * The lines of a JSON-lines file, split on LF in the bytes as read (a trailing CR is dropped, so CRLF files read the
 * same), as the records of each read together; blank and whitespace-only lines are skipped. A line that is not JSON
 * still becomes a record, so the consumer dead-letters it.
 */
async function* jsonLineBatches(file: string, columns: ColumnMap, times: boolean, readBytes: number): AsyncGenerator<ReplayItem[]> {
  // The pieces of a line that began in an earlier read and has not ended yet.
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: readBytes }) as AsyncIterable<Buffer>) {
    const items: ReplayItem[] = [];
    let start = 0;
    let end = chunk.indexOf(LF);
    if (end >= 0 && pending.length > 0) {
      pending.push(chunk.subarray(0, end));
      // Buffer.concat makes a new buffer: the line holds on to none of the reads it came from.
      for (const item of lineItems(withoutCr(Buffer.concat(pending)), columns, times)) items.push(item);
      pending = [];
      start = end + 1;
      end = chunk.indexOf(LF, start);
    }
    for (; end >= 0; start = end + 1, end = chunk.indexOf(LF, start)) {
      // A copy, not a view of the read: a record may outlive this loop (the in-process bus keeps every value, a
      // producer holds a batch in flight, a caller may keep a few records), and a view of a ~500-byte line would keep
      // its whole 1 MiB read alive. Buffer.from copies a line under 4 KiB into Node's shared 8 KiB pool: one memcpy,
      // and a kept line holds at most 8 KiB.
      for (const item of lineItems(Buffer.from(withoutCr(chunk.subarray(start, end))), columns, times)) items.push(item);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
    if (items.length > 0) yield items;
  }
  if (pending.length > 0) {
    const items = lineItems(withoutCr(Buffer.concat(pending)), columns, times);
    if (items.length > 0) yield items;
  }
}

/** Rows of a CSV file read together. */
const CSV_ROWS_PER_BATCH = 1000;

async function* csvRowBatches(file: string, columns: ColumnMap, times: boolean): AsyncGenerator<ReplayItem[]> {
  // pipeline, not pipe: a read error (a missing file) must reach the parser, whose iteration then rejects; pipe drops it and the loop waits for ever.
  const parser = pipeline(createReadStream(file), parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }), () => {});
  let items: ReplayItem[] = [];
  for await (const row of parser as AsyncIterable<Json>) {
    const renamed = renameColumns(row, columns);
    items.push({ key: keyOf(renamed), value: JSON.stringify(renamed), createdAtMs: times ? timeOf(renamed) : null });
    if (items.length >= CSV_ROWS_PER_BATCH) {
      yield items;
      items = [];
    }
  }
  if (items.length > 0) yield items;
}

/** A `.json` file is one JSON document unless it fails to parse as one (then it is read as JSON lines). */
async function* jsonDocumentBatches(file: string, columns: ColumnMap, times: boolean, readBytes: number): AsyncGenerator<ReplayItem[]> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    yield* jsonLineBatches(file, columns, times, readBytes);
    return;
  }
  const items = itemsOf(json, undefined, times);
  if (items.length > 0) yield items;
}

/**
 * The records of one recorded file, by extension: `.csv` rows, `.json` documents, anything else JSON lines.
 *
 * @example
 * for await (const r of replayFileItems(datasetPath('twitter-v2-twarc-csv', 'brexit.jsonl'))) console.log(r.key);
 * // as fast as possible: no creation times needed
 * for await (const r of replayFileItems(file, {}, { times: false })) send(r.key, r.value);
 */
export async function* replayFileItems(file: string, columns: ColumnMap = {}, options: ReplayFileOptions = {}): AsyncGenerator<ReplayItem> {
  for await (const items of replayFileItemBatches(file, columns, options)) yield* items;
}

/**
 * The records of `replayFileItems`, several at a time (never an empty array): each read of a JSON-lines file, 1,000
 * CSV rows, a whole `.json` document. A reader that takes them so pays one promise per batch instead of per record.
 *
 * @example
 * for await (const items of replayFileItemBatches(file, {}, { times: false })) send(items);
 */
export function replayFileItemBatches(file: string, columns: ColumnMap = {}, options: ReplayFileOptions = {}): AsyncGenerator<ReplayItem[]> {
  const times = options.times ?? true;
  const readBytes = options.readBytes ?? READ_BYTES;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return csvRowBatches(file, columns, times);
  if (ext === '.json') return jsonDocumentBatches(file, columns, times, readBytes);
  return jsonLineBatches(file, columns, times, readBytes);
}
