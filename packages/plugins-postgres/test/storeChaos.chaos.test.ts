// Chaos: a process writing to an embedded store is killed with -9 at seeded random moments, again and again; after
// each kill the store is reopened and counted: every write acknowledged before the kill is there, and when the last
// store closes no Postgres process is left behind. About 100 s on a 2-core machine, so it runs on request only:
// `npm run test:chaos` (SKIMMER_CHAOS=1).
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { seededRandom } from '../../../test-support/chaos.ts';
import { runningPostmaster } from '../src/embeddedServer.ts';
import { openStore } from '../src/openStore.ts';

const HOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'holdStore.ts');
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Starts a writer, lets it acknowledge `acks` writes (plus a random few ms), kills it with -9; returns the acknowledged ids. */
async function writeAndKill(kind: 'pglite' | 'embedded', dataDir: string, prefix: string, acks: number, extraMs: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, kind, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const acknowledged: string[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  let killed = false;
  for await (const line of lines) {
    if (line.startsWith('{')) {
      child.stdin.write(`stream ${prefix}\n`);
      continue;
    }
    if (line.startsWith('inserted ')) acknowledged.push(line.slice('inserted '.length));
    if (acknowledged.length === acks && !killed) {
      killed = true;
      setTimeout(() => child.kill('SIGKILL'), extraMs);
    }
  }
  await exited;
  return acknowledged;
}

for (const kind of ['pglite', 'embedded'] as const) {
  test(`${kind}: kill -9 at 4 random moments of a writer, nothing acknowledged is lost, no server is left running`, { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), `skimmer-chaos-${kind}-`));
    await chmod(dir, 0o755);
    dirs.push(dir);
    const dataDir = path.join(dir, 'store');
    const next = seededRandom(kind === 'pglite' ? 17 : 42);
    const all: string[] = [];
    for (let round = 0; round < 4; round++) {
      const acked = await writeAndKill(kind, dataDir, `r${round}`, 1 + Math.floor(next() * 30), Math.floor(next() * 40));
      all.push(...acked);
      const store = await openStore({ kind, dataDir });
      try {
        const stored = new Set((await store.posts.getPosts(all)).map((p) => p.id));
        expect(
          all.filter((id) => !stored.has(id)),
          `round ${round}: acknowledged but lost`,
        ).toEqual([]);
      } finally {
        await store.close();
      }
      if (kind === 'embedded') expect(runningPostmaster(dataDir), `round ${round}: a server outlived its last store`).toBeUndefined();
    }
  });
}
