// Chaos (`npm run test:chaos`): the real `tagger serve` is killed with -9 at seeded random moments while an annotator
// tags, and started again, on embedded Postgres and on a Postgres server (the tagger CLI opens no PGlite store): every
// tag answered 2xx is stored, and no Postgres process of the data dir is left. Seed and kills: test-support/chaos.ts.

import { afterAll, expect, test } from 'vitest';
import { openStore } from '@skimmer/plugins-postgres';
import { testDatabaseUrl } from '../../../test-support/testServices.ts';
import * as chaos from '../../../test-support/chaos.ts';
import type { ChaosStore } from '../../../test-support/chaos.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/tagger.js');
const RECORDS = Array.from({ length: 400 }, (_, i) => ({ id: `r${i}`, text: `record number ${i}` }));
const stores: ChaosStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.cleanup();
});

for (const kind of chaos.CHAOS_KINDS.filter((k) => k !== 'pglite')) {
  test(`${kind}: kill -9 of tagger serve while tagging loses no tag that got a 2xx and leaves no Postgres`, { timeout: 600_000 }, async () => {
    const s = await chaos.chaosStore(kind, testDatabaseUrl);
    stores.push(s);
    const tagger = (args: string[]) => chaos.spawnNode([BIN, ...args, ...s.taggerArgs], { cwd: s.dir, env: s.taggerEnv });
    const added = tagger(['add-user', 'alice']);
    expect(await added.exited, added.stderr()).toBe(0);
    const token = added.stdout().trim().split('\n').at(-1)!;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const next = chaos.seededRandom(chaos.CHAOS_SEED * 17 + chaos.CHAOS_KINDS.indexOf(kind));
    const acknowledged: string[] = [];
    let projectId = '';
    let kills = 0;
    let position = 0;
    for (let k = 0; k <= chaos.CHAOS_KILLS; k++) {
      const serve = tagger(['serve', '--port', '0']);
      const url = (await chaos.waitForOutput(serve, /tagger listening on (\S+)/))[1];
      if (!projectId) {
        const created = await fetch(`${url}/api/projects`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            settings: {
              name: 'chaos',
              labels: [
                { label: 'ham', index: 0 },
                { label: 'spam', index: 1 },
              ],
            },
            records: RECORDS,
          }),
        });
        expect(created.status).toBe(201);
        projectId = ((await created.json()) as { project: { id: string } }).project.id;
      }
      const last = k === chaos.CHAOS_KILLS;
      const killed = last ? undefined : chaos.killAfter(serve, 300 + Math.floor(next() * 3_000));
      // Tags one record after the other until the server is gone (or, the last time, 20 more).
      for (const stop = position + 20; position < RECORDS.length && (!last || position < stop); position++) {
        const recordId = RECORDS[position].id;
        const res = await fetch(`${url}/api/projects/${projectId}/tags`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ recordId, label: position % 2 }),
        }).catch(() => undefined);
        if (!res) break;
        if (res.status >= 200 && res.status < 300) acknowledged.push(recordId);
        await res.arrayBuffer().catch(() => undefined);
      }
      if (killed && (await killed) === 'killed') kills++;
      if (last) {
        serve.child.kill('SIGTERM');
        expect(await serve.exited).toBe(0);
      }
    }
    const store = await openStore(s.options);
    let stored: Set<string>;
    try {
      const { rows } = await store.sql.query<{ record_id: string }>("SELECT record_id FROM tagger_tags WHERE project_id = $1 AND annotator = 'alice'", [
        projectId,
      ]);
      stored = new Set(rows.map((r) => r.record_id));
    } finally {
      await store.close();
    }
    const lost = acknowledged.filter((id) => !stored.has(id));
    const orphans = kind === 'server' ? [] : chaos.postgresProcessesOf(s.dataDir);
    console.log(
      `chaos ${JSON.stringify({ seed: chaos.CHAOS_SEED, kind, command: 'tagger serve', kills, tagsAcknowledged: acknowledged.length, tagsStored: stored.size, lost: lost.length, orphans: orphans.length })}`,
    );
    expect(lost, 'tags answered 2xx but not stored').toEqual([]);
    expect(orphans, `Postgres processes of ${s.dataDir} left running`).toEqual([]);
  });
}
