// The `tagger` command: `add-user NAME [--admin]` and `rotate-token NAME` print a new token once; `add-member PROJECT USER`
// lets a user open a project; `serve [--port N]` runs the server.

import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, DataError, SkimmerError } from '@skimmer/core';
import type { Store } from '@skimmer/core';
import { startTaggerServer, DEFAULT_UPLOAD_LIMIT_BYTES } from './server.ts';
import { openTaggerStore } from './taggerStore.ts';
import { addMember, addUser, checkUserName, rotateToken } from '@skimmer/tagging';

const USAGE = `usage:
  tagger add-user NAME [--admin] [--data-dir DIR]   create an annotator; prints its token once (refuses an existing NAME)
  tagger rotate-token NAME [--data-dir DIR]         new token for NAME, printed once; the old token and NAME's sessions stop working
  tagger add-member PROJECT USER [--data-dir DIR]   let USER open PROJECT (e.g. the one pipeline iterate created)
  tagger serve [--port 8080] [--host 127.0.0.1] [--data-dir DIR] [--upload-limit-mb 20] [--session-hours 12] [--secure-cookie]
The store is embedded Postgres in .skimmer/postgres (shared with the pipeline and every other process on it)
unless --data-dir or DATABASE_URL (a Postgres server) says otherwise. Exit codes: 0 done, 1 failed while running,
2 bad usage or data (one line on stderr; --debug adds the stack trace).`;

/** Exit codes, as the `pipeline` CLI's (docs/cli.md): 0 done, 1 failed while running, 2 bad usage, config or data. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_BAD_INPUT = 2;

/** Opens the store the commands use; tests pass one over an in-memory store. */
export type TaggerStoreOpener = (options: { dataDir?: string }) => Promise<Store>;

type Options = NonNullable<ParseArgsConfig['options']>;
const COMMON: Options = { 'data-dir': { type: 'string' }, debug: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } };
/** Each command's options: an option of another command is refused, not ignored. */
const COMMAND_OPTIONS: Readonly<Record<string, Options>> = {
  'add-user': { ...COMMON, admin: { type: 'boolean', default: false } },
  'rotate-token': COMMON,
  'add-member': COMMON,
  serve: {
    ...COMMON,
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'upload-limit-mb': { type: 'string' },
    'session-hours': { type: 'string' },
    'secure-cookie': { type: 'boolean', default: false },
  },
};
/** Positional arguments after the command. */
const ARITY: Readonly<Record<string, string[]>> = { 'add-user': ['NAME'], 'rotate-token': ['NAME'], 'add-member': ['PROJECT', 'USER'], serve: [] };

type Values = Record<string, string | boolean | undefined>;

/** A command-line mistake: the option (or '') and what was wrong; exit code 2. */
const usageError = (option: string, message: string): ConfigError => new ConfigError(option, message);

