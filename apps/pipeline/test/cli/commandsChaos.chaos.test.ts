// Chaos (`npm run test:chaos`): the real `pipeline run`, `ingest`, `classify-stream` and `serve` processes are killed with
// -9 at seeded random moments on each store kind (PGlite, embedded Postgres, a Postgres server) and started again; the
// store is then counted: a run that printed its report is in `runs`, every post before a stored ingest cursor is in
// raw_posts, every stored prediction stays, a restarted serve answers, and no Postgres process of the data dir is left.
// SKIMMER_CHAOS_SEED / _KILLS / _KINDS pick the moments, the kills per command and the kinds (test-support/chaos.ts).

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { Store } from '@skimmer/core';
import { openStore } from '@skimmer/plugins-postgres';
import { writeSyntheticStream } from '../../../../test-support/syntheticStream.ts';
import { testDatabaseUrl } from '../../../../test-support/testServices.ts';
import {
  CHAOS_KILLS,
  CHAOS_KINDS,
  CHAOS_SEED,
  chaosStore,
  killAfter,
  postgresProcessesOf,
  seededRandom,
  spawnNode,
  waitForOutput,
} from '../../../../test-support/chaos.ts';
import type { ChaosStore, ChaosStoreKind } from '../../../../test-support/chaos.ts';
import { PIPELINE_BIN } from '../../src/cliProcess.ts';
import { SERVE_KEY, writeYoutubeConfig } from './youtubeConfig.ts';

/** Stream lines replayed by ingest and classify-stream: 5,000 posts, so ingest stores ten batches of 500. */
const POSTS = 5_000;
/** The replay's post ids in bus order (offset i of the one partition is post i). */
const REPLAY_IDS = Array.from({ length: POSTS }, (_, i) => String(1_500_000_000_000_000_000n + BigInt(i)));

const stores: ChaosStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.cleanup();
});

/** Everything counted, per store kind: printed at the end of each test as one JSON line. */
interface Counts {
  kind: ChaosStoreKind;
  kills: number;
  runsReported: number;
  runsStored: number;
  ingestOffsetsChecked: number;
  predictionsKept: number;
  serveRestarts: number;
  lost: string[];
  orphans: string[];
}

/** Opens the store in this process, runs `count` and closes it again (PGlite allows one process at a time). */
async function withStore<T>(s: ChaosStore, count: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(s.options);
  try {
    return await count(store);
  } finally {
    await store.close();
  }
}

const cli = (args: string[], cwd: string) => spawnNode([PIPELINE_BIN, ...args], { cwd, env: { DATABASE_URL: undefined } });

