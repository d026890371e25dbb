// Config mistakes found at the door by the spawned `pipeline` bin: one line on stderr naming the file, the YAML path and the line, exit 2, nothing run.

import { describe, expect, test } from 'vitest';
import { runCli } from '../../src/cliProcess.ts';
import { configFolder } from '../configFiles.ts';

const { config } = configFolder('skimmer-config-door-');

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
