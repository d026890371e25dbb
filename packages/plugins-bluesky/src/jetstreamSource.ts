// The Bluesky Jetstream Source: app.bsky.feed.post creates from the firehose, filtered, normalised, resumable by time_us.

import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import { ConfigError, SkimmerError } from '@skimmer/core';
import type { Logger, Source, SourceReadOptions, SourceRecord } from '@skimmer/core';
import { backoffDelay } from './backoff.ts';
import { classifyFrame } from './jetstreamFrame.ts';
import type { FrameOutcome, SkipReason } from './jetstreamFrame.ts';
import { POST_COLLECTION } from './options.ts';
import type { BlueskySourceOptions } from './options.ts';
import { postFilter } from './postFilter.ts';
import { socketFrames } from './socketFrames.ts';
import type { ConnectionEnd } from './socketFrames.ts';

/** `SourceRecord.source` of every record (the `source` of stored posts and dead letters). */
export const BLUESKY_SOURCE = 'bluesky-jetstream';

/** What the source has seen, by outcome (also logged at debug level when a connection ends and on close). */
export interface JetstreamStats {
  frames: number;
  posts: number;
  /** Posts the keyword / regex / language filter dropped. */
  filtered: number;
  /** Posts already emitted, delivered again after a reconnect (Jetstream replays from the cursor inclusively). */
  repeated: number;
  skipped: Record<SkipReason, number>;
  /** Unreadable frames, emitted for the consumer to dead-letter. */
  invalid: number;
  connections: number;
}

export interface JetstreamSource extends Source {
  readonly stats: Readonly<JetstreamStats>;
  close(): Promise<void>;
}

export interface JetstreamSourceDeps {
  logger?: Logger;
  /** Jitter for reconnect delays (tests make it fixed). Default Math.random. */
  random?: () => number;
}

const CLOSED_BY_READER: ConnectionEnd = { opened: true, code: null, reason: 'closed by the reader', error: null, idle: false };

/** The counts are logged (debug) this often, besides when a connection ends and on close. */
const DEBUG_EVERY_FRAMES = 10_000;

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Keys of the posts emitted last, so a reconnect's inclusive replay does not emit them twice. */
class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly capacity: number) {}
  /** Adds `key`; false when it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
    return true;
  }
}

/** The subscribe URL: posts only, resuming at `cursor` (microseconds) when there is one. */
export function subscribeUrl(endpoint: string, cursor: string | null): string {
  const url = new URL(endpoint);
  url.searchParams.set('wantedCollections', POST_COLLECTION);
  if (cursor !== null) url.searchParams.set('cursor', cursor);
  else url.searchParams.delete('cursor');
  return url.toString();
}

/** A resume cursor is Jetstream's `time_us` (unix microseconds) as decimal text; empty means none. */
function parseCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  if (!/^[1-9]\d{0,16}$/.test(cursor))
    throw new ConfigError('cursor', `a bluesky cursor is Jetstream's time_us (unix microseconds), got ${JSON.stringify(cursor)}`);
  return cursor;
}

/**
 * The value an unreadable frame travels as, so core's decoder dead-letters it with the reason: text that is not JSON
 * goes as it came (the decoder says "not valid JSON"); a JSON frame is wrapped with the reason under `errors`, which
 * the decoder quotes in the dead letter's error.
 */
function invalidValue(outcome: Extract<FrameOutcome, { kind: 'invalid' }>, text: string): string {
  if (!('json' in outcome)) return text;
  return JSON.stringify({ errors: [{ title: 'invalid Jetstream frame', detail: outcome.problem }], frame: outcome.json });
}

const noStats = (): JetstreamStats => ({
  frames: 0,
  posts: 0,
  filtered: 0,
  repeated: 0,
  skipped: { delete: 0, update: 0, 'other-collection': 0, identity: 0, account: 0, 'other-kind': 0, 'empty-text': 0 },
  invalid: 0,
  connections: 0,
});

/**
 * Reads new Bluesky posts from a Jetstream `/subscribe` endpoint. Each kept post is emitted as the flat row JSON that
 * core's ingest decodes into a Post (key and id: the post's at:// URI; cursor: the frame's `time_us`); unreadable
 * frames are emitted as they are so the consumer dead-letters them; the rest is skipped and counted. A dropped
 * connection is reopened with backoff from the last frame's `time_us`; `records({ cursor })` starts from a stored one.
 *
 * @example
 * const source = jetstreamSource(blueskySourceOptions.parse({ type: 'bluesky', keywords: ['llm'], languages: ['en'] }));
 * for await (const record of source.records({ cursor: saved })) console.log(record.key, record.cursor);
 */
