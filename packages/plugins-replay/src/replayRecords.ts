// Turns the contents of one recorded file (JSON lines, a JSON document, CSV rows) into keyed raw records, one per post.

import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parse } from 'csv-parse';
import { isTwitterV1Status, splitTwitterV2Page } from '@skimmer/core';

/** One record of a recorded file, with the creation time used for time-scaled replay. */
export interface ReplayItem {
  key: string | null;
  /** Exact bytes of the line where the record is one line; JSON of the record otherwise. */
  value: string;
  /** Milliseconds since the epoch, when the record carries a creation time. */
  createdAtMs: number | null;
}

/** Maps Post fields to this file's column names (CSV and flat JSON rows), e.g. `{ id: 'tweet_id', text: 'Tweet' }`. */
export type ColumnMap = Partial<Record<'id' | 'text' | 'created_at' | 'lang' | 'source' | 'author_id' | 'urls', string>>;

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

function item(obj: Json, value: string): ReplayItem {
  const tweet = isObject(obj.data) ? obj.data : obj;
  return { key: keyOf(tweet), value, createdAtMs: timeOf(tweet) };
}

/**
 * The records in one parsed JSON value: a v2 page splits into one line per tweet, a v1.1 search page
 * (`statuses`) and an array into their elements; anything else is one record, kept as `raw` when given.
 */
export function jsonItems(json: unknown, raw?: string): ReplayItem[] {
  if (Array.isArray(json)) return json.flatMap((element) => jsonItems(element));
  if (!isObject(json)) return [{ key: null, value: raw ?? JSON.stringify(json), createdAtMs: null }];
  if (Array.isArray(json.data)) return splitTwitterV2Page(json).map((line) => item(line.data, JSON.stringify(line)));
  if (Array.isArray(json.statuses)) return json.statuses.filter(isObject).filter(isTwitterV1Status).map((s) => item(s, JSON.stringify(s)));
  return [item(json, raw ?? JSON.stringify(json))];
}

function renameColumns(row: Json, columns: ColumnMap): Json {
  const out: Json = { ...row };
  for (const [field, column] of Object.entries(columns)) if (column !== undefined && column in row) out[field] = row[column];
  return out;
}

/** Each line of a JSON-lines file; a line that is not JSON still becomes a record, so the consumer dead-letters it. */
async function* jsonLines(file: string, columns: ColumnMap): AsyncGenerator<ReplayItem> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      yield { key: null, value: line, createdAtMs: null };
      continue;
    }
    const flat = isObject(json) && !('data' in json) && !('statuses' in json) && Object.keys(columns).length > 0;
    yield* flat ? jsonItems(renameColumns(json as Json, columns)) : jsonItems(json, line);
  }
}

async function* csvRows(file: string, columns: ColumnMap): AsyncGenerator<ReplayItem> {
  const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }));
  for await (const row of parser as AsyncIterable<Json>) {
    const renamed = renameColumns(row, columns);
    yield { key: keyOf(renamed), value: JSON.stringify(renamed), createdAtMs: timeOf(renamed) };
  }
}

/** A `.json` file is one JSON document unless it fails to parse as one (then it is read as JSON lines). */
async function* jsonDocument(file: string, columns: ColumnMap): AsyncGenerator<ReplayItem> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    yield* jsonLines(file, columns);
    return;
  }
  yield* jsonItems(json);
}

/**
 * The records of one recorded file, by extension: `.csv` rows, `.json` documents, anything else JSON lines.
 *
 * @example
 * for await (const r of replayFileItems(sharedDataPath('twitter-v2-twarc-csv', 'brexit.jsonl'))) console.log(r.key);
 */
export function replayFileItems(file: string, columns: ColumnMap = {}): AsyncGenerator<ReplayItem> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return csvRows(file, columns);
  if (ext === '.json') return jsonDocument(file, columns);
  return jsonLines(file, columns);
}
