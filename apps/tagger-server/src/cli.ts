// The `tagger` command: `add-user NAME [--admin]` and `rotate-token NAME` print a new token once; `serve [--port N]` runs the server.

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DataError, SkimmerError } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { startTaggerServer, DEFAULT_UPLOAD_LIMIT_BYTES } from './server.ts';
import { openTaggerStore } from './taggerStore.ts';
import { addUser, rotateToken } from '@skimmer/tagging';

const USAGE = `usage:
  tagger add-user NAME [--admin] [--data-dir DIR]   create an annotator; prints its token once (refuses an existing NAME)
  tagger rotate-token NAME [--data-dir DIR]         new token for NAME, printed once; the old token and NAME's sessions stop working
  tagger serve [--port 8080] [--host 127.0.0.1] [--data-dir DIR] [--upload-limit-mb 20] [--session-hours 12] [--secure-cookie]
The store is embedded Postgres in .skimmer/postgres (shared with the pipeline and every other process on it)
unless --data-dir or DATABASE_URL (a Postgres server) says otherwise.`;

/** Opens the store the commands use; tests pass one over an in-memory store. */
export type TaggerStoreOpener = (options: { dataDir?: string }) => Promise<Store>;

/** Runs the CLI with `argv` (without node and the script); returns the exit code. */
export async function runTaggerCli(argv: readonly string[], open: TaggerStoreOpener = openTaggerStore): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      admin: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      'upload-limit-mb': { type: 'string' },
      'session-hours': { type: 'string' },
      'secure-cookie': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, name] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (command === 'add-user' || command === 'rotate-token') {
    if (!name) {
      console.error(`${command} needs a NAME\n${USAGE}`);
      return 2;
    }
    const store = await open({ dataDir: values['data-dir'] });
    try {
      if (command === 'add-user') {
        const token = await addUser(store.tagger, name, { admin: values.admin });
        console.log(`user ${name}${values.admin ? ' (admin)' : ''} created; token (shown once, keep it safe):\n${token}`);
      } else {
        const { token, user } = await rotateToken(store.tagger, name);
        console.log(
          `user ${name}${user.isAdmin ? ' (admin)' : ''}: new token (shown once, keep it safe); the old token and open sessions no longer work:\n${token}`,
        );
      }
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      console.error(`tagger: ${error.message}`);
      return 2;
    } finally {
      await store.close();
    }
    return 0;
  }
  if (command === 'serve') {
    const sessionHours = values['session-hours'] === undefined ? undefined : Number(values['session-hours']);
    if (sessionHours !== undefined && !(sessionHours > 0)) {
      console.error(`--session-hours: expected a positive number of hours, got ${JSON.stringify(values['session-hours'])}\n${USAGE}`);
      return 2;
    }
    const store = await open({ dataDir: values['data-dir'] });
    const limitMb = values['upload-limit-mb'] ? Number(values['upload-limit-mb']) : undefined;
    const tagger = await startTaggerServer({
      tagger: store.tagger,
      port: Number(values.port),
      host: values.host,
      logger: 'info',
      sessionTtlSeconds: sessionHours === undefined ? undefined : Math.max(1, Math.round(sessionHours * 3600)),
      secureCookie: values['secure-cookie'],
      uploadLimitBytes: limitMb && limitMb > 0 ? limitMb * 1024 * 1024 : DEFAULT_UPLOAD_LIMIT_BYTES,
    });
    console.log(`tagger listening on ${tagger.url}`);
    const stop = async () => {
      await tagger.close();
      await store.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => {});
  }
  console.error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runTaggerCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof SkimmerError ? `${err.name}: ${err.message}` : err);
      process.exit(1);
    },
  );
}
