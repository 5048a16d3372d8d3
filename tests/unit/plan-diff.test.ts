/**
 * A revised plan against the one recorded, offline: the seed and its revision (one deadline moved, one lead
 * replaced, one measure added, one removed) differ by exactly that; the same plan, a reordered list or the same
 * instant written another way differ by nothing; the record takes revisions in order only, and keeps the old
 * facts of a measure that failed to take one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparePlan } from '../../src/importer/import-plan';
import type { Plan } from '../../src/domain/plan';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import {
  diffPlans,
  diffSummary,
  isEmptyDiff,
  measureFacts,
  recordedMeasures,
  reviseRecord,
  revisionProblem,
  type MeasureFacts,
  type RevisionRequest,
} from '../../src/measure';

const ROOT = path.resolve(__dirname, '..', '..');
const parse = (file: string): Plan => {
  const outcome = preparePlan(readFileSync(path.join(ROOT, file), 'utf8'), { planId: 'xinxiang-hitech-2020' });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.plan;
};
const seed = measureFacts(parse('seeds/xinxiang-hitech-2020-rectification-plan.txt'));
const revised = measureFacts(parse('tests/fixtures/plans/seed-revised.txt'));

describe('diffPlans', () => {
  it('the revised seed: 2.3’s deadline moved, 2.4’s lead replaced, 5.6 added, 5.4 removed — and nothing else', () => {
    const diff = diffPlans(seed, revised);
    expect(diff.added.map((m) => [m.id, m.lead, m.support])).toEqual([['5.6', ['经济发展局'], ['服务业促进局']]]);
    expect(diff.removed.map((m) => m.id)).toEqual(['5.4']);
    expect(diff.changed).toEqual([
      {
        id: '2.3',
        title: '降低项目投资成本',
        changes: [{ field: 'dueAt', from: '2021-12-31T23:59:59+08:00', to: '2022-06-30T23:59:59+08:00' }],
      },
      {
        id: '2.4',
        title: '推广建筑工程相关保险制度',
        changes: [{ field: 'lead', from: ['自然资源规划建设局'], to: ['住房保障中心'] }],
      },
    ]);
    expect(diff.unchanged).toBe(18);
    expect(diffSummary(diff)).toBe('1 added (5.6); 1 removed (5.4); 2 changed (2.3: dueAt; 2.4: lead); 18 unchanged');
  });

  it('the same plan, a reordered list and the same instant in another offset are no change', () => {
    expect(isEmptyDiff(diffPlans(seed, seed))).toBe(true);
    const shuffled = seed.map((m) => ({
      ...m,
      support: [...m.support].reverse(),
      dueAt: m.dueAt && new Date(m.dueAt).toISOString(),
    }));
    const diff = diffPlans(seed, shuffled);
    expect(diff).toMatchObject({ added: [], removed: [], changed: [], unchanged: 21 });
    expect(diffSummary(diff)).toBe('no change (21 measures unchanged)');
  });

  it('every field, including a deadline dropped (持续推进) and a title, field by field', () => {
    const m: MeasureFacts = seed[0]!;
    const next = { ...m, title: '新标题。', support: [], leaders: ['李四'], dueAt: null };
    expect(diffPlans([m], [next]).changed[0]!.changes.map((c) => [c.field, c.to])).toEqual([
      ['title', '新标题。'],
      ['support', []],
      ['leaders', ['李四']],
      ['dueAt', null],
    ]);
  });
});

describe('the plan record', () => {
  const header = { planId: 'p', title: '方案', defaultDueAt: null, supervisors: [], policy: DEFAULT_POLICY };
  const source = { fileName: 'p.txt', sha256: 'ab'.repeat(32), chars: 10 };
  const request = (baseRevision: number, measures: MeasureFacts[], old: MeasureFacts[]): RevisionRequest => ({
    baseRevision,
    by: 'coordinator',
    header,
    source,
    measures,
    diff: diffPlans(old, measures),
  });

  it('revision 1 is the import; each revision after it says what it changed, in order only', () => {
    const first = reviseRecord(undefined, request(0, seed, seed), '2024-01-01T00:00:00.000Z');
    expect(first).toMatchObject({ revision: 1, measures: seed });
    expect(first.revisions).toEqual([
      {
        revision: 1,
        at: '2024-01-01T00:00:00.000Z',
        by: 'coordinator',
        source,
        summary: 'imported: 21 measures',
        added: [],
        removed: [],
        changed: [],
      },
    ]);
    const next = request(1, revised, seed);
    expect(revisionProblem(first, next)).toBeUndefined();
    const second = reviseRecord(first, next, '2024-02-01T00:00:00.000Z');
    expect(second.revision).toBe(2);
    expect(second.revisions[1]).toMatchObject({
      revision: 2,
      added: ['5.6'],
      removed: ['5.4'],
      changed: [
        { id: '2.3', fields: ['dueAt'] },
        { id: '2.4', fields: ['lead'] },
      ],
    });
    // Computed against revision 1 again: refused, the record moved on.
    expect(revisionProblem(second, next)).toMatch(/is at revision 2, not 1/);
    expect(revisionProblem(second, { ...next, baseRevision: 2, header: { ...header, planId: 'q' } })).toMatch(
      /record of plan p, not q/,
    );
  });

  it('a measure that failed keeps its old facts (or stays absent, or stays removed until it goes)', () => {
    const kept = recordedMeasures(seed, revised, new Set(['2.3', '5.6', '5.4']));
    const byId = new Map(kept.map((m) => [m.id, m]));
    expect(byId.get('2.3')!.dueAt).toBe('2021-12-31T23:59:59+08:00'); // the old deadline: shown again next time
    expect(byId.has('5.6')).toBe(false); // not started: still "added" next time
    expect(byId.has('5.4')).toBe(true); // not cancelled: still "removed" next time
    expect(byId.get('2.4')!.lead).toEqual(['住房保障中心']);
    expect(diffPlans(kept, revised).changed.map((c) => c.id)).toEqual(['2.3']);
  });
});
