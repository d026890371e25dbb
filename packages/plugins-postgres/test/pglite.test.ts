// The Store suite on PGlite in memory (the single-process backend).
import { openStore } from '../src/openStore.ts';
import { describeStore } from './describeStore.ts';

describeStore('PGlite in memory', () => openStore({ dataDir: 'memory://' }));
