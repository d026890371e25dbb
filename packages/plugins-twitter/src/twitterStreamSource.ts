// The Twitter / X API v2 filtered stream as a Source (twitter-api-v2): rules synced from config, reconnects with backoff
// (a refused token a bounded number of times), raw lines kept.

import http from 'node:http';
import type { Readable } from 'node:stream';
import { ApiResponseError, ETwitterStreamEvent, TwitterApi } from 'twitter-api-v2';
import type { TweetStream, TweetV2SingleStreamResult } from 'twitter-api-v2';
import { ConfigError } from '@skimmer/core';
import type { Logger, Source, SourceReadOptions, SourceRecord } from '@skimmer/core';
import { apiBaseUrlPlugin } from './apiBaseUrl.ts';
import { AuthFailures, DEFAULT_AUTH_FAILURE_LIMIT, isUnauthorized } from './authFailures.ts';
import { STREAM_FIELDS } from './streamFields.ts';
import { syncStreamRules } from './streamRules.ts';
import type { StreamRule } from './streamRules.ts';

export interface TwitterStreamOptions {
  /** App-only bearer token (read it from `TWITTER_BEARER_TOKEN`; it is never logged). */
  bearerToken: string;
  /** The filtered-stream rules; the API's rules are made equal to these before connecting. */
  rules: readonly StreamRule[];
  /** Where the v2 API lives, default `https://api.x.com/2/` (a proxy, or a fake server in tests). */
  apiBaseUrl?: string;
  /** Wait before reconnect attempt `n` (1-based); default 5, 15, 30, 60 … s up to 15 min. A 429 waits for the rate-limit reset instead. */
  reconnectDelayMs?: (attempt: number) => number;
  /** Silence (no data, no keep-alive) after which the connection counts as lost. Default 120 s. */
  keepAliveTimeoutMs?: number;
  /**
   * Consecutive 401 answers (rules sync or stream connect, waiting `reconnectDelayMs` between them) after which the
   * source gives up with a ConfigError naming `bearerTokenName`. Default 3.
   */
  authFailureLimit?: number;
  /** Where the token came from, for messages (never the token itself). Default `TWITTER_BEARER_TOKEN`. */
  bearerTokenName?: string;
  logger?: Logger;
}

const SOURCE = 'twitter-v2';
/** The retry delay handed to the library when giving up: long enough never to fire before close() clears it. */
const GIVE_UP_DELAY_MS = 3_600_000;
const BACKOFF_S = [5, 15, 30, 60, 90, 120, 240, 480, 900];

/** The library's default backoff: 5, 15, 30 … s, at most 15 minutes. */
export const defaultReconnectDelayMs = (attempt: number): number => BACKOFF_S[Math.min(attempt, BACKOFF_S.length) - 1] * 1000;

/** How long to wait before reconnect attempt `attempt` after `error`: until the rate-limit reset for a 429. */
export function reconnectDelay(attempt: number, error: unknown, backoff: (attempt: number) => number, now = Date.now()): number {
  if (error instanceof ApiResponseError && error.code === 429 && error.rateLimit?.reset) {
    return Math.max(error.rateLimit.reset * 1000 - now, 0) + 1000;
  }
  return backoff(attempt);
}

/** A message that is safe to log: the error's kind and status, never the request (it carries the token). */
function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof ApiResponseError) return { status: error.code, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Syncs the rules, retrying a 401 until `failures` gives up (a ConfigError); other errors are thrown as they are. */
async function syncRules(client: TwitterApi, rules: readonly StreamRule[], failures: AuthFailures, backoff: (attempt: number) => number, signal?: AbortSignal) {
  for (;;) {
    try {
      const synced = await syncStreamRules(client, rules);
      failures.reset();
      return synced;
    } catch (err) {
      if (!isUnauthorized(err)) throw err;
      const stop = failures.note('the rules sync', err);
      if (stop) throw stop;
      await sleep(backoff(failures.failures), signal);
      if (signal?.aborted) return undefined;
    }
  }
}

/** A queue between the stream's events and the async iterator. */
class RecordQueue {
  private readonly items: SourceRecord[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;

  push(record: SourceRecord): void {
    this.items.push(record);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Ends the queue with `error`: drain throws it after the records already queued. */
  fail(error: Error): void {
    this.failure ??= error;
    this.end();
  }

  private wake(): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.();
  }

  async *drain(): AsyncGenerator<SourceRecord> {
    for (;;) {
      const next = this.items.shift();
      if (next) yield next;
      else if (this.failure) throw this.failure;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
}

/**
 * Collects the lines of the response that are not JSON: the library drops them after a parse error, but the
 * consumer must dead-letter them byte for byte.
 */
function tapUnparsableLines(res: Readable, onLine: (line: string) => void): void {
  let buffer = '';
  res.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\r\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        JSON.parse(line);
      } catch {
        onLine(line);
      }
    }
  });
}

