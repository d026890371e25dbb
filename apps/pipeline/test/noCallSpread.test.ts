// Keeps large arrays out of call arguments: `f(...xs)` pushes every element on the stack and throws "Maximum call stack
// size exceeded" near 125k elements (issue 23). Parses every source file (not tests) with the TypeScript compiler;
// path.join / path.resolve, a forwarded rest parameter and a line marked `spread-ok: <why>` are allowed.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '@skimmer/core';

/** Callees whose spread arguments are path segments or rest parameters of a few items, never data. */
const ALLOWED_CALLEES = new Set(['path.join', 'path.resolve', 'path.posix.join']);
/** A line that carries this comment may spread (say why the array is small). */
const ALLOW_COMMENT = 'spread-ok:';
const SOURCE_EXT = /\.(ts|mts|cts|tsx|mjs|js)$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (SOURCE_EXT.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.d.mts')) out.push(full);
  }
  return out;
}

/** The `src/` folders of every package and app, and the benchmarks. */
function checkedFiles(): string[] {
  const files: string[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(path.join(repoRoot, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const sub of ['src', 'bench']) {
        const dir = path.join(repoRoot, group, entry.name, sub);
        try {
          sourceFiles(dir, files);
        } catch {
          // no such folder
        }
      }
    }
  }
  sourceFiles(path.join(repoRoot, 'bench'), files);
  return files;
}

/** True when `spread` forwards a rest parameter of an enclosing function (`f(...args)` inside `g(...args)`): as long as its callers. */
function forwardsRestParameter(spread: ts.SpreadElement): boolean {
  if (!ts.isIdentifier(spread.expression)) return false;
  const name = spread.expression.text;
  for (let node: ts.Node | undefined = spread.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => p.dotDotDotToken && ts.isIdentifier(p.name) && p.name.text === name)) return true;
  }
  return false;
}

/** `file:line: text` of every spread argument of a call or `new` outside the allowed callees and lines. */
export function callSpreads(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines = text.split('\n');
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some((arg) => ts.isSpreadElement(arg) && !forwardsRestParameter(arg))) {
      const callee = node.expression.getText(source);
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      if (!ALLOWED_CALLEES.has(callee) && !lines[line].includes(ALLOW_COMMENT)) {
        found.push(`${path.relative(repoRoot, file)}:${line + 1}: ${lines[line].trim()}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('no array spread into a call (issue 23)', () => {
  test('no source file spreads an array into a call', () => {
    const files = checkedFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap(callSpreads)).toEqual([]);
  });

  test('the check finds `push(...xs)` and `Math.max(...xs)`', () => {
    const probe = path.join(repoRoot, 'apps/pipeline/test/fixtures/callSpreadProbe.ts.txt');
    expect(callSpreads(probe).map((line) => line.replace(/^.*?:(\d+):.*$/, '$1'))).toEqual(['2', '3']);
    // line 6 forwards a rest parameter: allowed
  });
});
