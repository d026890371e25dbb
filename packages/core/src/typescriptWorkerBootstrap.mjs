// Worker-thread entry for Skimmer's worker pools: registers tsx (so .ts modules load), then runs the module named in workerData.entry.
// On Node 20, `execArgv: ['--import', 'tsx']` does not reach worker threads' module loading, so the hooks are registered here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
