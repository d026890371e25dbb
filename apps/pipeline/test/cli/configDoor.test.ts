// Config mistakes found at the door by the spawned `pipeline` bin: one line on stderr naming the file, the YAML path and the line, exit 2, nothing run.

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cliProcess.ts';
import { configFolder } from '../configFiles.ts';

const { dir, config } = configFolder('skimmer-config-door-');

/** Runs the bin with `--log-level silent`; returns the exit code and the stderr lines. */
async function pipeline(...args: string[]): Promise<{ code: number | null; lines: string[] }> {
  const { code, stderr } = await runCli([...args, '--log-level', 'silent']);
  return { code, lines: stderr.trimEnd().split('\n') };
}

const INGEST = `store: { dataDir: "memory://" }
ingest:
  source: { type: replay, files: [stream.jsonl], speed: 0 }
  maxDeadLetterShare: 0.01
`;

describe('ingest: unknown keys are errors', () => {
  test('an unknown key of the ingest section and of the replay source each name their path and line', async () => {
    const section = config('ingest-typo.yaml', `${INGEST}  typo: 3\n`);
    expect(await pipeline('ingest', section)).toEqual({ code: 2, lines: [`pipeline: ${section}: ingest.typo: unknown key (line 5)`] });
    const source = config('source-typo.yaml', INGEST.replace('speed: 0 }', 'speed: 0, spede: 1 }'));
    expect(await pipeline('ingest', source)).toEqual({ code: 2, lines: [`pipeline: ${source}: ingest.source.spede: unknown key (line 3)`] });
  });
});

const PREPARE = `prepare:
  input: posts.csv
  output_dir: prepared
  normalize: { nfkc: true, lowercase: false }
  splits: { lf: 2, test: 2, val: 1 }
`;

describe('prepare: and iterate: errors name the file, the YAML path, the line and every unknown key', () => {
  test('unknown keys of prepare, and split sizes the data cannot fill', async () => {
    config('posts.csv', 'id,text\n1,one post\n2,two posts\n3,three posts\n');
    const typos = config(
      'prepare-typos.yaml',
      PREPARE.replace('lowercase: false }', 'lowercase: false, lowercaes: true }').replace('val: 1 }', 'val: 1, tset: 3 }'),
    );
    expect(await pipeline('prepare', typos)).toEqual({
      code: 2,
      lines: [`pipeline: ${typos}: prepare.normalize.lowercaes: unknown key (line 4); also unknown: prepare.splits.tset (line 5)`],
    });
    // found once the posts are read: the message still names the file and the line
    const tooBig = config('prepare-too-big.yaml', PREPARE);
    expect(await pipeline('prepare', tooBig)).toEqual({
      code: 2,
      lines: [`pipeline: ${tooBig}: prepare.splits: test + val + lf = 5 items but only 3 remain after deduplication (line 5)`],
    });
  });

  test('an unknown key of iterate, before any data is looked at', async () => {
    const file = config('iterate-typo.yaml', 'labels: [a, b]\ndata: { train: { path: missing.csv } }\nlabelModel: { type: mv }\niterate: { kk: 5 }\n');
    expect(await pipeline('iterate', file)).toEqual({ code: 2, lines: [`pipeline: ${file}: iterate.kk: unknown key (line 4)`] });
  });
});

