// Apps only compose what plugins register (issue 15): no file under apps/*/src imports a @skimmer/plugins-* package
// statically (value, type or re-export); plugins are loaded by package name and their providers resolved.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '@skimmer/core';

/** `import … from '@skimmer/plugins-x'`, `import type …`, `export … from`, `import '@skimmer/plugins-x'`. */
const STATIC_PLUGIN_IMPORT = /(?:\bfrom|^\s*import)\s*['"]@skimmer\/plugins-[^'"]*['"]/;

function staticPluginImports(): string[] {
  const found: string[] = [];
  const apps = path.join(repoRoot, 'apps');
  for (const app of readdirSync(apps)) {
    const src = path.join(apps, app, 'src');
    let names: string[];
    try {
      names = readdirSync(src, { recursive: true, encoding: 'utf8' });
    } catch {
      continue; // an app without src/
    }
    for (const name of names.filter((n) => /\.(m|c)?[jt]sx?$/.test(n))) {
      const file = path.join(src, name);
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (STATIC_PLUGIN_IMPORT.test(line)) found.push(`${path.relative(repoRoot, file)}:${i + 1}: ${line.trim()}`);
        });
    }
  }
  return found;
}

describe('apps/ import no plugin package statically', () => {
  test('the pattern catches value, type and multi-line imports', () => {
    expect(STATIC_PLUGIN_IMPORT.test("import { readDataset } from '@skimmer/plugins-datasets';")).toBe(true);
    expect(STATIC_PLUGIN_IMPORT.test("import type { Row } from '@skimmer/plugins-datasets';")).toBe(true);
    expect(STATIC_PLUGIN_IMPORT.test('} from "@skimmer/plugins-serve";')).toBe(true);
    expect(STATIC_PLUGIN_IMPORT.test("import '@skimmer/plugins-kafka';")).toBe(true);
    expect(STATIC_PLUGIN_IMPORT.test("const name = '@skimmer/plugins-postgres';")).toBe(false);
  });

  test('no file under apps/*/src has one', () => {
    expect(staticPluginImports()).toEqual([]);
  });
});
