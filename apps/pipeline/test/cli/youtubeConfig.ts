// Test helper: the YouTube spam example's config with a linear classifier, written into a temp folder with absolute paths.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { datasetPath } from '@skimmer/core';

const splitDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/youtube-spam/split');
export const SERVE_KEY = 'cli-spec-key-0123456789abcdef';

/** Writes `<dir>/<file>` and returns its path; `extra` is appended (e.g. a `serve:` section); `labelModel` replaces the Snorkel entry. */
export function writeYoutubeConfig(dir: string, options: { file?: string; classifier?: boolean; extra?: string; labelModel?: string } = {}): string {
  const csv = (name: string) => datasetPath('uci-youtube-spam', name);
  const columns = '{ id: COMMENT_ID, text: CONTENT, label: CLASS }';
  const text = `name: youtube-cli
labels: [ham, spam]
seed: 123
plugins: ['@skimmer/plugins-regex'${options.classifier === false ? '' : ", '@skimmer/plugins-linear'"}]
data:
  train:
    path: [${['Youtube01-Psy.csv', 'Youtube02-KatyPerry.csv', 'Youtube03-LMFAO.csv', 'Youtube04-Eminem.csv'].map(csv).join(', ')}]
    columns: ${columns}
    ids: ${path.join(splitDir, 'train_ids.txt')}
  valid: { path: ${csv('Youtube05-Shakira.csv')}, columns: ${columns}, ids: ${path.join(splitDir, 'valid_ids.txt')} }
  test: { path: ${csv('Youtube05-Shakira.csv')}, columns: ${columns}, ids: ${path.join(splitDir, 'test_ids.txt')} }
lfs:
  - { type: keyword, name: keyword_subscribe, keywords: [subscribe], match: substring, label: spam }
  - { type: keyword, name: keyword_http, keywords: [http], match: substring, label: spam }
  - { type: keyword, name: keyword_please, keywords: [please, plz], match: substring, label: spam }
  - { type: keyword, name: keyword_song, keywords: [song], match: substring, label: ham }
  - { type: regex, name: regex_check_out, pattern: "check.*out", flags: i, label: spam }
labelModel: ${options.labelModel ?? '{ type: snorkel, options: { nEpochs: 100, seed: 123 } }'}
${options.classifier === false ? '' : 'classifier: { type: linear }\n'}serve: { apiKeys: ["${SERVE_KEY}"] }
${options.extra ?? ''}`;
  const file = path.join(dir, options.file ?? 'config.yaml');
  writeFileSync(file, text);
  return file;
}