describe('a plugin that cannot be loaded is a config error naming its entry, the file and the cause', () => {
  test('a syntax error, a CommonJS require of @skimmer/core and a throw at load', async () => {
    const plugins: Record<string, string> = {
      'syntax.ts': "export default { name: 'x', register( { }\n",
      'syntax.cjs': "module.exports = { name: 'x', register( { }\n",
      'syntax.mjs': "export default { name: 'x', register( { }\n",
      'cjs.cjs': "const { definePlugin } = require('@skimmer/core');\nmodule.exports = definePlugin({ name: 'cjs', register() {} });\n",
      'throws.ts': "throw new Error('boom at load');\n",
    };
    config('x.csv', 'id,text\n1,a post\n');
    const files = Object.entries(plugins).map(([name, source]) => [
      config(name, source),
      config(
        `uses-${name}.yaml`,
        `labels: [a, b]\nplugins:\n  - '@skimmer/plugins-regex'\n  - ./${name}\ndata: { train: { path: x.csv } }\nlabelModel: { type: mv }\n`,
      ),
    ]);
    const results = await Promise.all(files.map(([, yaml]) => pipeline('run', yaml)));
    const [[syntax, syntaxYaml], [syntaxCjs, syntaxCjsYaml], [syntaxMjs, syntaxMjsYaml], [cjs, cjsYaml], [throws, throwsYaml]] = files;
    expect(results).toEqual([
      { code: 2, lines: [`pipeline: ${syntaxYaml}: plugins[1]: cannot load plugin ${syntax}:2:0: ERROR: Expected ")" but found end of file (line 4)`] },
      // Node names a CommonJS file's line only in the first stack line; the (line 4) at the end is config.yaml's
      { code: 2, lines: [`pipeline: ${syntaxCjsYaml}: plugins[1]: cannot load plugin ${syntaxCjs}:2: Unexpected end of input (line 4)`] },
      {
        code: 2,
        lines: [
          `pipeline: ${syntaxMjsYaml}: plugins[1]: cannot load plugin ${syntaxMjs}: syntax error, at a line Node does not report: Unexpected end of input (line 4)`,
        ],
      },
      {
        code: 2,
        lines: [
          `pipeline: ${cjsYaml}: plugins[1]: cannot load plugin ${cjs}: Cannot find module '@skimmer/core' (a CommonJS plugin cannot require @skimmer/* from outside Skimmer: write it as an ES module with import, or install the package beside it) (line 4)`,
        ],
      },
      { code: 2, lines: [`pipeline: ${throwsYaml}: plugins[1]: cannot load plugin ${throws}: boom at load (line 4)`] },
    ]);
  });
});

describe('a label model that needs more LFs than the config gives', () => {
  test('is a config error at load: exit 2, no run folder', async () => {
    const folder = path.join(dir, 'two-lfs');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'posts.csv'), 'id,text\n1,my post\n2,other post\n');
    const file = path.join(folder, 'config.yaml');
    writeFileSync(
      file,
      `labels: [ham, spam]\nplugins: ['@skimmer/plugins-regex']\nstore: { dataDir: "memory://" }\ndata: { train: { path: posts.csv } }\nlfs:\n  - { type: keyword, name: my, keywords: [my], label: spam }\n  - { type: keyword, name: other, keywords: [other], label: ham }\nlabelModel: [{ type: mv }, { type: fs }]\n`,
    );
    expect(await pipeline('run', file)).toEqual({
      code: 2,
      lines: [
        `pipeline: ${file}: labelModel[1].type: fs needs at least 3 labeling functions; the config gives 2 (2 from lfs:, 0 from plugins): add LFs or use mv (line 8)`,
      ],
    });
    expect(readdirSync(folder).sort()).toEqual(['config.yaml', 'posts.csv']);
  });
});

