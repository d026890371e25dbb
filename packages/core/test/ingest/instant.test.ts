// Specification of instantMs: the date forms of the shipped datasets and payloads, read as UTC whatever the machine's time zone.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../../src/ingest/instant.ts';
import { rowToPost } from '../../src/ingest/rowPost.ts';

const iso = (value: string): string | null => {
  const ms = instantMs(value);
  return ms === null ? null : new Date(ms).toISOString();
};

describe('instantMs', () => {
  it('reads a time without a zone as UTC (rtweet M/D/YYYY, YouTube ISO, pandas with a space)', () => {
    const cases: Array<[string, string]> = [
      ['4/27/2023 17:35:29', '2023-04-27T17:35:29.000Z'],
      ['12/1/2022 9:05', '2022-12-01T09:05:00.000Z'],
      ['4/27/2023', '2023-04-27T00:00:00.000Z'],
      ['2013-11-07T06:20:48', '2013-11-07T06:20:48.000Z'],
      ['2015-05-29T02:30:18.971000', '2015-05-29T02:30:18.971Z'],
      ['2021-04-01 15:52:31', '2021-04-01T15:52:31.000Z'],
      ['2021-04-01T15:52', '2021-04-01T15:52:00.000Z'],
      ['2017-07-17', '2017-07-17T00:00:00.000Z'],
    ];
    expect(cases.map(([value]) => [value, iso(value)])).toEqual(cases);
  });

  it('applies the zone written in the value', () => {
    const cases: Array<[string, string]> = [
      ['2023-01-22 13:23:30+00:00', '2023-01-22T13:23:30.000Z'],
      ['2021-04-01T17:52:31.000+02:00', '2021-04-01T15:52:31.000Z'],
      ['2021-04-01T10:52:31-0500', '2021-04-01T15:52:31.000Z'],
      ['2021-04-01T21:22:31+05:30', '2021-04-01T15:52:31.000Z'],
      ['2021-04-01T16:52:31+01', '2021-04-01T15:52:31.000Z'],
      ['2021-04-01T15:52:31.123456789Z', '2021-04-01T15:52:31.123Z'],
      ['2021-07-06 12:00:00 UTC', '2021-07-06T12:00:00.000Z'],
      ['2017-07-17 11:50:12 EDT', '2017-07-17T15:50:12.000Z'],
      ['2017-01-17 11:50:12 PST', '2017-01-17T19:50:12.000Z'],
      ['Sat Dec 31 19:30:52 +0000 2016', '2016-12-31T19:30:52.000Z'],
      ['Sat Dec 31 19:30:52 -0130 2016', '2016-12-31T21:00:52.000Z'],
      ['Sun, 01 Jan 2023 11:58:39 GMT', '2023-01-01T11:58:39.000Z'],
      ['1 Jan 2023 11:58 +0100', '2023-01-01T10:58:00.000Z'],
    ];
    expect(cases.map(([value]) => [value, iso(value)])).toEqual(cases);
  });

  it('keeps years before 100 and leap days', () => {
    const cases: Array<[string, string]> = [
      ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
      ['2/29/2024 23:59:59', '2024-02-29T23:59:59.000Z'],
      ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ];
    expect(cases.map(([value]) => [value, iso(value)])).toEqual(cases);
  });

  it("reads ISO 8601's 24:00 as the next day's midnight and RFC 3339's lower-case t and z, as Date.parse did", () => {
    const cases: Array<[string, string]> = [
      ['2021-04-01T24:00:00Z', '2021-04-02T00:00:00.000Z'],
      ['2021-12-31T24:00', '2022-01-01T00:00:00.000Z'],
      ['2020-02-28 24:00:00.000+01:00', '2020-02-28T23:00:00.000Z'],
      ['2021-04-01t15:52:31z', '2021-04-01T15:52:31.000Z'],
      ['2021-04-01t15:52:31.5-02:00', '2021-04-01T17:52:31.500Z'],
    ];
    expect(cases.map(([value]) => [value, iso(value)])).toEqual(cases);
  });

  it('refuses impossible dates and times and every other form', () => {
    const refused = [
      '2/29/2023 00:00:00',
      '27/4/2023 17:35:29',
      '2021-04-31T10:00:00Z',
      '2021-01-01T24:00:01Z',
      '2021-01-01T24:01:00Z',
      '2021-01-01T24:00:00.001Z',
      '2021-01-01T25:00:00Z',
      '2021-01-01T00:60:00Z',
      '2021-01-01T00:00:60Z',
      '2021-01-01T00:00:00+24:00',
      '2021-01-01T00:00:00 CET',
      'Sat Foo 31 19:30:52 +0000 2016',
      '4/27/2023 5:35 PM',
      '1680000000000',
      'yesterday',
      '',
    ];
    expect(refused.filter((value) => instantMs(value) !== null)).toEqual([]);
  });

  it('names the record and the field when rowToPost meets a form it does not read', () => {
    expect(() => rowToPost({ id: '7', text: 'hi', created: '27/4/2023 17:35:29' }, 'replay:GPT.csv')).toThrow(
      'row 7: field "createdAt" must be a date (ISO 8601, M/D/YYYY H:MM:SS, Twitter\'s or RFC 5322\'s form), got "27/4/2023 17:35:29"',
    );
  });
});

describe('the machine time zone changes nothing', () => {
  // Node reads TZ when it starts: each zone gets its own process, importing the source through tsx as bin/pipeline.js does.
  const source = path.join(import.meta.dirname, '../../src/ingest/rowPost.ts');
  const script = `(await import('tsx/esm/api')).register();
const { rowToPost } = await import(${JSON.stringify(source)});
const values = ['4/27/2023 17:35:29', '2013-11-07T06:20:48', '2021-04-01 15:52:31', '2017-07-17'];
console.log(JSON.stringify([new Date(2023, 3, 27).getTimezoneOffset(), values.map((v) => rowToPost({ id: '1', text: 't', created: v }, 'test').createdAt)]));`;
  const run = async (tz: string) => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz } });
    return JSON.parse(stdout) as [number, string[]];
  };

  it('gives the same UTC instants under TZ=UTC and TZ=America/New_York', async () => {
    const expected = ['2023-04-27T17:35:29.000Z', '2013-11-07T06:20:48.000Z', '2021-04-01T15:52:31.000Z', '2017-07-17T00:00:00.000Z'];
    const [utc, newYork] = await Promise.all([run('UTC'), run('America/New_York')]);
    expect(utc).toEqual([0, expected]);
    // The child really ran in New York time (UTC-4 in April), and the instants did not move.
    expect(newYork).toEqual([240, expected]);
  });
});
