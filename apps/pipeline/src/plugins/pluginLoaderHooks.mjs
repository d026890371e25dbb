// Module-resolution hooks for users' plugin files (registered by importPlugin.ts, once per thread), so a plugin loads
// from any folder and any package type:
// - `@skimmer/*` imports resolve from the plugin's own folder (the user's project) first, then from the CLI's install;
// - a .ts or .js file written with import / export is loaded as an ES module even in a package without
//   "type": "module" (there tsx would load it as CommonJS, and Node fails with "Cannot require() ES Module … in a cycle").

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The URL @skimmer/* imports fall back to resolving from (importPlugin.ts, inside the CLI's install). */
let cliParentUrl;

export function initialize(data) {
  cliParentUrl = data.cliParentUrl;
}

const ESM_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;

export async function resolve(specifier, context, nextResolve) {
  let resolved;
  try {
    resolved = await nextResolve(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('@skimmer/') || error?.code !== 'ERR_MODULE_NOT_FOUND' || !cliParentUrl || context.parentURL === cliParentUrl) throw error;
    return nextResolve(specifier, { ...context, parentURL: cliParentUrl });
  }
  if (resolved.format !== 'module' && /\.(tsx?|jsx?)$/.test(resolved.url) && resolved.url.startsWith('file:') && !resolved.url.includes('/node_modules/')) {
    if (ESM_SYNTAX.test(readFileSync(fileURLToPath(resolved.url), 'utf8'))) return { ...resolved, format: 'module' };
  }
  return resolved;
}