/**
 * The v2 filtered stream as a Source. Each stream line becomes one record keyed by tweet id (a line that is not
 * JSON becomes a record without key, so the consumer dead-letters it). The live stream cannot be rewound:
 * `cursor` is the last tweet id, for logs.
 *
 * @example
 * const source = twitterStreamSource({ bearerToken: process.env.TWITTER_BEARER_TOKEN!, rules: [{ value: 'AI lang:en', tag: 'ai' }] });
 * for await (const record of source.records({ signal })) console.log(record.key);
 */
export function twitterStreamSource(options: TwitterStreamOptions): Source {
  if (!options.bearerToken) throw new ConfigError('bearerToken', 'the API bearer token is empty: set TWITTER_BEARER_TOKEN');
  if (options.rules.length === 0) throw new ConfigError('rules', 'name at least one filtered-stream rule');
  const base = options.apiBaseUrl;
  const client = new TwitterApi(options.bearerToken, {
    plugins: base ? [apiBaseUrlPlugin(base)] : [],
    ...(base?.startsWith('http://') ? { httpAgent: new http.Agent({ keepAlive: false }) } : {}),
  });
  const backoff = options.reconnectDelayMs ?? defaultReconnectDelayMs;
  const logger = options.logger;
  const tokenName = options.bearerTokenName ?? 'TWITTER_BEARER_TOKEN';
  const authFailureLimit = options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT;
  if (!Number.isInteger(authFailureLimit) || authFailureLimit < 1)
    throw new ConfigError('authFailureLimit', `expected an integer ≥ 1, got ${authFailureLimit}`);
  let open: TweetStream<TweetV2SingleStreamResult> | undefined;

  return {
    name: SOURCE,
    async *records(read: SourceReadOptions = {}): AsyncGenerator<SourceRecord> {
      const failures = new AuthFailures(tokenName, authFailureLimit, logger);
      const synced = await syncRules(client, options.rules, failures, backoff, read.signal);
      if (synced === undefined) return; // stopped while waiting to retry
      logger?.info(synced, 'stream rules synced');
      const stream = await client.v2.searchStream({ ...STREAM_FIELDS, autoConnect: false });
      open = stream;
      const queue = new RecordQueue();
      const record = (key: string | null, value: string): void => queue.push({ key, value, source: SOURCE, cursor: key ?? '' });
      const tap = (): void => {
        const res = (stream as unknown as { res?: Readable }).res;
        if (res) tapUnparsableLines(res, (line) => record(null, line));
      };
      stream.on(ETwitterStreamEvent.Connected, () => {
        failures.reset();
        tap();
      });
      stream.on(ETwitterStreamEvent.Reconnected, () => {
        failures.reset();
        logger?.info({}, 'stream reconnected');
        tap();
      });
      stream.on(ETwitterStreamEvent.Data, (payload) => record(payload.data?.id ?? null, JSON.stringify(payload)));
      stream.on(ETwitterStreamEvent.DataError, (payload) =>
        logger?.warn(
          { errors: (payload as { errors?: unknown }).errors },
          'the stream sent an error message (an operational disconnect is followed by a reconnect)',
        ),
      );
      stream.on(ETwitterStreamEvent.ConnectionError, (err) => logger?.warn(describeError(err), 'stream connection lost; reconnecting'));
      stream.on(ETwitterStreamEvent.ReconnectError, (attempt) => logger?.warn({ attempt }, 'stream reconnect failed; backing off'));
      stream.on(ETwitterStreamEvent.ConnectionClosed, () => queue.end());
      const stop = (): void => {
        stream.close();
        queue.end();
      };
      read.signal?.addEventListener('abort', stop, { once: true });
      try {
        await stream.connect({
          autoReconnect: true,
          autoReconnectRetries: Infinity,
          keepAliveTimeout: options.keepAliveTimeoutMs ?? 120_000,
          nextRetryTimeout: (attempt, error) => {
            const stop = isUnauthorized(error) ? failures.note('a stream connect', error) : undefined;
            if (!stop) return reconnectDelay(attempt, error, backoff);
            queue.fail(stop);
            setImmediate(() => stream.close()); // after the library has set its retry timer, which close() clears
            return GIVE_UP_DELAY_MS;
          },
        });
        yield* queue.drain();
      } finally {
        read.signal?.removeEventListener('abort', stop);
        stream.close();
        open = undefined;
      }
    },
    async close() {
      open?.close();
    },
  };
}
