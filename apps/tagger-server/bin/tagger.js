#!/usr/bin/env node
// The `tagger` command: registers the TypeScript loader (tsx) so the sources run unbuilt, then starts the CLI.
import { register } from 'tsx/esm/api';

register();
const { runTaggerCli } = await import('../src/cli.ts');
const code = await runTaggerCli(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
