// Specification of the JSONL reader: real stream tweets, line numbers in errors, and the skip / dead-letter policies.

import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { datasetPath } from '@skimmer/core';
import type { BadRecord } from '@skimmer/core';
import { readDatasetAll } from '../src/index.ts';

const badLine = path.join(import.meta.dirname, 'fixtures', 'bad_line.jsonl');

describe('jsonlReader', () => {
  it('reads raw tweets with their 19 topic columns (TweetTopicXL)', async () => {
    const records = await readDatasetAll(datasetPath('ai-tweets', 'tweettopicxl-anon7331', 'en_1000.jsonl'));
    expect(records).toHaveLength(1000);
    expect(records[0].text).toBe('Trolling and impersonating as boys is not funny! It has been repeated many times to not to be done!');
    expect(records[0]['diaries_&_daily_life']).toBe(1);
    expect(records[0].topics).toEqual(['Diaries & Daily Life', 'News & Social Concern']);
    expect(records.filter((r) => r['science_&_technology'] === 1)).toHaveLength(37);
  });

  it('fails on a malformed line, naming file:line', async () => {
    await expect(readDatasetAll(badLine)).rejects.toThrow(`${badLine}:3: invalid JSON`);
  });

  it("drops malformed lines under onBadRecord: 'skip'", async () => {
    const records = await readDatasetAll(badLine, { onBadRecord: 'skip' });
    expect(records.map((r) => r.id)).toEqual(['1', '2', '5']);
  });

  it("collects malformed lines with their line number under onBadRecord: 'dead-letter'", async () => {
    const deadLetters: BadRecord[] = [];
    await readDatasetAll(badLine, { onBadRecord: 'dead-letter', deadLetters });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ file: badLine, line: 3, raw: '{"id": "3", "text": broken' });
  });

  it('treats a line without the text field as a bad record naming the field', async () => {
    await expect(readDatasetAll(badLine, { columns: { text: 'body' }, onBadRecord: 'error' })).rejects.toThrow(
      `${badLine}:1: field 'body' must be a string (got no such field)`,
    );
  });

  it('rejects an empty file', async () => {
    const empty = path.join(import.meta.dirname, 'fixtures', 'empty.jsonl');
    await expect(readDatasetAll(empty)).rejects.toThrow(`${empty}: empty file (no records)`);
  });
});
