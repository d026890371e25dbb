// Specification of serving a model saved by a classifier plugin: `pipeline serve` loads the plugins the config lists, so the plugin's factory loads its model.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServe } from '../../src/cliProcess.ts';

const KEY = 'plugin-classifier-key-0123456789';
const dir = mkdtempSync(path.join(tmpdir(), 'skimmer-serve-plugin-'));
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

// A user's classifier plugin: type 'keyword-rule', saved as model.json { type, classNames, keyword }; spam when the text has the keyword.
const PLUGIN = `import { TOKENS, definePlugin } from '@skimmer/core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

function ruleClassifier(classNames, keyword) {
  return {
    type: 'keyword-rule',
    classNames,
    fit: async () => { throw new Error('not trainable'); },
    predictProba: async (texts) => {
      const data = new Float64Array(texts.length * 2);
      texts.forEach((text, i) => { data[i * 2 + (text.includes(keyword) ? 1 : 0)] = 1; });
      return { n: texts.length, k: 2, data };
    },
    save: async () => {},
  };
}

export default definePlugin({
  name: 'keyword-rule-classifier',
  register(ctx) {
    ctx.container.register(TOKENS.Classifier, {
      useValue: {
        type: 'keyword-rule',
        create: () => { throw new Error('load only'); },
        load: async (dir) => {
          const saved = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
          return ruleClassifier(saved.classNames, saved.keyword);
        },
      },
    });
  },
});
`;

function writeProject(plugins: boolean): string {
  writeFileSync(path.join(dir, 'keywordRule.mjs'), PLUGIN);
  mkdirSync(path.join(dir, 'model'), { recursive: true });
  writeFileSync(path.join(dir, 'model', 'model.json'), JSON.stringify({ type: 'keyword-rule', classNames: ['ham', 'spam'], keyword: 'subscribe' }));
  const file = path.join(dir, plugins ? 'config.yaml' : 'no-plugin.yaml');
  writeFileSync(
    file,
    `name: plugin-classifier\nlabels: [ham, spam]\n${plugins ? 'plugins: [./keywordRule.mjs]\n' : ''}serve: { model: { dir: ./model }, apiKeys: ["${KEY}"] }\n`,
  );
  return file;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pipeline serve with a classifier plugin', () => {
  it("loads the saved model through the listed plugin's factory and classifies with it", async () => {
    const server = await startServe(writeProject(true));
    try {
      const models = (await (await fetch(`${server.url}/v1/models`, { headers: auth })).json()) as { current: Record<string, unknown> };
      expect(models.current).toMatchObject({ type: 'keyword-rule', classNames: ['ham', 'spam'] });
      const res = await fetch(`${server.url}/v1/classify`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'please subscribe' }) });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ label: 'spam' });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('without the plugin, names the saved type and the types it can load, exit 1', async () => {
    const result = await runCli(['serve', writeProject(false), '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      `pipeline: ${path.join(dir, 'model')}: classifier type 'keyword-rule' has no factory here; expected one of linear, tfjs`,
    );
  });
});
