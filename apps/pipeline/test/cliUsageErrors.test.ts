// Argument parsers' refusals (commander's, node:util parseArgs's that some commands use) are usage errors: one line, exit 2.

import { parseArgs } from 'node:util';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli.ts';
import { exitCodeOf } from '../src/exitCodes.ts';

/** Runs `main` in this process; returns the exit code and what it wrote to stderr. */
async function cli(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(argv, { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream);
  return { code, stderr };
}

const AMBIGUOUS = (flag: string) =>
  `pipeline: Option '${flag}' argument is ambiguous. Did you forget to specify the option argument for '${flag}'? To specify an option argument starting with a dash use '${flag}=-XYZ'.\n`;

describe('argument parse errors', () => {
  test('a value that looks like a flag is refused in one line with exit 2, not as an unexpected error', async () => {
    expect(await cli(['dataset', 'inspect', 'c.parquet', '--rows', '-1'])).toEqual({ code: 2, stderr: "pipeline: --rows expects a whole number, got '-1'\n" });
    expect(await cli(['labelmodel', 'bench', '--wrench', 'dir', '--seed', '-3'])).toEqual({ code: 2, stderr: AMBIGUOUS('--seed') });
  });

  test("node:util parseArgs's refusals exit 2, other errors 1", () => {
    const refusal = (() => {
      try {
        parseArgs({ args: ['--nope'], options: {} });
      } catch (error) {
        return error;
      }
    })();
    expect([exitCodeOf(refusal), exitCodeOf(new TypeError('a bug'))]).toEqual([2, 1]);
  });
});