/** `--port`: a whole number 0–65535 (0 = any free port). */
function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port <= 65535)) throw usageError('--port', `expected a whole number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

/** A positive number option (`--session-hours`, `--upload-limit-mb`), or undefined when not given. */
function positiveNumber(values: Values, option: string, unit: string): number | undefined {
  const text = values[option];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (String(text).trim() === '' || !(n > 0) || !Number.isFinite(n))
    throw usageError(`--${option}`, `expected a positive number of ${unit}, got ${JSON.stringify(text)}`);
  return n;
}

/** The command, its checked positionals and options; throws a usage error (exit 2) for anything else. */
function parseCommandLine(argv: readonly string[]): { command: string; names: string[]; values: Values } | null {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return null;
  if (!Object.hasOwn(COMMAND_OPTIONS, command))
    throw usageError('', `unknown command ${JSON.stringify(command)} (commands: ${Object.keys(COMMAND_OPTIONS).join(', ')}; tagger --help shows the usage)`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options: COMMAND_OPTIONS[command] });
  } catch (error) {
    // node:util's parse errors (unknown option, missing value): its first sentence, as one line
    throw usageError('', `${command}: ${(error as Error).message.split('\n')[0]!.split('. ')[0]!.replace(/\.$/, '')} (tagger --help shows the usage)`);
  }
  const values = parsed.values as Values;
  if (values.help) return null;
  const wanted = ARITY[command]!;
  if (parsed.positionals.length < wanted.length) throw usageError('', `${command} needs ${wanted.join(' ')} (tagger ${command} ${wanted.join(' ')})`);
  if (parsed.positionals.length > wanted.length)
    throw usageError('', `${command}: unexpected argument ${JSON.stringify(parsed.positionals[wanted.length])} (tagger --help shows the usage)`);
  return { command, names: parsed.positionals, values };
}

async function userCommand(command: string, name: string, values: Values, open: TaggerStoreOpener): Promise<number> {
  checkUserName(name); // before the store opens: a bad name costs no database start
  const store = await open({ dataDir: values['data-dir'] as string | undefined });
  try {
    if (command === 'add-user') {
      const token = await addUser(store.tagger, name, { admin: values.admin === true });
      console.log(`user ${name}${values.admin ? ' (admin)' : ''} created; token (shown once, keep it safe):\n${token}`);
    } else {
      const { token, user } = await rotateToken(store.tagger, name);
      console.log(
        `user ${name}${user.isAdmin ? ' (admin)' : ''}: new token (shown once, keep it safe); the old token and open sessions no longer work:\n${token}`,
      );
    }
  } finally {
    await store.close();
  }
  return EXIT_OK;
}

async function addMemberCommand(projectId: string, user: string, values: Values, open: TaggerStoreOpener): Promise<number> {
  checkUserName(user);
  const store = await open({ dataDir: values['data-dir'] as string | undefined });
  try {
    await addMember(store.tagger, projectId, user);
    console.log(`user ${user} is a member of project ${projectId}`);
  } finally {
    await store.close();
  }
  return EXIT_OK;
}

async function serveCommand(values: Values, open: TaggerStoreOpener): Promise<number> {
  const port = parsePort(values.port as string);
  const sessionHours = positiveNumber(values, 'session-hours', 'hours');
  const limitMb = positiveNumber(values, 'upload-limit-mb', 'megabytes');
  const store = await open({ dataDir: values['data-dir'] as string | undefined });
  const tagger = await startTaggerServer({
    tagger: store.tagger,
    port,
    host: values.host as string,
    logger: 'info',
    sessionTtlSeconds: sessionHours === undefined ? undefined : Math.max(1, Math.round(sessionHours * 3600)),
    secureCookie: values['secure-cookie'] === true,
    uploadLimitBytes: limitMb === undefined ? DEFAULT_UPLOAD_LIMIT_BYTES : limitMb * 1024 * 1024,
  }).catch(async (error: unknown) => {
    await store.close().catch(() => {});
    throw error;
  });
  console.log(`tagger listening on ${tagger.url}`);
  const stop = async () => {
    await tagger.close();
    await store.close();
    process.exit(EXIT_OK);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
}

/** One line for an error: a Skimmer error's or a system error's message (EADDRINUSE…), else the message as unexpected. */
function errorLine(error: unknown): string {
  if (error instanceof SkimmerError || typeof (error as NodeJS.ErrnoException)?.syscall === 'string') return (error as Error).message;
  return `unexpected error: ${(error as Error)?.message ?? String(error)}`;
}

/**
 * Runs the CLI with `argv` (without node and the script); returns the exit code: 0 done, 1 failed while running, 2 bad
 * usage or data. An error is one line on stderr (`tagger: …`); its stack trace only with --debug.
 *
 * @example
 * process.exitCode = await runTaggerCli(['add-user', 'alice']);
 */
export async function runTaggerCli(argv: readonly string[], open: TaggerStoreOpener = openTaggerStore): Promise<number> {
  try {
    const parsed = parseCommandLine(argv);
    if (!parsed) {
      // asked for (--help): the answer, on stdout; no command at all: a usage mistake, on stderr
      if (argv.length === 0) console.error(USAGE);
      else console.log(USAGE);
      return argv.length === 0 ? EXIT_BAD_INPUT : EXIT_OK;
    }
    const { command, names, values } = parsed;
    if (command === 'serve') return await serveCommand(values, open);
    if (command === 'add-member') return await addMemberCommand(names[0]!, names[1]!, values, open);
    return await userCommand(command, names[0]!, values, open);
  } catch (error) {
    const bad = error instanceof ConfigError || error instanceof DataError;
    console.error(`tagger: ${errorLine(error)}`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) console.error(error.stack);
    return bad ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runTaggerCli(process.argv.slice(2)).then((code) => {
    if (code !== EXIT_OK || process.argv[2] !== 'serve') process.exit(code);
  });
}