export function jetstreamSource(options: BlueskySourceOptions, deps: JetstreamSourceDeps = {}): JetstreamSource {
  const logger = deps.logger ?? silent;
  const random = deps.random ?? Math.random;
  const keep = postFilter(options);
  const stats = noStats();
  const closing = new AbortController();
  const sockets = new Set<WebSocket>();

  /** What one frame becomes: a record to emit, or nothing; and its `time_us` when it has one. */
  function readFrame(text: string, recent: RecentKeys, lastCursor: string): { record: SourceRecord | null; timeUs: string | null } {
    const outcome = classifyFrame(text);
    const timeUs = outcome.timeUs === null ? null : String(outcome.timeUs);
    return { record: recordOf(outcome, text, recent, timeUs ?? lastCursor), timeUs };
  }

  function recordOf(outcome: FrameOutcome, text: string, recent: RecentKeys, cursor: string): SourceRecord | null {
    stats.frames += 1;
    if (stats.frames % DEBUG_EVERY_FRAMES === 0) logStats('bluesky: frames so far');
    switch (outcome.kind) {
      case 'skip':
        stats.skipped[outcome.reason] += 1;
        return null;
      case 'invalid':
        stats.invalid += 1;
        logger.warn({ problem: outcome.problem, cursor }, 'bluesky: unreadable Jetstream frame (sent on to dead letters)');
        return { key: null, value: invalidValue(outcome, text), source: BLUESKY_SOURCE, cursor };
      case 'post':
        if (!keep(outcome.row)) {
          stats.filtered += 1;
          return null;
        }
        if (!recent.add(outcome.row.id)) {
          stats.repeated += 1;
          return null;
        }
        stats.posts += 1;
        return { key: outcome.row.id, value: JSON.stringify(outcome.row), source: BLUESKY_SOURCE, cursor };
    }
  }

  function logStats(message: string): void {
    logger.debug({ ...stats, skipped: { ...stats.skipped } }, message);
  }

  function logEnd(end: ConnectionEnd, url: string): void {
    const how = end.idle ? 'idle' : end.opened ? 'closed' : 'failed to open';
    logStats('bluesky: frames so far');
    logger.warn({ url, code: end.code, reason: end.reason || undefined, error: end.error?.message }, `bluesky: Jetstream connection ${how}`);
  }

  async function* records(read: SourceReadOptions = {}): AsyncGenerator<SourceRecord> {
    const signal = read.signal ? AbortSignal.any([closing.signal, read.signal]) : closing.signal;
    let cursor = parseCursor(read.cursor);
    let lastCursor = cursor ?? '';
    let failures = 0;
    const recent = new RecentKeys(10_000);
    while (!signal.aborted) {
      const url = subscribeUrl(options.endpoint, cursor);
      stats.connections += 1;
      const frames = socketFrames(url, { signal, idleTimeoutMs: options.idleTimeoutMs, onSocket: (s) => track(s) });
      let delivered = false;
      let end: ConnectionEnd | undefined;
      try {
        while (end === undefined) {
          const step = await frames.next();
          if (step.done) {
            end = step.value;
            break;
          }
          if (signal.aborted) return;
          delivered = true;
          const { record, timeUs } = readFrame(step.value, recent, lastCursor);
          // The next connection resumes at the last frame read, whatever it was (Jetstream replays from it inclusively).
          if (timeUs !== null) cursor = lastCursor = timeUs;
          if (record !== null) yield record;
        }
      } finally {
        // Stopped early (the reader returned, or abort): closes the socket.
        if (end === undefined) await frames.return(CLOSED_BY_READER);
      }
      if (signal.aborted) return;
      logEnd(end, url);
      failures = delivered ? 0 : failures + 1;
      if (failures >= options.reconnect.maxAttempts)
        throw new SkimmerError(
          'SOURCE_FAILED',
          `bluesky: ${failures} connections to ${options.endpoint} in a row failed (last: ${end.error?.message ?? `close code ${end.code}`})`,
          {
            endpoint: options.endpoint,
            cursor,
          },
        );
      await sleep(backoffDelay(Math.max(0, failures - 1), options.reconnect, random), undefined, { signal }).catch(() => undefined);
    }
  }

  function track(socket: WebSocket): void {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  }

  return {
    name: 'bluesky',
    stats,
    records,
    async close(): Promise<void> {
      closing.abort();
      await Promise.all([...sockets].map((s) => new Promise<void>((resolve) => (s.readyState === s.CLOSED ? resolve() : s.once('close', () => resolve())))));
      logStats('bluesky: source closed');
    },
  };
}
