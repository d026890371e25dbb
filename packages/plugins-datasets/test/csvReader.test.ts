// Specification of the CSV reader: header trimming, BOM, quoted newlines, column mapping and the errors it raises.

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { DataError, datasetPath } from '@skimmer/core';
import { readDatasetAll } from '../src/index.ts';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('csvReader', () => {
  it('trims CrisisLexT6 header names so `tweet id` and `tweet` can be mapped', async () => {
    const records = await readDatasetAll(datasetPath('crisislex-t6', '2013_Boston_Bombings-ontopic_offtopic.csv'), {
      columns: { id: 'tweet id', text: 'tweet' },
    });
    expect(records).toHaveLength(10012);
    expect(records[2]).toEqual({
      id: "'325182966332530688'",
      text: 'This is fucking crazy. Suspect # 2 has like 2 hours max.',
      label: 'on-topic',
    });
  });

  it('maps the UCI YouTube columns (COMMENT_ID, CONTENT, CLASS) and keeps the other columns', async () => {
    const records = await readDatasetAll(datasetPath('uci-youtube-spam', 'Youtube01-Psy.csv'), {
      columns: { id: 'COMMENT_ID', text: 'CONTENT', label: 'CLASS' },
    });
    expect(records).toHaveLength(350);
    expect(records[0]).toEqual({
      id: 'LZQPQhLyRh80UYxNuaDWhIGQYNQ96IuCg-AYWqNPjpU',
      text: 'Huh, anyway check out this you[tube] channel: kobyoshi02',
      label: '1',
      AUTHOR: 'Julius NM',
      DATE: '2013-11-07T06:20:48',
    });
  });

  it('strips a BOM, trims padded header names and keeps newlines and quotes inside quoted fields', async () => {
    expect(await readDatasetAll(fixture('bom_quoted_newline.csv'))).toEqual([
      { id: '1', text: 'first line\nsecond line', label: 'spam' },
      { id: '2', text: 'she said "hi"', label: null },
    ]);
  });

  it('names the file, the missing column and the columns it has when there is no text column', async () => {
    await expect(readDatasetAll(fixture('no_text.csv'))).rejects.toThrow(
      `${fixture('no_text.csv')}: no column 'text' (columns: a, b); map one with columns.text`,
    );
  });

  it('rejects an empty file and a file with a header only', async () => {
    await expect(readDatasetAll(fixture('empty.csv'))).rejects.toThrow(`${fixture('empty.csv')}: empty file (no records)`);
    await expect(readDatasetAll(fixture('header_only.csv'))).rejects.toThrow(`${fixture('header_only.csv')}: empty file (no records)`);
  });

  it('reports a missing file as a DataError naming it', async () => {
    const error = await readDatasetAll(fixture('absent.csv')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).context.file).toBe(fixture('absent.csv'));
  });
});