describe('an LF name used twice across lfs: and the plugins', () => {
  test('names the plugins entry that registers it in code, the plugin, the first use and the line', async () => {
    config(
      'channelLfs.ts',
      "import { ABSTAIN, definePlugin, labelingFunction, registerLabelingFunctions } from '@skimmer/core';\nexport default definePlugin({ name: 'channel-lfs', register(ctx) { registerLabelingFunctions(ctx.container, [labelingFunction({ name: 'mentions_channel', apply: () => ABSTAIN })]); } });\n",
    );
    config('channel.csv', 'id,text\n1,my channel\n');
    const yaml = (plugins: string, name: string) =>
      `labels: [ham, spam]\nplugins:\n  - '@skimmer/plugins-regex'\n${plugins}data: { train: { path: channel.csv } }\nlfs:\n  - { type: keyword, name: ${name}, keywords: [channel], label: spam }\nlabelModel: { type: mv }\n`;
    const withLfs = config('dup-lfs.yaml', yaml('  - ./channelLfs.ts\n', 'mentions_channel'));
    const twice = config('dup-plugins.yaml', yaml('  - ./channelLfs.ts\n  - ./channelLfs.ts\n', 'channel'));
    expect(await Promise.all([pipeline('run', withLfs), pipeline('run', twice)])).toEqual([
      {
        code: 2,
        lines: [
          `pipeline: ${withLfs}: plugins[1]: LF name "mentions_channel" of plugin ./channelLfs.ts is used twice (also lfs[0]); LF names must be unique (line 4)`,
        ],
      },
      {
        code: 2,
        lines: [
          `pipeline: ${twice}: plugins[2]: LF name "mentions_channel" of plugin ./channelLfs.ts is used twice (also plugins[1]); LF names must be unique (line 5)`,
        ],
      },
    ]);
  });
});

describe('serve on a config without classifier:', () => {
  test('is a config error (exit 2) when the latest run is to be served and the store holds no classifier', async () => {
    const file = config(
      'serve-no-classifier.yaml',
      `labels: [ham, spam]\nstore: { dataDir: "memory://" }\ndata: { train: { path: posts.csv } }\nlabelModel: { type: mv }\nserve: { apiKeys: ["0123456789abcdef0123456789abcdef"] }\n`,
    );
    expect(await pipeline('serve', file, '--port', '0')).toEqual({
      code: 2,
      lines: [
        `pipeline: ${file}: classifier: nothing to serve: serve.model is the latest run's classifier, the store holds none, and the config has no \`classifier:\` section (add e.g. \`classifier: { type: linear }\` with the '@skimmer/plugins-linear' plugin and \`pipeline run\` it, or set serve.model to a run id or a dir)`,
      ],
    });
  });
});

describe('live source and Kafka bus options are checked at load: unknown keys and patterns RE2 refuses', () => {
  const bluesky = (source: string, extra = '') =>
    `store: { dataDir: "memory://" }\nplugins: ['@skimmer/plugins-bluesky']\ningest:\n  source:\n    type: bluesky\n${source}${extra}`;
  test('a Bluesky regex written as a plain string is refused as the entry form is, with the path and the line', async () => {
    const files = [`regex: ['(a)\\1']`, `regex: ['foo(?=bar)']`, `regex: ['(unclosed']`, `regex: [{ pattern: '(a)\\1' }]`].map((line, i) =>
      config(`bluesky-regex-${i}.yaml`, bluesky(`    ${line}\n`)),
    );
    const lookaround = '(RE2 has no backreferences or lookaround: they cannot run in linear time)';
    expect(await Promise.all(files.map((file) => pipeline('ingest', file, '--duration', '3s')))).toEqual([
      { code: 2, lines: [`pipeline: ${files[0]}: ingest.source.regex[0]: invalid regex: invalid escape sequence: \\1 ${lookaround} (line 6)`] },
      { code: 2, lines: [`pipeline: ${files[1]}: ingest.source.regex[0]: invalid regex: invalid or unsupported Perl syntax: (?= ${lookaround} (line 6)`] },
      { code: 2, lines: [`pipeline: ${files[2]}: ingest.source.regex[0]: invalid regex: missing closing ): (?i)(unclosed (line 6)`] },
      { code: 2, lines: [`pipeline: ${files[3]}: ingest.source.regex[0].pattern: invalid regex: invalid escape sequence: \\1 ${lookaround} (line 6)`] },
    ]);
  });

  test('unknown keys of the Bluesky and Twitter sources and of a Kafka bus name their path and line', async () => {
    const blueskyTypo = config('bluesky-typo.yaml', bluesky('    keyword: [ai]\n    reconnect: { maxAttempt: 3 }\n'));
    const twitterTypo = config(
      'twitter-typo.yaml',
      `store: { dataDir: "memory://" }\nplugins: ['@skimmer/plugins-twitter']\ningest:\n  source:\n    type: twitter\n    rules: [{ value: ai, tga: x }]\n    bearerTokenEnvv: T\n`,
    );
    const kafkaTypo = config(
      'kafka-typo.yaml',
      `${INGEST}  bus:\n    type: kafka\n    brokers: ['127.0.0.1:1']\n    compresion: zstd\n    sasl: { mechanism: plain, user: me }\n`,
    );
    expect(await Promise.all([blueskyTypo, twitterTypo, kafkaTypo].map((file) => pipeline('ingest', file, '--duration', '3s')))).toEqual([
      { code: 2, lines: [`pipeline: ${blueskyTypo}: ingest.source.reconnect.maxAttempt: unknown key (line 7); also unknown: ingest.source.keyword (line 6)`] },
      {
        code: 2,
        lines: [`pipeline: ${twitterTypo}: ingest.source.rules[0].tga: unknown key (line 6); also unknown: ingest.source.bearerTokenEnvv (line 7)`],
      },
      { code: 2, lines: [`pipeline: ${kafkaTypo}: ingest.bus.sasl.user: unknown key (line 9); also unknown: ingest.bus.compresion (line 8)`] },
    ]);
  });
});

