// Worker-thread entry for the parallel LF applier: registers tsx (so .ts modules load) and then runs lfApplyWorker.ts.
// On Node 20, `execArgv: ['--import', 'tsx']` does not reach worker threads' module loading, so the hooks are registered here.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
