// A local HTTP server that speaks the v2 filtered-stream protocol: rules endpoints and a chunked stream of lines with keep-alive CRLFs.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStreamServer {
  /** Base URL to pass as `apiBaseUrl`, e.g. `http://127.0.0.1:12345/2/`. */
  base: string;
  /** The rules the server holds now. */
  rules: Array<{ id: string; value: string; tag?: string }>;
  /** Query strings of each stream connection, in order. */
  streamQueries: URLSearchParams[];
  /** Requests refused for a wrong or missing bearer token. */
  unauthorized: number;
  close(): Promise<void>;
}

export interface FakeStreamOptions {
  token: string;
  /** Stream lines to send; after `dropAfter` lines an operational-disconnect message is sent and the connection dropped; the rest go on the next connection. */
  lines: string[];
  dropAfter: number;
  initialRules: Array<{ id: string; value: string; tag?: string }>;
  /** Stream connections accepted; later ones are answered 401, as for a token revoked meanwhile. Default unlimited. */
  streamConnections?: number;
}

/** The error message of an operational disconnect, as the v2 stream sends it. */
export const OPERATIONAL_DISCONNECT = JSON.stringify({
  errors: [
    {
      title: 'operational-disconnect',
      disconnect_type: 'UpstreamOperationalDisconnect',
      detail: 'This stream has been disconnected upstream for operational reasons.',
      type: 'https://api.twitter.com/2/problems/operational-disconnect',
    },
  ],
});

function body(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => resolve(text));
  });
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startFakeStreamServer(options: FakeStreamOptions): Promise<FakeStreamServer> {
  let nextRuleId = 1000;
  let sent = 0;
  const sockets = new Set<import('node:net').Socket>();
  const state: Omit<FakeStreamServer, 'base' | 'close'> = { rules: [...options.initialRules], streamQueries: [], unauthorized: 0 };
  const server = http.createServer(async (req, res) => {
    // Servers check who calls: every endpoint needs the bearer token.
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      state.unauthorized += 1;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Unauthorized', status: 401 }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/2/tweets/search/stream/rules' && req.method === 'GET') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ data: state.rules, meta: { sent: new Date().toISOString(), result_count: state.rules.length } }));
      return;
    }
    if (url.pathname === '/2/tweets/search/stream/rules' && req.method === 'POST') {
      const update = JSON.parse(await body(req)) as { add?: Array<{ value: string; tag?: string }>; delete?: { ids: string[] } };
      if (update.delete) state.rules = state.rules.filter((r) => !update.delete!.ids.includes(r.id));
      const added = (update.add ?? []).map((r) => ({ ...r, id: String(nextRuleId++) }));
      state.rules.push(...added);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: added, meta: { sent: new Date().toISOString() } }));
      return;
    }
    if (url.pathname === '/2/tweets/search/stream' && req.method === 'GET') {
      if (state.streamQueries.length >= (options.streamConnections ?? Number.POSITIVE_INFINITY)) {
        state.unauthorized += 1;
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ title: 'Unauthorized', status: 401 }));
        return;
      }
      state.streamQueries.push(url.searchParams);
      const first = state.streamQueries.length === 1;
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.write('\r\n');
      const batch = first ? options.lines.slice(0, options.dropAfter) : options.lines.slice(sent);
      for (const line of batch) {
        res.write(`${line}\r\n`);
        res.write('\r\n');
      }
      sent += batch.length;
      if (first) {
        // What X sends before it closes a stream for operational reasons.
        res.write(`${OPERATIONAL_DISCONNECT}\r\n`);
        setTimeout(() => req.socket.destroy(), 20);
      } else {
        const keepAlive = setInterval(() => res.write('\r\n'), 50);
        res.on('close', () => clearInterval(keepAlive));
      }
      return;
    }
    res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    base: `http://127.0.0.1:${port}/2/`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
