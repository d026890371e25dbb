// Swaps one internal module of kafkajs 2.2.4 for our own through the CommonJS module cache, before the module that uses it loads.

import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const kafkajsRoot = path.dirname(require.resolve('kafkajs'));
const kafkajsVersion = (require(path.join(kafkajsRoot, 'package.json')) as { version: string }).version;

/** The kafkajs release whose files the swaps were written and specified against. */
export const PATCHED_KAFKAJS = '2.2.4';

/** The absolute path of a file inside the installed kafkajs, e.g. `kafkajsFile('src/producer/sendMessages.js')`. */
export const kafkajsFile = (relative: string): string => path.join(kafkajsRoot, ...relative.split('/'));

/** What kafkajs's own `relative` module exports (for specs that compare against it), loaded if needed. */
export const kafkajsModule = (relative: string): unknown => require(kafkajsFile(relative));

/**
 * Makes `replaced` what kafkajs's `target` module exports, when the installed kafkajs is PATCHED_KAFKAJS and none of
 * its `users` (the modules that import `target` once, at load) has loaded yet. Returns whether it did; otherwise
 * kafkajs keeps its own code. (A module that requires `target` at each call, not at load, gets `replaced` anyway.)
 *
 * @example
 * swapKafkajsModule('src/producer/groupMessagesPerPartition.js', 'src/producer/sendMessages.js', groupMessagesPerPartition); // true
 */
export function swapKafkajsModule(target: string, users: string | readonly string[], replaced: unknown): boolean {
  if (kafkajsVersion !== PATCHED_KAFKAJS || [users].flat().some((user) => require.cache[kafkajsFile(user)] !== undefined)) return false;
  kafkajsModule(target);
  require.cache[kafkajsFile(target)]!.exports = replaced;
  return true;
}
