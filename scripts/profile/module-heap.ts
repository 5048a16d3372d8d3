/**
 * What loading a process's modules costs its main thread: requires each entry given (as the process would), forces
 * a full GC, and prints the live heap and the modules loaded, by package. Compare an entry with the raw worker's:
 *   node --expose-gc --require tsx/cjs scripts/profile/module-heap.ts src/worker/main.ts
 *   node --expose-gc --require tsx/cjs scripts/profile/module-heap.ts bench/raw-worker.ts
 * Nothing is run (no connection, no worker): only what the imports themselves allocate.
 */
import path from 'node:path';

const entries = process.argv.slice(2);
if (!entries.length) throw new Error('usage: module-heap.ts <entry.ts> [more entries]');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const before = new Set(Object.keys(require.cache));
// eslint-disable-next-line @typescript-eslint/no-require-imports
for (const entry of entries) require(path.resolve(entry));
gc();
gc();
const byPackage = new Map<string, number>();
for (const file of Object.keys(require.cache)) {
  if (before.has(file)) continue;
  const inModules = file.split('node_modules/').at(-1)!;
  const name = file.includes('node_modules/')
    ? inModules
        .split('/')
        .slice(0, inModules.startsWith('@') ? 2 : 1)
        .join('/')
    : '(own)';
  byPackage.set(name, (byPackage.get(name) ?? 0) + 1);
}
const top = [...byPackage].sort((a, b) => b[1] - a[1]);
console.log(
  `${entries.join(' + ')}: live heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB after a GC, ` +
    `${top.reduce((n, [, c]) => n + c, 0)} modules`,
);
console.log(top.map(([name, count]) => `  ${name} ${count}`).join('\n'));
