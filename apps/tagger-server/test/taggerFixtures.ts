// Test fixtures of the tagger: a migrated in-memory store, signed-up annotators and multipart bodies for uploads.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { datasetPath } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { openTaggerStore } from '../src/taggerStore.ts';
import { addUser } from '@skimmer/tagging';

/** A fresh PGlite store in memory with the tagger's tables, or in `dataDir`. */
export function taggerTestStore(dataDir = 'memory://'): Promise<Store> {
  return openTaggerStore({ dataDir, kind: 'pglite' });
}

/** Creates users and returns their tokens by name. */
export async function signUp(store: Store, ...names: string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const name of names) tokens[name] = await addUser(store.tagger, name);
  return tokens;
}

/** One real YouTube comment (UCI YouTube spam collection, Psy video): id, text, author and the true class (1 = spam). */
export interface YoutubeComment {
  id: string;
  text: string;
  author: string;
  spam: 0 | 1;
}

/** The first `n` comments of Youtube01-Psy.csv. */
export function youtubeComments(n: number): YoutubeComment[] {
  const rows = parse(readFileSync(datasetPath('uci-youtube-spam', 'Youtube01-Psy.csv')), { columns: true }) as Array<Record<string, string>>;
  return rows.slice(0, n).map((r) => ({ id: r.COMMENT_ID!, text: r.CONTENT!, author: r.AUTHOR!, spam: Number(r.CLASS) as 0 | 1 }));
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV text with a header row. */
export function csvText(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** The labels file of the spam task: ham = 0, spam = 1. */
export const SPAM_LABELS_CSV = 'label,index\nham,0\nspam,1\n';

/** A multipart/form-data body with the data and labels files (and optional fields) for `POST /api/projects`. */
export function uploadBody(files: { data: [string, string | Buffer]; labels?: [string, string] }, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const data = files.data[1];
  form.append('data', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), files.data[0]);
  if (files.labels) form.append('labels', new Blob([files.labels[1]]), files.labels[0]);
  return form;
}
