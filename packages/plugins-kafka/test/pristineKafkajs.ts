// Loads kafkajs modules as they ship, without our module swaps, for specs that compare our replacements with them.

import { createRequire } from 'node:module';
import path from 'node:path';
import { kafkajsFile } from '../src/kafkajsModuleSwap.ts';

const require = createRequire(import.meta.url);
const kafkajsDir = kafkajsFile('') + path.sep;

/**
 * A kafkajs module as it ships: loaded afresh with every kafkajs module it requires at load (so none of our swaps),
 * the module cache left as it was.
 *
 * @example
 * pristineKafkajs('src/protocol/recordBatch/crc32C/index.js') !== crc32c; // true, even with the swap installed
 */
export function pristineKafkajs<T>(relative: string): T {
  const saved = Object.entries(require.cache).filter(([file]) => file.startsWith(kafkajsDir));
  for (const [file] of saved) delete require.cache[file];
  try {
    return require(kafkajsFile(relative)) as T;
  } finally {
    for (const file of Object.keys(require.cache)) if (file.startsWith(kafkajsDir)) delete require.cache[file];
    for (const [file, module] of saved) require.cache[file] = module;
  }
}
