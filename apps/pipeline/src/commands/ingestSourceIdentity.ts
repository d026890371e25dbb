// Which source an ingest reads, as a short key: replay files checked at the door (one-line error when missing) and keyed by path, size and mtime; the consumer offsets of an in-process bus are kept per key.

import { createHash, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '@skimmer/core';
import type { IngestConfig } from './ingest.ts';

/**
 * The replay files, resolved against the config's folder; throws a ConfigError naming the YAML path and the file
 * when one is missing or not a file (instead of a stream error deep in the reader).
 */
export async function checkedReplayFiles(
  files: readonly string[],
  baseDir: string,
  configFile: string,
): Promise<Array<{ file: string; size: number; mtimeMs: number }>> {
  return Promise.all(
    files.map(async (f, i) => {
      const file = path.resolve(baseDir, f);
      const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
        throw new ConfigError(`ingest.source.files[${i}]`, `${file}: ${err.code === 'ENOENT' ? 'file not found' : err.message} (in ${configFile})`, { file });
      });
      if (!info.isFile()) throw new ConfigError(`ingest.source.files[${i}]`, `${file}: not a file (in ${configFile})`, { file });
      return { file, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
    }),
  );
}

/**
 * A key for the source `ingest.source` names: the same replay files (path, size, modification time) give the same
 * key, so a second ingest resumes where the first stopped; other files give another key and start at their
 * beginning. A live source on the in-process bus gets a key of its own each time: that bus lives and dies with
 * the process, so there is nothing to resume.
 *
 * @example
 * await sourceKey({ type: 'replay', files: ['a.jsonl'], speed: 0 }, '/data', 'config.yaml'); // 'replay-3f9c0a1b2c3d'
 */
export async function sourceKey(source: IngestConfig['source'], baseDir: string, configFile: string): Promise<string> {
  if (source.type !== 'replay') return `${source.type}-${randomBytes(6).toString('hex')}`;
  const hash = createHash('sha256');
  for (const f of await checkedReplayFiles(source.files, baseDir, configFile)) hash.update(`${f.file}\0${f.size}\0${f.mtimeMs}\n`);
  hash.update(JSON.stringify(source.columns ?? {}));
  return `replay-${hash.digest('hex').slice(0, 12)}`;
}

/**
 * The consumer group whose offsets the store keeps: on the in-process bus, `<group>@<source key>` (the bus's
 * offsets only mean something for the records this source produces); on Kafka the topic is the shared log and
 * the group stays as configured.
 */
export async function consumerGroupFor(ingest: Pick<IngestConfig, 'bus' | 'source'>, group: string, baseDir: string, configFile: string): Promise<string> {
  if (ingest.bus.type !== 'in-process') return group;
  return `${group}@${await sourceKey(ingest.source, baseDir, configFile)}`;
}
