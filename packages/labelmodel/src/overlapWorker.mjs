// Worker thread that counts the co-votes of one slice of a label matrix (see accumulateOverlaps.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { countCoVotes } from './overlapKernel.mjs';

const { data, n, m, k } = workerData;
const counts = new Float64Array(m * k * m * k);
try {
  countCoVotes(data, n, m, k, counts, (row, lf, label) => {
    throw Object.assign(new Error('invalid vote'), { invalidVote: { row, lf, label } });
  });
  parentPort.postMessage({ counts }, [counts.buffer]);
} catch (error) {
  parentPort.postMessage({ invalidVote: error.invalidVote, message: String(error.message) });
}
