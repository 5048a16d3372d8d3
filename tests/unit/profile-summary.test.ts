// scripts/profile: a CPU profile's self time grouped by owner (package groups, our code, the workflow bundle, GC)
// and a heap snapshot's self sizes by type — the summaries docs/performance.md quotes.
import { describe, expect, it } from 'vitest';
import { owner, summarizeProfile, type CpuProfile } from '../../scripts/profile/summary';
import { summarizeHeap } from '../../scripts/profile/heap-summary';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('owner', () => {
  it('groups packages, our code, the workflow bundle, JSON and V8 internals', () => {
    expect(owner(frame('route', 'file:///x/node_modules/fastify/lib/route.js'))).toBe('fastify');
    expect(owner(frame('safeEncode', 'file:///x/node_modules/fastify-type-provider-zod/dist/cjs/core.cjs'))).toBe(
      'zod',
    );
    expect(owner(frame('call', 'file:///x/node_modules/@grpc/grpc-js/build/src/client.js'))).toBe('grpc/protobuf');
    expect(owner(frame('start', 'file:///x/node_modules/@temporalio/client/lib/workflow-client.js'))).toBe(
      'temporal SDK',
    );
    expect(owner(frame('send', 'file:///repo/src/service/measures.ts'))).toBe('duban (ours)');
    expect(owner(frame('apply', 'file:///tmp/duban-bench-1/duban-workflows.js'))).toBe('workflow bundle');
    expect(owner(frame('stringify'))).toBe('JSON');
    expect(owner(frame('(garbage collector)'))).toBe('garbage collector');
    expect(owner(frame('emit', 'node:events'))).toBe('node core');
  });
});

describe('summarizeProfile', () => {
  it('adds each sample’s time to its own frame and group, largest first', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('route', 'file:///x/node_modules/fastify/lib/route.js') },
        { id: 3, callFrame: frame('(idle)') },
        { id: 4, callFrame: frame('send', 'file:///repo/src/service/measures.ts') },
      ],
      samples: [2, 2, 3, 4, 2],
      timeDeltas: [1000, 1000, 5000, 2000, 1000],
      startTime: 0,
      endTime: 10_000,
    };
    const s = summarizeProfile(profile);
    expect(s.totalMs).toBe(10);
    expect(s.groups.map((g) => [g.name, g.ms])).toEqual([
      ['idle', 5],
      ['fastify', 3],
      ['duban (ours)', 2],
    ]);
    expect(s.functions[1]).toMatchObject({ name: '[fastify] route fastify/lib/route.js:1', ms: 3 });
  });
});

describe('summarizeHeap', () => {
  it('sums self sizes by type and by object name', () => {
    const heap = {
      snapshot: {
        meta: {
          node_fields: ['type', 'name', 'id', 'self_size'],
          node_types: [['hidden', 'object', 'string']] as [string[]],
        },
      },
      // type, name, id, self_size
      nodes: [1, 0, 1, 1048576, 1, 0, 2, 1048576, 2, 1, 3, 524288],
      strings: ['Snapshot', 'some text'],
    };
    const s = summarizeHeap(heap);
    expect(s.totalMB).toBe(2.5);
    expect(s.byType).toEqual([
      { name: 'object', mb: 2, count: 2 },
      { name: 'string', mb: 0.5, count: 1 },
    ]);
    expect(s.byName[0]).toEqual({ name: 'object Snapshot', mb: 2, count: 2 });
  });
});
