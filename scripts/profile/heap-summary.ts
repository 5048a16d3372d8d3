/**
 * Summarises a V8 heap snapshot (.heapsnapshot, e.g. from `--heapsnapshot-signal`): retained-by-nobody-in-particular
 * self sizes grouped by node type, then the largest (type, name) groups — what the heap holds, in MB. Pure JSON:
 *   npx tsx scripts/profile/heap-summary.ts <file.heapsnapshot> [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapRow {
  name: string;
  mb: number;
  count: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

export function summarizeHeap(heap: HeapSnapshot, top = 25): { totalMB: number; byType: HeapRow[]; byName: HeapRow[] } {
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const byType = new Map<string, [number, number]>();
  const byName = new Map<string, [number, number]>();
  let total = 0;
  const add = (m: Map<string, [number, number]>, key: string, size: number) => {
    const row = m.get(key) ?? [0, 0];
    row[0] += size;
    row[1]++;
    m.set(key, row);
  };
  for (let i = 0; i < heap.nodes.length; i += fields.length) {
    const type = types[heap.nodes[i + typeAt]!] ?? '?';
    const size = heap.nodes[i + sizeAt]!;
    total += size;
    add(byType, type, size);
    // Strings and code are named by their content or source: group them by type only.
    const name =
      type === 'object' || type === 'closure' || type === 'native'
        ? heap.strings[heap.nodes[i + nameAt]!]!
        : `(${type})`;
    add(byName, `${type} ${name.slice(0, 80)}`, size);
  }
  const rows = (m: Map<string, [number, number]>) =>
    [...m].sort((a, b) => b[1][0] - a[1][0]).map(([name, [size, count]]) => ({ name, mb: mb(size), count }));
  return { totalMB: mb(total), byType: rows(byType), byName: rows(byName).slice(0, top) };
}

if (require.main === module) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
  if (!positionals[0]) throw new Error('usage: heap-summary.ts <file.heapsnapshot> [--top N]');
  const s = summarizeHeap(JSON.parse(readFileSync(positionals[0], 'utf8')) as HeapSnapshot, Number(values.top ?? 25));
  const line = (r: HeapRow) => `${r.mb.toFixed(1).padStart(8)} MB ${String(r.count).padStart(8)}  ${r.name}`;
  process.stdout.write(
    [`heap ${s.totalMB.toFixed(1)} MB`, 'by type:', ...s.byType.map(line), 'largest:', ...s.byName.map(line)].join(
      '\n',
    ) + '\n',
  );
}
