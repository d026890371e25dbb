// `pipeline --version` and `pipeline <command> --help` for every command: usage on stdout, exit 0, nothing run.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { main } from '../src/cli.ts';

const COMMANDS = [
  'run',
  'label',
  'apply',
  'analyze',
  'fit',
  'train',
  'prepare',
  'ingest',
  'serve',
  'classify-stream',
  'labelmodel bench',
  'dataset',
  'export',
  'runs prune',
  'iterate',
];

/** Runs the CLI with console.log captured; returns the exit code, stdout and stderr. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  let err = '';
  const code = await main(argv, { write: (text: string) => ((err += text), true) } as unknown as NodeJS.WritableStream);
  log.mockRestore();
  return { code, out: lines.join('\n'), err };
}

afterEach(() => vi.restoreAllMocks());

describe('pipeline --help and --version', () => {
  test('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(await cli([flag])).toEqual({ code: 0, out: version, err: '' });
  });

  test.each(COMMANDS)('%s --help prints its usage and exits 0', async (command) => {
    const { code, out, err } = await cli([...command.split(' '), '--help']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: pipeline /);
    expect(out).toContain(command.split(' ')[0]);
  });

  test('`pipeline help [command]` prints the same help as --help and exits 0; an unknown command exits 2', async () => {
    const firstLines: Record<string, string> = {
      '': 'Usage: pipeline [options] [command]',
      run: 'Usage: pipeline run [options] <config.yaml>',
      dataset: 'Usage: pipeline dataset [options] [command]',
      'labelmodel bench': 'Usage: pipeline labelmodel bench [options]',
      'runs prune': 'Usage: pipeline runs prune [options] <config.yaml>',
    };
    for (const [command, firstLine] of Object.entries(firstLines)) {
      const words = command ? command.split(' ') : [];
      const asked = await cli(['help', ...words]);
      expect(asked.out.split('\n')[0]).toBe(firstLine);
      expect(asked).toEqual({ ...(await cli([...words, '--help'])), code: 0, err: '' });
    }
    expect(await cli(['help', 'nope'])).toEqual({ code: 2, out: '', err: "pipeline: unknown command 'nope' (pipeline --help lists the commands)\n" });
    expect(await cli(['help', 'labelmodel', 'nope'])).toEqual({
      code: 2,
      out: '',
      err: "pipeline: unknown command 'labelmodel nope' (pipeline --help lists the commands)\n",
    });
  });

  test('a stage command lists the options every stage takes', async () => {
    const { out } = await cli(['fit', '-h']);
    expect(out.split('\n')[0]).toBe('Usage: pipeline fit [options] <config.yaml>');
    expect(out).toContain('fit the label models on an earlier run');
    expect(out).toContain('--keep-labels');
  });
});
