// Specification of the composition root: a source from a plugin the config lists is ingested with no edit under apps/, and a section is validated by its provider's schema.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, vi } from 'vitest';
import { ingestCommand } from '../src/commands/ingest.ts';
import { busOf, loadProject, sourceOf } from '../src/project/loadProject.ts';
import { configFolder, silentLogger } from './configFiles.ts';

const { config } = configFolder('skimmer-project-');
const plugin = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fakeSourcePlugin.ts');
const silent = silentLogger;

test('a source type registered by a listed plugin is ingested through the in-process bus into the store', async () => {
  const file = config('fake.yaml', `plugins: [${JSON.stringify(plugin)}]\nstore: { dataDir: "memory://" }\ningest:\n  source: { type: fake, count: 3 }\n`);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const code = await ingestCommand([file, '--duration', '1m'], silent);
  const printed = log.mock.calls.map((c) => String(c[0]));
  log.mockRestore();
  expect(code).toBe(0);
  expect(JSON.parse(printed.at(-1)!).ingest).toMatchObject({ produced: 3, consumed: 3, insertedPosts: 3, deadLetters: 0, posts: 3 });
}, 60_000);

test('the provider validates its section (file, YAML path, line) and names what it reads; the bus defaults to in-process', async () => {
  const file = config('bad-count.yaml', `plugins: [${JSON.stringify(plugin)}]\ningest:\n  source: { type: fake, count: 0 }\n`);
  const project = await loadProject(file, { logger: silent, provides: ['source', 'bus'] });
  expect(() => sourceOf(project)).toThrow(`${file}: ingest.source.count: Too small: expected number to be >=1 (line 3)`);
  expect(busOf(project).type).toBe('in-process');
  const good = await loadProject(config('good.yaml', `plugins: [${JSON.stringify(plugin)}]\ningest:\n  source: { type: fake, count: 2 }\n`), {
    logger: silent,
    provides: ['source'],
  });
  expect(await sourceOf(good).identity()).toBe('fake-2');
  expect([...good.registry.sourceProviders.keys()].sort()).toEqual(['fake', 'replay', 'twitter']);
});
