#!/usr/bin/env node
// The `pipeline` command (also installed as `skimmer`). Installed from npm it runs the built dist/ (tsx is loaded only
// for users' .ts plugins); inside the Skimmer repository (src/ present) it runs the TypeScript sources through tsx and
// resolves @skimmer/* to their sources, so no build step is needed there.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

const fromSource = existsSync(new URL('../src/cli.ts', import.meta.url));
if (fromSource) {
  (await import('tsx/esm/api')).register();
  globalThis[Symbol.for('skimmer.tsxRegistered')] = true;
  registerHooks(new URL('src/sourceConditionHooks.mjs', import.meta.resolve('@skimmer/core/package.json')));
}
const { main } = await import(fromSource ? '../src/cli.ts' : '../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
