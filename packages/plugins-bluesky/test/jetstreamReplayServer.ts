// A local WebSocket server that speaks Jetstream's /subscribe wire: replays recorded frames from `?cursor=`, can drop connections.

import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** The recorded frames of test/fixtures/jetstream-frames.jsonl, one frame's text per line. */
export function fixtureFrames(): string[] {
  return readFileSync(new URL('./fixtures/jetstream-frames.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

/** A frame's `time_us`, or null for a frame that has none (malformed ones). */
export function frameTimeUs(frame: string): number | null {
  try {
    const value = (JSON.parse(frame) as { time_us?: unknown }).time_us;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

export interface ReplayServerOptions {
  frames: readonly string[];
  /** Connection i is dropped (TCP reset, no close frame) after sending `dropAfter[i]` frames; absent: it sends all and stays open. */
  dropAfter?: readonly number[];
}

export interface JetstreamReplayServer {
  /** The `/subscribe` URL to pass as `endpoint`. */
  endpoint: string;
  /** Query of each connection, in order. */
  connections: URLSearchParams[];
  /** Connections open now. */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * Starts the server on a free port of 127.0.0.1. Like Jetstream, a `?cursor=` (unix microseconds) replays from the
 * first frame whose `time_us` is at or after it (inclusive); without one it starts at the first frame. It sends every
 * frame whatever `wantedCollections` says, so the client's own skipping is exercised.
 */
export async function startJetstreamReplayServer(options: ReplayServerOptions): Promise<JetstreamReplayServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/subscribe' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const connections: URLSearchParams[] = [];
  server.on('connection', (socket, request) => {
    const query = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    const index = connections.push(query) - 1;
    const cursor = query.get('cursor');
    let start = 0;
    if (cursor !== null) {
      start = options.frames.findIndex((f) => (frameTimeUs(f) ?? -1) >= Number(cursor));
      if (start < 0) start = options.frames.length;
    }
    const limit = options.dropAfter?.[index];
    const frames = options.frames.slice(start, limit === undefined ? undefined : start + limit);
    // Dropped only once the frames are written, so the client reads them all before the connection ends (code 1006).
    const dropNow = limit === undefined ? undefined : () => socket.terminate();
    frames.forEach((frame, i) => socket.send(frame, i === frames.length - 1 ? dropNow : undefined));
    if (frames.length === 0) dropNow?.();
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `ws://127.0.0.1:${port}/subscribe`,
    connections,
    openConnections: () => server.clients.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of server.clients) client.terminate();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
