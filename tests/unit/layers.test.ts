/**
 * The layers of docs/architecture.md that lint cannot see file by file: what the workflow bundle loads at run time
 * (every file reachable from workflows/index.ts through imports that are not type-only) lies inside the zones
 * eslint.config.mjs bans Node built-ins in, the worker process's own entry leaves the machine and the CLI out, and no
 * module imports itself through others.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };

/** Local files `file` imports; with `runtimeOnly`, without the imports erased at compile time. */
function importsOf(file: string, runtimeOnly: boolean): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    if (runtimeOnly && isTypeOnly(statement)) continue;
    const resolved = ts.resolveModuleName(specifier.text, file, OPTIONS, ts.sys).resolvedModule?.resolvedFileName;
    if (resolved && !resolved.includes('node_modules')) out.push(path.relative(ROOT, resolved));
  }
  return out;
}

function isTypeOnly(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause;
    return (
      statement.isTypeOnly || (!!clause && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly))
    );
  }
  const clause = statement.importClause;
  if (!clause) return false; // a side-effect import runs
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return !clause.name && !!named && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });
}

/** Every local file `entry` loads at run time (imports that are not type-only, transitively). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of importsOf(path.join(ROOT, file), true)) visit(next);
  };
  visit(entry);
  return seen;
}

describe('the layers', () => {
  it('the workflow bundle loads only the measure core and the workflows (the zones without Node built-ins)', () => {
    const seen = reachable('workflows/index.ts');
    expect([...seen].filter((f) => !f.startsWith('src/measure/') && !f.startsWith('workflows/'))).toEqual([]);
    expect(seen).toContain('src/measure/machine.ts');
  });

  it("the worker process's entry holds the core's words only, never the CLI or the machine (it runs in the bundle)", () => {
    const seen = reachable('src/worker/main.ts');
    expect([...seen].filter((f) => f.startsWith('src/measure/')).sort()).toEqual([
      'src/measure/states.ts',
      'src/measure/words.ts',
    ]);
    expect([...seen].filter((f) => f === 'src/cli.ts' || f.startsWith('src/commands/'))).toEqual([]);
    expect(seen).toContain('activities/notify.activities.ts');
  });

  it('has no import cycle', () => {
    const graph = new Map<string, string[]>();
    for (const file of ['src', 'workflows', 'activities'].flatMap(sourceFiles))
      graph.set(file, importsOf(path.join(ROOT, file), false));
    // Tarjan's strongly connected components: every component of more than one file is a cycle.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const cycles: string[][] = [];
    const connect = (v: string) => {
      index.set(v, index.size);
      low.set(v, index.get(v)!);
      stack.push(v);
      for (const w of graph.get(v) ?? []) {
        if (!index.has(w)) {
          connect(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) !== index.get(v)) return;
      const component: string[] = [];
      let w: string;
      do component.push((w = stack.pop()!));
      while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    };
    for (const v of graph.keys()) if (!index.has(v)) connect(v);
    expect(cycles).toEqual([]);
  });
});