for (const kind of CHAOS_KINDS) {
  test(`${kind}: kill -9 of run, ingest, classify-stream and serve at random moments loses nothing acknowledged and leaves no Postgres`, {
    timeout: 1_800_000,
  }, async () => {
    const s = await chaosStore(kind, testDatabaseUrl);
    stores.push(s);
    const replay = writeSyntheticStream(path.join(s.dir, 'stream.jsonl'), POSTS, 0).file;
    const config = writeYoutubeConfig(s.dir, {
      extra: `store: ${s.yaml}
ingest:
  source: { type: replay, files: [${replay}] }
classifyStream:
  model: { latestRun: true }
  relevantLabel: spam
`,
    });
    const next = seededRandom(CHAOS_SEED * 31 + CHAOS_KINDS.indexOf(kind));
    const counts: Counts = {
      kind,
      kills: 0,
      runsReported: 0,
      runsStored: 0,
      ingestOffsetsChecked: 0,
      predictionsKept: 0,
      serveRestarts: 0,
      lost: [],
      orphans: [],
    };
    const quiet = ['--log-level', 'warn'];

    // pipeline run: one whole run gives the time span the kills are drawn from (and the model the others use).
    const reported: string[] = [];
    const started = Date.now();
    const whole = cli(['run', config, '--quiet', ...quiet], s.dir);
    expect(await whole.exited, whole.stderr()).toBe(0);
    const span = Date.now() - started;
    const runId = (out: string) => /^run (\S+) · /m.exec(out)?.[1];
    reported.push(runId(whole.stdout())!);
    for (let k = 0; k < CHAOS_KILLS; k++) {
      const run = cli(['run', config, '--quiet', ...quiet], s.dir);
      const ended = await killAfter(run, Math.floor(next() * span * 1.1));
      if (ended === 'killed') counts.kills++;
      const id = runId(run.stdout());
      if (id) reported.push(id);
      const stored = await withStore(s, async (store) => (await store.sql.query<{ id: string }>('SELECT id FROM runs')).rows.map((r) => r.id));
      counts.lost.push(...reported.filter((r) => !stored.includes(r)).map((r) => `run ${r}`));
    }
    counts.runsReported = reported.length;

    // pipeline ingest: after each kill, the posts before the stored source cursor are there; then one ingest to the end. Kill
    // moments, here and for classify-stream, are drawn from the span of a whole `pipeline run` (start-up included).
    for (let k = 0; k <= CHAOS_KILLS; k++) {
      const ingest = cli(['ingest', config, ...quiet], s.dir);
      const last = k === CHAOS_KILLS;
      const ended = last ? await ingest.exited : await killAfter(ingest, Math.floor(next() * span));
      if (ended === 'killed') counts.kills++;
      if (last) expect(ended, ingest.stderr()).toBe(0);
      const { offsets, ids } = await withStore(s, async (store) => ({
        // The in-process bus resumes the replay from the cursor stored with the posts: the count of records read.
        offsets: (await store.sql.query<{ next: string }>("SELECT cursor AS next FROM ingest_source_cursors WHERE consumer_group LIKE 'skimmer-ingest%'")).rows,
        ids: new Set((await store.posts.getPosts(REPLAY_IDS)).map((p) => p.id)),
      }));
      for (const { next: n } of offsets) {
        counts.ingestOffsetsChecked++;
        counts.lost.push(
          ...REPLAY_IDS.slice(0, Number(n))
            .filter((id) => !ids.has(id))
            .map((id) => `post ${id} below stored cursor ${n}`),
        );
      }
      if (last) expect(ids.size).toBe(REPLAY_IDS.length);
    }

    // pipeline classify-stream: every prediction stored before a kill is still there afterwards; the last one ends. It
    // replays a file ingest has not stored (ingest resumes a replay from its stored cursor, so the file above is done).
    const live = writeSyntheticStream(path.join(s.dir, 'live.jsonl'), POSTS, 0).file;
    const liveConfig = config.replace(/\.yaml$/, '-live.yaml');
    writeFileSync(liveConfig, readFileSync(config, 'utf8').replace(`files: [${replay}]`, `files: [${live}]`));
    let kept = new Set<string>();
    for (let k = 0; k <= CHAOS_KILLS; k++) {
      const classify = cli(['classify-stream', liveConfig, '--duration', '2m', ...quiet], s.dir);
      const last = k === CHAOS_KILLS;
      const ended = last ? await classify.exited : await killAfter(classify, Math.floor(next() * span));
      if (ended === 'killed') counts.kills++;
      if (last) expect(ended, classify.stderr()).toBe(0);
      const now = await withStore(
        s,
        async (store) => new Set((await store.sql.query<{ k: string }>("SELECT post_id || '/' || model_id AS k FROM predictions")).rows.map((r) => r.k)),
      );
      counts.lost.push(...[...kept].filter((p) => !now.has(p)).map((p) => `prediction ${p}`));
      kept = now;
    }
    counts.predictionsKept = kept.size;

    // pipeline serve: killed while answering, started again, it answers; the last one stops on SIGTERM with 0.
    for (let k = 0; k <= CHAOS_KILLS; k++) {
      const serve = cli(['serve', config, '--port', '0', ...quiet], s.dir);
      const url = (await waitForOutput(serve, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/))[1];
      const answer = await fetch(`${url}/v1/classify`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'check out my channel' }),
      });
      expect(answer.status).toBe(200);
      if (k > 0) counts.serveRestarts++;
      if (k === CHAOS_KILLS) {
        serve.child.kill('SIGTERM');
        expect(await serve.exited).toBe(0);
      } else if ((await killAfter(serve, Math.floor(next() * 2_000))) === 'killed') counts.kills++;
    }

    counts.runsStored = await withStore(s, async (store) => (await store.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM runs')).rows[0].n);
    counts.orphans = kind === 'server' ? [] : postgresProcessesOf(s.dataDir);
    console.log(`chaos ${JSON.stringify({ seed: CHAOS_SEED, ...counts, lost: counts.lost.length, orphans: counts.orphans.length })}`);
    expect(counts.lost, 'acknowledged but lost').toEqual([]);
    expect(counts.orphans, `Postgres processes of ${s.dataDir} left running`).toEqual([]);
  });
}
