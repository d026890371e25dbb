// Reads a large CSV split with Papa Parse on blocks of whole records (about 10× csv-parse's record-by-record reading); the dataset reader takes over at anything unusual.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BadRecordError, compileDataRecord, planColumns } from '@skimmer/core';
import type { ColumnMapping, DataRecord, DataRecordBuilder } from '@skimmer/core';
import Papa from 'papaparse';

const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BOM = '\uFEFF';
const MAX_CARRY = 1 << 26;

function isFieldEnd(code: number): boolean {
  return code === COMMA || code === LF || code === CR;
}

/**
 * Follows the quotes of a CSV text chunk by chunk (only the quote characters are visited): `chunk` is false as soon as
 * a quote is where csv-parse would reject it (inside an unquoted field, or a closing quote not followed by a comma or
 * a line end), and tells where the chunk's last whole record ends (`recordsEnd`: just past its last line feed
 * outside quotes, -1 when none).
 */
export class QuoteCheck {
  private inQuotes = false;
  /** A quote ended the last chunk inside a quoted field: an escaped pair or the closing quote, told by the next character. */
  private pending = false;
  private last = LF;
  recordsEnd = -1;

  /** False when `text`, continuing what came before, has a quote out of place. */
  chunk(text: string): boolean {
    this.recordsEnd = -1;
    if (text.length === 0) return true;
    let i = 0;
    /** Start of the current stretch outside quotes. */
    let outside = this.inQuotes ? -1 : 0;
    if (this.pending) {
      this.pending = false;
      if (text.charCodeAt(0) === QUOTE) i = 1;
      else if (!isFieldEnd(text.charCodeAt(0))) return false;
      else {
        this.inQuotes = false;
        outside = 0;
      }
    }
    for (let q = text.indexOf('"', i); q >= 0; q = text.indexOf('"', i)) {
      if (!this.inQuotes) {
        const before = q === 0 ? this.last : text.charCodeAt(q - 1);
        if (before !== COMMA && before !== LF) return false;
        this.endOutside(text, outside, q);
        this.inQuotes = true;
        i = q + 1;
      } else if (q + 1 === text.length) {
        this.pending = true;
        break;
      } else if (text.charCodeAt(q + 1) === QUOTE) {
        i = q + 2;
      } else {
        if (!isFieldEnd(text.charCodeAt(q + 1))) return false;
        this.inQuotes = false;
        outside = q + 1;
        i = q + 1;
      }
    }
    if (!this.inQuotes) this.endOutside(text, outside, text.length);
    this.last = text.charCodeAt(text.length - 1);
    return true;
  }

  /** A stretch `[from, to)` outside quotes ended: its last line feed is the latest known record end. */
  private endOutside(text: string, from: number, to: number): void {
    if (from < 0 || to <= from) return;
    const at = text.lastIndexOf('\n', to - 1);
    if (at >= from) this.recordsEnd = at + 1;
  }

  /** False when the text ended inside a quoted field. */
  end(): boolean {
    return !this.inQuotes || this.pending;
  }
}

/** The header's names (trimmed) and the record builder of its column plan, or undefined when the file is not one this path reads. */
function headerOf(file: string, header: string[], columns: ColumnMapping | undefined): { names: string[]; build: DataRecordBuilder } | undefined {
  const names = header.map((name) => name.trim());
  // A line end inside the header: CR line ends (one long "header"), or a quoted name over two lines.
  if (names.length < 2 || names.some((name) => name.includes('\r') || name.includes('\n'))) return undefined;
  // Throws the dataset reader's DataError for a missing column.
  const plan = planColumns(file, columns, names);
  // Without an id column the reader numbers records by line: left to it.
  return plan.idSource === null ? undefined : { names, build: compileDataRecord(plan, names) };
}

/**
 * The records of CSV `file`, in batches, equal to those of the dataset reader (csv-parse: header names trimmed, BOM
 * dropped, empty lines skipped) for a well-formed file. When the file is not one this path reads (no id column, one
 * column, a line end other than LF or CRLF, no record), or at the first unusual record (a field count that differs
 * from the header's, a quote out of place, a record the column plan rejects), the records already handed on are
 * counted and `fallback(skip)` reads the rest: the dataset reader from the start, skipping them, so what follows,
 * errors included, is its own.
 *
 * @example
 * for await (const batch of fastCsvRecords(file, columns, (skip) => skipRecords(datasets.read(file, { columns }), skip))) batch.length;
 */
export async function* fastCsvRecords(
  file: string,
  columns: ColumnMapping | undefined,
  fallback: (skip: number) => AsyncIterable<DataRecord>,
): AsyncGenerator<DataRecord[]> {
  let handed = 0;
  let usual = await stat(file).then(
    (info) => info.isFile() && info.size > 0,
    () => false,
  );
  let setup: { names: string[]; build: DataRecordBuilder } | undefined;
  let newline: '\n' | '\r\n' | undefined;
  const quotes = new QuoteCheck();
  /** Parses whole records; false at the first unusual one (the records before it are in `batch`). */
  const parse = (text: string, batch: DataRecord[]): boolean => {
    newline ??= text.includes('\r\n') ? '\r\n' : '\n';
    const { data, errors } = Papa.parse<string[]>(text, { delimiter: ',', newline, quoteChar: '"', escapeChar: '"', skipEmptyLines: true });
    // Papa's quote errors: the QuoteCheck catches these first; left to the reader all the same, from this block on.
    if (errors.length > 0) return false;
    let at = 0;
    if (!setup) {
      setup = data.length > 0 ? headerOf(file, data[0], columns) : undefined;
      if (!setup) return false;
      at = 1;
    }
    const { names, build } = setup;
    try {
      for (; at < data.length; at++) {
        const row = data[at];
        if (row.length !== names.length) return false;
        // Records have ids from the id column: the line number (unknown here) only goes into errors, and a bad record is the reader's.
        batch.push(build(row, 0));
      }
    } catch (error) {
      if (!(error instanceof BadRecordError)) throw error;
      return false;
    }
    return true;
  };

  if (usual) {
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    let carry = '';
    let first = true;
    try {
      for await (const piece of stream as AsyncIterable<string>) {
        const text = first && piece.startsWith(BOM) ? piece.slice(1) : piece;
        first = false;
        if (!quotes.chunk(text)) {
          usual = false;
          break;
        }
        if (quotes.recordsEnd < 0) {
          carry += text;
          // No line feed outside quotes in 64 MiB: not LF / CRLF records (a file of CR line ends), left to the reader.
          usual = carry.length < MAX_CARRY;
          if (usual) continue;
          break;
        }
        const batch: DataRecord[] = [];
        usual = parse(carry + text.slice(0, quotes.recordsEnd), batch);
        carry = text.slice(quotes.recordsEnd);
        handed += batch.length;
        if (batch.length > 0) yield batch;
        if (!usual) break;
      }
      if (usual && !quotes.end()) usual = false;
      if (usual && carry.length > 0) {
        const batch: DataRecord[] = [];
        usual = parse(carry, batch);
        handed += batch.length;
        if (batch.length > 0) yield batch;
      }
    } finally {
      stream.destroy();
    }
  }
  // No record at all: the reader's error for an empty file.
  if (usual && handed > 0) return;
  let batch: DataRecord[] = [];
  for await (const record of fallback(handed)) {
    batch.push(record);
    if (batch.length === 1024) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
