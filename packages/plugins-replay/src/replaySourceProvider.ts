// The replay SourceProvider: `ingest.source: { type: replay, files, speed, columns }`, files checked at the door and keyed for the resume cursor.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type ProviderContext, type SourceProvider } from '@skimmer/core';
import { replaySource } from './replaySource.ts';

/** `ingest.source` of a replay: recorded files (relative to the config file), replayed in order; unknown keys are errors. */
export const replaySourceOptions = z.strictObject({
  type: z.literal('replay'),
  files: z.array(z.string().min(1)).min(1),
  /** 0 = as fast as possible; 10 = ten times real time. */
  speed: z.number().min(0).default(0),
  /** Column names of CSV / flat JSON files, by Post field. */
  columns: z.partialRecord(z.enum(['id', 'text', 'created_at', 'lang', 'source', 'author_id', 'urls']), z.string()).optional(),
});

export type ReplaySourceConfig = z.infer<typeof replaySourceOptions>;

/**
 * The replay files resolved against the config's folder; a missing file (or a folder) is a ConfigError naming the
 * YAML path and the file, instead of a stream error deep in the reader.
 */
export async function checkedReplayFiles(
  files: readonly string[],
  ctx: Pick<ProviderContext, 'baseDir' | 'configFile' | 'configPath'>,
): Promise<Array<{ file: string; size: number; mtimeMs: number }>> {
  return Promise.all(
    files.map(async (f, i) => {
      const file = path.resolve(ctx.baseDir, f);
      const where = `${ctx.configPath}.files[${i}]`;
      const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
        throw new ConfigError(where, `${file}: ${err.code === 'ENOENT' ? 'file not found' : err.message} (in ${ctx.configFile})`, { file });
      });
      if (!info.isFile()) throw new ConfigError(where, `${file}: not a file (in ${ctx.configFile})`, { file });
      return { file, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) };
    }),
  );
}

/**
 * Registered by the plugin for `ingest.source.type: replay`. Its identity is the files' path, size and modification
 * time (and the column map): the same files resume where the last ingest stopped, other files start at their beginning.
 *
 * @example
 * await replaySourceProvider.identity!({ type: 'replay', files: ['a.jsonl'], speed: 0 }, ctx); // 'replay-3f9c0a1b2c3d'
 */
export const replaySourceProvider: SourceProvider<ReplaySourceConfig> = {
  type: 'replay',
  optionsSchema: replaySourceOptions,
  async identity(options, ctx) {
    const hash = createHash('sha256');
    for (const f of await checkedReplayFiles(options.files, ctx)) hash.update(`${f.file}\0${f.size}\0${f.mtimeMs}\n`);
    hash.update(JSON.stringify(options.columns ?? {}));
    return `replay-${hash.digest('hex').slice(0, 12)}`;
  },
  async create(options, ctx) {
    const files = await checkedReplayFiles(options.files, ctx);
    return replaySource({ files: files.map((f) => f.file), speed: options.speed, columns: options.columns });
  },
};
