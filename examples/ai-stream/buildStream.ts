// Writes the ai-stream example's recorded stream (data/stream.jsonl) and its per-row tags (data/tags.jsonl) from the licensed sets, deterministically.
// Run: npx tsx examples/ai-stream/buildStream.ts [--posts 30000] [--out examples/ai-stream/data]

import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { seededRandom, datasetPath, shuffleInPlace } from '@skimmer/core';

/** One post of the recorded stream, as `pipeline ingest` reads a flat JSONL line. */
export interface StreamRow {
  id: string;
  created_at: string;
  text: string;
  /** Expanded URLs (space-separated) when the source kept them; absent: the links in the text (often t.co) are all there is. */
  expanded_urls?: string;
  /** The licensed set the post comes from. */
  collection: string;
}

/** The shipped tag of a post: its label (null: unknown) and where that label comes from. */
export interface TagRow {
  id: string;
  label: 'ai' | 'other' | null;
  tag_source: string;
}

interface Candidate {
  row: Omit<StreamRow, 'created_at'>;
  tag: TagRow;
}

const csvRows = async (file: string): Promise<Record<string, string>[]> => {
  const rows: Record<string, string>[] = [];
  for await (const row of createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }),
  ))
    rows.push(row as Record<string, string>);
  return rows;
};

const clean = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Posts kept back as the live stream (at most a tenth of the posts). */
const LIVE_POSTS = 2000;

