#!/usr/bin/env node
// The `tagger` command. Installed from npm it runs the built dist/; inside the Skimmer repository (src/ present) it runs
// the TypeScript sources through tsx and resolves @skimmer/* to their sources, so no build step is needed there.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

const fromSource = existsSync(new URL('../src/cli.ts', import.meta.url));
if (fromSource) {
  (await import('tsx/esm/api')).register();
  registerHooks(new URL('src/sourceConditionHooks.mjs', import.meta.resolve('@skimmer/core/package.json')));
}
const { runTaggerCli } = await import(fromSource ? '../src/cli.ts' : '../dist/cli.js');
const code = await runTaggerCli(process.argv.slice(2));
if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
