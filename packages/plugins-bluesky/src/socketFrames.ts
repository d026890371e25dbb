// One WebSocket connection as an async stream of text frames, with backpressure, an idle timeout and abort.

import WebSocket from 'ws';

/** How a connection ended, for the reconnect decision and the logs. */
export interface ConnectionEnd {
  /** The connection opened (the upgrade succeeded). */
  opened: boolean;
  code: number | null;
  reason: string;
  error: Error | null;
  idle: boolean;
}

export interface SocketFramesOptions {
  signal: AbortSignal;
  /** Drop the connection after this long without a frame. */
  idleTimeoutMs: number;
  /** Frames queued before the socket is paused (TCP backpressure reaches the server). Default 1000. */
  highWater?: number;
  /** Called with the open socket (so a close() elsewhere can wait for it). */
  onSocket?: (socket: WebSocket) => void;
}

const toText = (data: WebSocket.RawData): string =>
  Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');

/**
 * Connects to `url` and yields each message as text until the server closes, the connection fails or idles, or
 * `signal` aborts; frames that arrived before the end are all yielded first. The returned value says how it ended.
 *
 * @example
 * const frames = socketFrames('ws://127.0.0.1:6008/subscribe', { signal, idleTimeoutMs: 60_000 });
 * for await (const text of frames) console.log(text);
 */
export async function* socketFrames(url: string, options: SocketFramesOptions): AsyncGenerator<string, ConnectionEnd> {
  const highWater = options.highWater ?? 1000;
  const end: ConnectionEnd = { opened: false, code: null, reason: '', error: null, idle: false };
  const queue: string[] = [];
  let closed = false;
  let paused = false;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  const socket = new WebSocket(url, { handshakeTimeout: options.idleTimeoutMs });
  options.onSocket?.(socket);
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = (): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      end.idle = true;
      socket.terminate();
    }, options.idleTimeoutMs);
  };
  socket.on('open', () => {
    end.opened = true;
    armIdle();
  });
  socket.on('message', (data) => {
    armIdle();
    queue.push(toText(data));
    if (queue.length >= highWater && !paused) {
      paused = true;
      socket.pause();
    }
    notify();
  });
  socket.on('error', (err) => {
    end.error ??= err;
  });
  socket.on('close', (code, reason) => {
    closed = true;
    end.code = code;
    end.reason = reason.toString('utf8');
    clearTimeout(idleTimer);
    notify();
  });
  const onAbort = (): void => socket.terminate();
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) onAbort();
  try {
    for (;;) {
      const frame = queue.shift();
      if (frame !== undefined) {
        if (paused && queue.length < highWater / 2) {
          paused = false;
          socket.resume();
        }
        yield frame;
        continue;
      }
      if (closed) return end;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    clearTimeout(idleTimer);
    options.signal.removeEventListener('abort', onAbort);
    if (!closed) socket.terminate();
  }
}
