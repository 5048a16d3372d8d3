/**
 * The importer on the real documents of tests/corpus: the overall figures `npm run corpus` prints may not fall
 * below what the parser reached when this floor was last raised. Raise FLOOR when the parser gets better; never
 * lower it to let a change through. Each key is checked against its own text first (scripts/corpus/load.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus, scoreCorpus } from '../../scripts/corpus/load';
import { scoreDocument, totals, type CorpusKey } from '../../scripts/corpus/score';
import type { Measure } from '../../src/domain/plan';

const FLOOR = { documents: 40, f1: 0.978, leaderAccuracy: 0.975, deadlineAccuracy: 0.885, refused: 0 };

describe('the corpus', () => {
  const docs = loadCorpus();

  it(`holds at least ${FLOOR.documents} documents, each from its own source`, () => {
    expect(docs.length).toBeGreaterThanOrEqual(FLOOR.documents);
    expect(new Set(docs.map((d) => d.key.source)).size).toBe(docs.length);
  });

  it('is read at least as well as the floor says', () => {
    const all = totals(scoreCorpus(docs));
    expect(all.f1).toBeGreaterThanOrEqual(FLOOR.f1);
    expect(all.leaderAccuracy).toBeGreaterThanOrEqual(FLOOR.leaderAccuracy);
    expect(all.deadlineAccuracy).toBeGreaterThanOrEqual(FLOOR.deadlineAccuracy);
    expect(all.refused).toBeLessThanOrEqual(FLOOR.refused);
  });
});

describe('the corpus score', () => {
  const key: CorpusKey = {
    source: 'https://example.gov.cn/plan',
    kind: '任务分工方案',
    year: 2023,
    shapes: [],
    measures: [
      {
        number: '1',
        title: '做好第一件事',
        lead: ['甲局'],
        support: ['乙局'],
        leaders: ['张三'],
        deadline: '2023-06-30',
      },
      { number: '2', title: '做好第二件事', lead: ['丙局'], support: [], leaders: [], deadline: '长期坚持' },
    ],
  };
  const measure = (over: Partial<Measure>): Measure => ({
    id: '1.1',
    indicator: '1',
    number: 1,
    title: '',
    text: '',
    lead: [],
    support: [],
    leaders: [],
    dueAt: null,
    ...over,
  });

  it('counts a unit in the wrong role as both a miss and a false alarm, and an unknown measure as false alarms', () => {
    const s = scoreDocument(key, [
      measure({ title: '做好第一件事。', text: '做好第一件事。', lead: ['甲局', '乙局'], leaders: ['张三'] }),
      measure({ title: '做好第 二件事', text: '做好第 二件事', lead: ['丙局'], dueAt: null, dueText: '长期坚持' }),
      measure({ title: '别的事', text: '别的事', lead: ['丁局'] }),
    ]);
    expect(s.matched).toBe(2);
    // lead 甲局 ✓, 乙局 as lead ✗ (fp) and missing as support (fn); 丙局 ✓; 丁局 in an unknown measure (fp).
    expect(s.triples).toEqual({ tp: 2, fp: 2, fn: 1 });
    expect(s.leadersRight).toBe(2);
    // 1: no own 时限 read (the key says 6月底前); 2: the ongoing word kept and no due instant.
    expect(s.deadlinesRight).toBe(1);
  });

  it('gives a refused document no measures and every key triple as missed', () => {
    const s = scoreDocument(key, [], 'line 1: nothing');
    expect(s).toMatchObject({ matched: 0, found: 0, refused: 'line 1: nothing', triples: { tp: 0, fp: 0, fn: 3 } });
    expect(totals([s])).toMatchObject({ documents: 1, refused: 1, f1: 0, leaderAccuracy: 0 });
  });
});
