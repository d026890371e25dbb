// `pipeline dataset inspect FILE [--json]` and `pipeline dataset convert IN OUT`: look into and convert CSV / JSONL / Parquet files.

import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { datasetFormatOf } from '@skimmer/core';
import type { DatasetDescription } from '@skimmer/core';
import { datasetsOf } from '../project/pluginProvider.ts';
import { UsageError } from '../usageError.ts';
import { compressionFor } from './compressionOption.ts';

const USAGE = `usage: pipeline dataset inspect FILE [--json] [--rows N]
       pipeline dataset convert IN OUT [--compression snappy|zstd|gzip|brotli|uncompressed]
  (files: .csv, .jsonl / .ndjson, .parquet; convert keeps every column, Parquet types as they were; OUT must not be IN;
   --compression is for .parquet output only; CSV output always defuses formulas: a cell starting with = + - or @
   gets a leading ' so no spreadsheet runs it, CSV → CSV too)`;

const bytes = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const json = (value: unknown) => JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));

/** The description as the plain-text report `inspect` prints. */
export function formatDescription(d: DatasetDescription): string {
  const lines = [`${d.file}: ${d.format}, ${d.rows} rows, ${d.columns.length} columns`];
  if (d.rowGroups) {
    const groups = d.rowGroups.map((group) => `${group.rows} rows / ${bytes(group.compressedBytes)}`);
    lines.push(`row groups: ${d.rowGroups.length} (${groups.slice(0, 8).join(', ')}${groups.length > 8 ? ', …' : ''})`);
    lines.push(`codecs: ${d.codecs!.join(', ')}; written by: ${d.createdBy ?? 'unknown'}`);
  }
  const width = d.columns.reduce((w, column) => Math.max(w, column.name.length), 6);
  lines.push('', `${'column'.padEnd(width)}  ${'physical'.padEnd(12)}  ${'logical'.padEnd(24)}  nulls`);
  for (const column of d.columns) {
    lines.push(`${column.name.padEnd(width)}  ${column.physicalType.padEnd(12)}  ${(column.logicalType ?? '-').padEnd(24)}  ${column.nulls}`);
  }
  lines.push('', `first ${d.firstRows.length} rows:`);
  for (const row of d.firstRows) lines.push(json(row));
  return lines.join('\n');
}

/**
 * The arguments with each of `flags` joined to its value (`--rows -1` → `--rows=-1`): commander already read the next
 * argument as the option's value, and node's parseArgs would refuse one that starts with a dash as ambiguous.
 */
function joinValues(argv: readonly string[], flags: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) args.push(flags.includes(argv[i]) && i + 1 < argv.length ? `${argv[i]}=${argv[++i]}` : argv[i]);
  return args;
}

async function inspect(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinValues(argv, ['--rows']),
    allowPositionals: true,
    options: { json: { type: 'boolean' }, rows: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError(`dataset inspect takes one file\n${USAGE}`);
  const head = values.rows === undefined ? 5 : Number(values.rows);
  if (!Number.isInteger(head) || head < 0) throw new UsageError(`--rows expects a whole number, got '${values.rows}'`);
  const description = await (await datasetsOf()).describe(positionals[0], { head });
  console.log(values.json ? json(description) : formatDescription(description));
  return 0;
}

/** A usage error when OUT is IN (the same path, or a link to it): converting a file onto itself would overwrite it. */
async function refuseSameFile(input: string, output: string): Promise<void> {
  const [a, b] = await Promise.all([stat(input).catch(() => undefined), stat(output).catch(() => undefined)]);
  if (a && b && a.dev === b.dev && a.ino === b.ino) throw new UsageError(`dataset convert: ${output} is the input file ${input}; write to another file`);
}

async function convert(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinValues(argv, ['--compression']),
    allowPositionals: true,
    options: { compression: { type: 'string' } },
  });
  if (positionals.length !== 2) throw new UsageError(`dataset convert takes IN and OUT\n${USAGE}`);
  const [input, output] = positionals;
  const datasets = await datasetsOf();
  const compression = compressionFor(values.compression, output);
  await refuseSameFile(input, output);
  const outFormat = datasetFormatOf(output);
  const types = datasetFormatOf(input) === 'parquet' && outFormat === 'parquet' ? await datasets.writerTypesOf(input) : undefined;
  const result = await datasets.writeRows(output, datasets.readRows(input), { types, compression });
  console.log(`${input} → ${output}: ${result.rows} rows, ${bytes(result.bytes)}`);
  return 0;
}

/**
 * Runs `pipeline dataset …`; returns the exit code (0 ok; bad arguments and unreadable files are errors with exit 2).
 *
 * @example
 * await datasetCommand(['convert', 'polars.parquet', 'polars.jsonl']); // prints 'polars.parquet → polars.jsonl: 10 rows, 4.1 kB'
 */
export async function datasetCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'inspect') return inspect(rest);
  if (sub === 'convert') return convert(rest);
  if (sub === undefined || sub === '--help' || sub === 'help') {
    console.log(USAGE);
    return 0;
  }
  throw new UsageError(`unknown dataset command '${sub}'\n${USAGE}`);
}