/** Collections gathered by a search for an AI product or term: tagged `ai` by that rule (a few off-topic replies slip in). */
async function aiSearchCollections(): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const muirukamau = await csvRows(datasetPath('ai-tweets', 'chatgpt-tweets-muirukamau/ChatGPT_tweets.csv'));
  muirukamau.forEach((r, i) => {
    const id = `muirukamau-${i + 1}`; // the set has no tweet ids: its row number
    out.push({
      row: { id, text: clean(r.Text ?? ''), collection: 'chatgpt-tweets-muirukamau' },
      tag: { id, label: 'ai', tag_source: 'rule: collected by a search for "ChatGPT" (chatgpt-tweets-muirukamau)' },
    });
  });
  for (const r of await csvRows(datasetPath('ai-tweets', 'chatgpt-rtweet-albertomcd/GPT.csv'))) {
    const id = r.id;
    out.push({
      row: { id, text: clean(r.text ?? r['\ufefftext'] ?? ''), collection: 'chatgpt-rtweet-albertomcd' },
      tag: { id, label: 'ai', tag_source: 'rule: collected by a search for "GPT" (chatgpt-rtweet-albertomcd)' },
    });
  }
  const warint = await csvRows(datasetPath('tweets-ai-warint', 'tweets_AI_sample.csv'));
  warint.forEach((r, i) => {
    const id = `warint-${i + 1}`; // its ids went through a spreadsheet (1.349e18): the row number instead
    const urls = (r.urls ?? '').match(/https?:\/\/[^\s'",\]]+/g) ?? [];
    out.push({
      row: { id, text: clean(r.tweet), ...(urls.length > 0 ? { expanded_urls: urls.join(' ') } : {}), collection: 'tweets-ai-warint' },
      tag: { id, label: 'ai', tag_source: 'rule: collected by a search for "artificial intelligence" (tweets-ai-warint)' },
    });
  });
  return out;
}

/** rtweet's v1.1 search cassettes: data-science queries tagged `ai` (data science) by the query, `q=r`, `lang:en` and the sample stream `other`. */
function rtweetFixtures(): Candidate[] {
  const out: Candidate[] = [];
  const dir = 'rtweet-fixtures-v1.1-search';
  const files = [
    '[.tweets.json',
    'lat_lng.json',
    'rbind.json',
    'search_tweets.json',
    'search_tweets2.json',
    'search_tweets4.json',
    'ts_plot1.json',
    'tweet_data2.json',
  ];
  const DS_QUERY = /^(#rstats|"data science"|rstats OR python|rstats OR tidyverse|"?open science"?)$/i;
  type Status = { id_str: string; full_text?: string; text?: string; entities?: { urls?: Array<{ expanded_url?: string }> } };
  const add = (s: Status, query: string) => {
    const urls = (s.entities?.urls ?? []).map((u) => u.expanded_url).filter((u): u is string => typeof u === 'string');
    const relevant = DS_QUERY.test(query);
    out.push({
      row: {
        id: s.id_str,
        text: clean(s.full_text ?? s.text ?? ''),
        ...(urls.length > 0 ? { expanded_urls: urls.join(' ') } : {}),
        collection: 'rtweet-fixtures-v1.1-search',
      },
      tag: {
        id: s.id_str,
        label: relevant ? 'ai' : 'other',
        tag_source: `rule: v1.1 search q=${query} ${relevant ? '(a data-science query)' : '(an off-topic query)'} (rtweet-fixtures-v1.1-search)`,
      },
    });
  };
  for (const file of files) {
    const cassette = JSON.parse(readFileSync(datasetPath('ai-tweets', `${dir}/${file}`), 'utf8')) as {
      http_interactions: Array<{ request: { uri: string }; response: { body: { string: string } } }>;
    };
    for (const interaction of cassette.http_interactions) {
      const query = new URL(interaction.request.uri).searchParams.get('q') ?? '';
      let body: { statuses?: Status[] };
      try {
        body = JSON.parse(interaction.response.body.string);
      } catch {
        continue;
      }
      for (const s of body.statuses ?? []) add(s, query);
    }
  }
  for (const line of readFileSync(datasetPath('ai-tweets', `${dir}/stream-20210221173118.json`), 'utf8').split('\n')) {
    let s: Status & { extended_tweet?: { full_text?: string } };
    try {
      s = JSON.parse(line);
    } catch {
      continue; // the recording's last line was cut off mid-write
    }
    if (!s?.id_str) continue;
    add({ ...s, full_text: s.extended_tweet?.full_text ?? s.full_text ?? s.text }, '(sample stream)');
  }
  return out;
}

/** TweetTopicXL's human topic labels: not science & technology → `other`; science & technology → unknown (not necessarily AI). */
function tweetTopics(): Candidate[] {
  return readFileSync(datasetPath('ai-tweets', 'tweettopicxl-anon7331/en_1000.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const r = JSON.parse(line) as { id: number | string; text: string; 'science_&_technology': number };
      // The ids are beyond 2^53 in the JSON numbers: read back from the text to keep every digit.
      const id = /"id":\s*(\d+)/.exec(line)?.[1] ?? String(r.id);
      const scitech = r['science_&_technology'] === 1;
      return {
        row: { id, text: clean(r.text), collection: 'tweettopicxl-anon7331' },
        tag: {
          id,
          label: scitech ? null : 'other',
          tag_source: scitech
            ? 'source label: science & technology (coders); AI or not unknown, left untagged (tweettopicxl-anon7331)'
            : 'source label: not science & technology (coders) (tweettopicxl-anon7331)',
        },
      };
    });
}

/** CrisisLexT6's human on-topic / off-topic labels about a disaster: neither is about AI, so `other`. */
async function crisisLex(perFile: number, next: () => number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const file of ['2012_Sandy_Hurricane', '2013_Alberta_Floods', '2013_Boston_Bombings', '2013_Oklahoma_Tornado']) {
    const rows = shuffleInPlace(await csvRows(datasetPath('crisislex-t6', `${file}-ontopic_offtopic.csv`)), next).slice(0, perFile);
    for (const r of rows) {
      const id = (r['tweet id'] ?? '').replaceAll("'", '');
      const label = (r[' label'] ?? r.label ?? '').trim();
      out.push({
        row: { id, text: clean(r[' tweet'] ?? r.tweet ?? ''), collection: 'crisislex-t6' },
        tag: { id, label: 'other', tag_source: `source label: ${label} for ${file} (CrisisLexT6 coders); not about AI` },
      });
    }
  }
  return out;
}

/**
 * Builds the stream: every post of the AI collections, rtweet's cassettes and TweetTopicXL, topped up with
 * CrisisLexT6 to `posts`, de-duplicated by id, shuffled (seeded) and given creation times 3 s apart from
 * 2024-05-06T00:00:00Z (the sources span 2012–2025: their own times would make a time-scaled replay wait years).
 */
export async function buildStream(posts = 30_000, seed = 2024): Promise<{ stream: StreamRow[]; tags: TagRow[] }> {
  const next = seededRandom(seed);
  const fixed = [...(await aiSearchCollections()), ...rtweetFixtures(), ...tweetTopics()];
  const crisis = await crisisLex(Math.max(0, Math.ceil((posts - fixed.length) / 4)), next);
  const seen = new Set<string>();
  const unique = [...fixed, ...crisis].filter((c) => c.row.id && c.row.text && !seen.has(c.row.id) && seen.add(c.row.id));
  const chosen = shuffleInPlace(unique, next).slice(0, posts);
  const start = Date.parse('2024-05-06T00:00:00Z');
  const stream = chosen.map((c, i) => ({
    id: c.row.id,
    created_at: new Date(start + i * 3000).toISOString(),
    text: c.row.text,
    ...(c.row.expanded_urls ? { expanded_urls: c.row.expanded_urls } : {}),
    collection: c.row.collection,
  }));
  return { stream, tags: chosen.map((c) => c.tag) };
}

/**
 * Writes `stream.jsonl` (the recorded stream), `live.jsonl` (the last posts, which arrive after deployment) and
 * `tags.jsonl` into `out`; returns the counts.
 */
export async function writeStream(
  out: string,
  posts = 30_000,
): Promise<{ posts: number; recorded: number; live: number; ai: number; other: number; untagged: number; withExpandedUrls: number }> {
  const { stream, tags } = await buildStream(posts);
  const live = Math.min(LIVE_POSTS, Math.floor(stream.length / 10));
  const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'stream.jsonl'), jsonl(stream.slice(0, stream.length - live)));
  writeFileSync(path.join(out, 'live.jsonl'), jsonl(stream.slice(stream.length - live)));
  writeFileSync(path.join(out, 'tags.jsonl'), jsonl(tags));
  const count = (label: string | null) => tags.filter((t) => t.label === label).length;
  return {
    posts: stream.length,
    recorded: stream.length - live,
    live,
    ai: count('ai'),
    other: count('other'),
    untagged: count(null),
    withExpandedUrls: stream.filter((r) => r.expanded_urls).length,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const out = path.resolve(arg('--out') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'data'));
  console.log(JSON.stringify({ ...(await writeStream(out, Number(arg('--posts') ?? 30_000))), out }));
}
