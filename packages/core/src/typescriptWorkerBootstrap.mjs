// Worker-thread entry for Skimmer's worker pools: registers tsx (so .ts modules load), then runs the module named in workerData.entry.
// On Node 20, `execArgv: ['--import', 'tsx']` does not reach worker threads' module loading, so the hooks are registered here.
// Run from the repository's src/, it also resolves @skimmer/* to their sources (sourceConditionHooks.mjs).
import { register as registerHooks } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
globalThis[Symbol.for('skimmer.tsxRegistered')] = true; // importPlugin.ts then does not register tsx twice
if (new URL('.', import.meta.url).pathname.endsWith('/src/')) registerHooks('./sourceConditionHooks.mjs', import.meta.url);
await import(workerData.entry);
