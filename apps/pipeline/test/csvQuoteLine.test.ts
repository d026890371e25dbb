// A CSV whose quoted field never closes: the error names the line the quote opened on, not the file's last line.

import { describe, expect, test } from 'vitest';
import { main } from '../src/cli.ts';
import { unclosedQuoteLine } from '../src/data/csvQuoteLine.ts';
import { configFolder } from './configFiles.ts';

const { config } = configFolder('skimmer-csv-quote-');

describe('unclosedQuoteLine', () => {
  test('the line of the quote still open at the end, escaped quotes and closed multi-line fields skipped', () => {
    expect(unclosedQuoteLine('id,text\n1,ok\n2,"broken,1\n3,more\n4,end\n')).toBe(3);
    expect(unclosedQuoteLine('id,text\n1,"two\nlines"\n2,"say ""hi"""\n3,"open ""here\n4,x\n')).toBe(5);
    expect(unclosedQuoteLine('id,text\n1,"two\nlines"\n2,"say ""hi"""\n')).toBeUndefined();
  });
});

test('pipeline run on a CSV with an unclosed quote names the file and the line where the quote opened (exit 2)', async () => {
  const csv = config('bad.csv', 'id,text,label\n1,ok,0\n2,"broken quote,1\n3,more,0\n4,end,1\n');
  const file = config(
    'bad-csv.yaml',
    `labels: [ham, spam]\nplugins: ['@skimmer/plugins-regex']\nstore: { dataDir: "memory://" }\ndata: { train: { path: bad.csv } }\nlfs:\n  - { type: keyword, name: ok, keywords: [ok], label: spam }\nlabelModel: { type: mv }\n`,
  );
  let stderr = '';
  const code = await main(['run', file, '--quiet'], { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream);
  expect([code, stderr]).toEqual([2, `pipeline: ${csv}:3: Quote Not Closed: the quoted field opened on line 3 is never closed (the file ends at line 5)\n`]);
});
