// Specification of the dataset and serving providers the pipeline resolves: the default plugins' (loaded by package name), or a listed plugin's.

import { expect, test } from 'vitest';
import { loadProject } from '../src/project/loadProject.ts';
import { datasetsOf, servingOf } from '../src/project/pluginProvider.ts';
import { configFolder, silentLogger } from './configFiles.ts';

const { config } = configFolder('skimmer-provider-');

test('the default dataset provider reads a CSV by extension and writes it back as JSONL', async () => {
  const datasets = await datasetsOf();
  expect(await datasetsOf()).toBe(datasets);
  const csv = config('points.csv', 'ID,CONTENT,CLASS\na,hello,1\nb,world,0\n');
  const records = [];
  for await (const record of datasets.read(csv, { columns: { id: 'ID', text: 'CONTENT', label: 'CLASS' } })) records.push(record);
  expect(records.map((r) => [r.id, r.text, r.label])).toEqual([
    ['a', 'hello', '1'],
    ['b', 'world', '0'],
  ]);
  const out = csv.replace(/\.csv$/, '.jsonl');
  expect((await datasets.writeRows(out, datasets.readRows(csv))).rows).toBe(2);
  expect((await datasets.describe(out)).rows).toBe(2);
});

test('the default serving provider validates `serve:` with its schema and says when the model is read from the store', async () => {
  const serving = await servingOf();
  expect(serving.needsStore(serving.serveSchema.parse({ model: { dir: 'model' } }))).toBe(false);
  expect(serving.needsStore(serving.serveSchema.parse({}))).toBe(true);
  // No topic: classify-stream reads ingest.topic, else posts (classifyStreamTopic).
  const stream = serving.classifyStreamSchema.parse({});
  expect(stream).toMatchObject({ group: 'skimmer-classify', batchSize: 500 });
  expect(stream.topic).toBeUndefined();
});

test('a listed plugin that registers a dataset provider replaces the default one', async () => {
  const plugin = config(
    'fakeDatasets.ts',
    // No import: a plugin outside the repo registers under the token's global symbol (TOKENS.DatasetProvider).
    `export default { name: 'fake-datasets', register(ctx) { ctx.container.register(Symbol.for('skimmer.DatasetProvider'), { useValue: { fake: true } }); } };
`,
  );
  const project = await loadProject(config('listed.yaml', `plugins: [${JSON.stringify(plugin)}]\n`), { logger: silentLogger });
  expect(await datasetsOf(project)).toEqual({ fake: true });
  expect(await datasetsOf(await loadProject(config('none.yaml', 'plugins: []\n'), { logger: silentLogger }))).toBe(await datasetsOf());
});
