#!/usr/bin/env node
// The `pipeline` command: registers the TypeScript loader (tsx) so sources and users' .ts plugins run unbuilt, then starts the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