describe('refusals of a command that the config cannot serve name the file, the YAML path and the line', () => {
  test('train without data:, label --role worker on the in-process bus, classify-stream of a live source on the in-process bus', async () => {
    config('labelled.csv', 'id,text\n1,a post\n2,another post\n');
    const noData = config('no-data.yaml', 'name: bluesky-ai\nlabels: [other, ai]\nplugins:\n  - "@skimmer/plugins-regex"\n');
    const shapeless = config('data-typo.yaml', 'labels: [other, ai]\ndata: { trian: { path: labelled.csv } }\n');
    const worker = config(
      'worker-in-process.yaml',
      `labels: [ham, spam]\nplugins: ['@skimmer/plugins-regex']\nstore: { dataDir: "memory://" }\ndata: { train: { path: labelled.csv } }\nlfs:\n  - { type: keyword, name: post, keywords: [post], label: spam }\nlabelModel: { type: mv }\ningest:\n  source: { type: replay, files: [labelled.csv] }\n`,
    );
    const live = config(
      'classify-live.yaml',
      `store: { dataDir: "memory://" }\nplugins: ['@skimmer/plugins-bluesky']\ningest:\n  source:\n    type: bluesky\n    keywords: [ai]\n`,
    );
    const shapes =
      'files per split ({ train: { path: posts.csv } }), a WRENCH folder ({ wrench: DIR }) or a dataset in the store ({ dataset: NAME }); see docs/config-reference.md';
    expect(
      await Promise.all([
        pipeline('train', noData),
        pipeline('train', shapeless),
        pipeline('label', worker, '--role', 'worker'),
        pipeline('classify-stream', live, '--duration', '10s'),
      ]),
    ).toEqual([
      { code: 2, lines: [`pipeline: ${noData}: data: required: one of ${shapes} (line 1)`] },
      { code: 2, lines: [`pipeline: ${shapeless}: data: expected one of ${shapes} (line 2)`] },
      {
        code: 2,
        lines: [`pipeline: ${worker}: ingest.bus: distributed labelling shares the posts between processes: set ingest.bus to a kafka bus (line 9)`],
      },
      {
        code: 2,
        lines: [
          `pipeline: ${live}: ingest.source: classify-stream on the in-process bus runs ingest alongside, so the source must be a replay (or use a Kafka bus) (line 5)`,
        ],
      },
    ]);
  });
});
