// A Store that opens the real one on first use, so a plugin can register it synchronously in the DI container.

import { labelVotesOf, type LabelVoteRepository, type LabelVoteStore, type Store } from '@skimmer/core';
import type { StoreKind } from './openStore.ts';
import { jsonbProblem } from './jsonbLimits.ts';

type AsyncMethods<R> = { [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => Promise<T> : never };

/** Forwards each named async method of the repository `pick(store)` once the store is open. */
function forward<R extends object>(open: () => Promise<Store>, pick: (s: Store) => R, names: ReadonlyArray<keyof R>): R {
  const out: Partial<Record<keyof R, unknown>> = {};
  for (const name of names) {
    out[name] = async (...args: unknown[]) => {
      const repo = pick(await open()) as AsyncMethods<R>;
      return (repo[name] as (...a: unknown[]) => Promise<unknown>).apply(repo, args);
    };
  }
  return out as R;
}

/**
 * Wraps `open` (called at most once, on the first use of any member) as a Store.
 *
 * @example
 * const store = lazyStore('pglite', () => openStore({ dataDir: 'memory://' }));
 * await store.posts.countPosts(); // opens and migrates here
 */
export function lazyStore(kind: StoreKind, open: () => Promise<Store>): LabelVoteStore {
  let opened: Promise<Store> | undefined;
  let current: Store | undefined;
  const get = (): Promise<Store> => (opened ??= open().then((s) => (current = s)));
  /** The open store, or undefined when it was never opened or failed to open (then there is nothing to close). */
  const openedOrNothing = async (): Promise<Store | undefined> => opened?.catch(() => undefined);
  return {
    kind,
    get url() {
      return current?.url;
    },
    sql: {
      query: async (sql, params) => (await get()).sql.query(sql, params),
      transaction: async (fn) => (await get()).sql.transaction(fn),
      close: async () => (await openedOrNothing())?.sql.close(),
    },
    posts: {
      ...forward(get, (s) => s.posts, ['ingestBatch', 'readOffsets', 'readSourceCursor', 'countPosts', 'getPosts', 'listDeadLetters']),
      payloadProblem: jsonbProblem,
      postPreparer: async () => (await (await get()).posts.postPreparer?.()) ?? null,
      async *streamPosts(options) {
        yield* (await get()).posts.streamPosts(options);
      },
    },
    datasets: forward(get, (s) => s.datasets, ['saveDataset', 'getDataset', 'listDatasets', 'readSplit']),
    goldLabels: forward(get, (s) => s.goldLabels, ['upsert', 'read']),
    runs: forward(get, (s) => s.runs, ['create', 'finish', 'get', 'list']),
    labelOutputs: {
      ...forward(get, (s) => s.labelOutputs, ['save', 'read', 'deleteRuns']),
      async *readBlocks(runId) {
        yield* (await get()).labelOutputs.readBlocks(runId);
      },
    },
    labelVotes: forward(get, (s) => labelVotesOf(s) as LabelVoteRepository, [
      'saveBatch',
      'readOffsets',
      'readStats',
      'readVotes',
      'saveModel',
      'readModel',
      'readStatus',
      'labelNextPartition',
      'partitionStates',
      'dropPendingPartitions',
    ]),
    predictions: { ...forward(get, (s) => s.predictions, ['saveBatch', 'read', 'domainCounts']), payloadProblem: jsonbProblem },
    tagger: forward(get, (s) => s.tagger, [
      'migrate',
      'createUser',
      'rekeyUser',
      'userByTokenHash',
      'unknownUsers',
      'openSession',
      'userBySessionHash',
      'closeSession',
      'createProject',
      'getProject',
      'listProjects',
      'isMember',
      'addMember',
      'upsertRecords',
      'setPredictions',
      'saveTag',
      'undoLastTag',
      'tagHistory',
      'progress',
      'labelledTags',
      'saveResolution',
      'nextRecords',
      'getRecord',
    ]),
    iterations: forward(get, (s) => s.iterations, ['migrate', 'list', 'recordPushedBatch', 'recordTraining']),
    dashboard: forward(get, (s) => s.dashboard, [
      'ping',
      'latestModelId',
      'postsPerMinute',
      'relevantShare',
      'topDomains',
      'topUrls',
      'countUrlsIn',
      'recentRuns',
      'lastTrainedIterations',
      'relevantFeed',
    ]),
    migrate: async () => (await get()).migrate(),
    close: async () => (await openedOrNothing())?.close(),
  };
}
