/**
 * The review of a plan document (src/importer/review.ts, review-file.ts): a document with gaps — a measure without
 * any attribution, one whose attribution cannot be read — is refused by the strict parse but reviewed: the plan as
 * far as read, each doubt with its line, excerpt and measure. Its review file is YAML with the doubts as comments
 * beside their measures and `lead: []` to fill in; filled in, it imports as the full plan. A document read without
 * doubt round-trips exactly: review file → plan file parse → the plan the strict parse gives (line numbers aside).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parseDocument as parseYaml, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/plan';
import { officeText } from '../../src/importer/office';
import { parsePlanSource } from '../../src/importer/parse';
import { reviewPlanSource, type Review } from '../../src/importer/review';
import { reviewFileText } from '../../src/importer/review-file';
import { FIXTURES, parseFixture, planOf, readFixture } from './plan-fixtures';

const NOW = new Date('2026-11-29T00:00:00Z');
const GAPS = 'review-gaps.txt';

function reviewOf(text: string, filename: string): Review {
  const result = reviewPlanSource(text, { filename, now: NOW });
  if (!result.ok) throw new Error(`expected a review, got errors: ${JSON.stringify(result.errors)}`);
  return { plan: result.plan, doubts: result.doubts };
}

/** A plan without its source line numbers (a plan file has none). */
const withoutLines = (plan: Plan): unknown =>
  JSON.parse(JSON.stringify(plan, (key, value: unknown) => (key === 'line' ? undefined : value)));

/** What a person does with the review file: set a measure's lead, keeping every comment. */
function fillIn(yamlText: string, leads: Record<string, string[]>): string {
  const doc = parseYaml(yamlText);
  const indicators = doc.getIn(['indicators'], true);
  if (!isSeq(indicators)) throw new Error('no indicators');
  indicators.items.forEach((ind, i) => {
    const measures = doc.getIn(['indicators', i, 'measures'], true);
    if (!isSeq(measures)) return;
    measures.items.forEach((m, j) => {
      const lead = isMap(m) ? leads[String(m.get('id'))] : undefined;
      if (lead) doc.setIn(['indicators', i, 'measures', j, 'lead'], doc.createNode(lead, { flow: true }));
    });
  });
  return doc.toString({ lineWidth: 0 });
}

describe('a document with gaps', () => {
  const text = readFixture(GAPS);

  it('is refused by the strict parse, naming the lines', () => {
    const strict = parsePlanSource(text, { filename: GAPS, now: NOW });
    expect(strict.ok).toBe(false);
    if (strict.ok) return;
    expect(strict.errors.map((e) => e.line)).toEqual([7, 8]);
  });

  it('is reviewed: the plan as far as read, and each doubt with its line, excerpt and measure', () => {
    const { plan, doubts } = reviewOf(text, GAPS);
    const measures = plan.indicators.flatMap((i) => i.measures);
    expect(measures.map((m) => [m.id, m.lead])).toEqual([
      ['1.1', ['市市场监管局']],
      ['1.2', []],
      ['1.3', []],
      ['2.1', ['国网长垣市供电公司']],
    ]);
    expect(plan.supervisors).toEqual(['市纪委监委', '市政府督查室']);
    expect(doubts).toEqual([
      {
        measureId: '1.2',
        line: 7,
        severity: 'error',
        message: expect.stringMatching(/^no 牵头部门/),
        excerpt: '（2）推行简易注销。扩大简易注销适用范围。',
      },
      {
        measureId: '1.3',
        line: 8,
        severity: 'error',
        message: expect.stringMatching(/^no 牵头部门/),
        excerpt: expect.any(String),
      },
      {
        measureId: '1.3',
        line: 8,
        severity: 'warning',
        message: expect.stringContaining('could not read the attribution "（牵头部门：待定）"'),
        excerpt: expect.stringMatching(/^（3）推行电子营业执照/),
      },
    ]);
  });

  it('writes a review file: doubts as comments beside their measures, `lead: []` to fill in', () => {
    const yamlText = reviewFileText(reviewOf(text, GAPS), { filename: GAPS, reviewFile: 'gaps.yaml' });
    const lines = yamlText.split('\n');
    const at = (id: string) => lines.findIndex((l) => l.includes(`- id: "${id}"`));
    expect(lines[at('1.2') - 1]).toMatch(
      /^\s+# \? no 牵头部门 .* — line 7: "（2）推行简易注销。扩大简易注销适用范围。"$/,
    );
    expect(lines[at('1.3') - 1]).toMatch(/^\s+# \? could not read the attribution "（牵头部门：待定）".* — line 8$/);
    expect(lines.filter((l) => /^\s+lead: \[\] # \? fill in/.test(l))).toHaveLength(2);
    expect(lines[0]).toBe('# duban review of review-gaps.txt: the plan as far as it could be read.');
    expect(yamlText).toContain('duban import gaps.yaml');
    // The comments are YAML comments on the measures' nodes, not text that happens to look like them.
    const doc = parseYaml(yamlText);
    expect(doc.errors).toEqual([]);
    expect((doc.getIn(['indicators', 0, 'measures', 1], true) as YAMLMap).commentBefore).toMatch(/line 7/);
    expect(lines[at('1.1') + 2]).toBe('        lead: [市市场监管局]');
  });

  it('as it stands the review file is refused for the leads still missing, at their lines in it', () => {
    const yamlText = reviewFileText(reviewOf(text, GAPS));
    const result = parsePlanSource(yamlText, { filename: 'gaps.yaml', now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['indicators.0.measures.1.lead', 'indicators.0.measures.2.lead']);
    expect(result.errors.every((e) => yamlText.split('\n')[e.line! - 1]?.includes('lead: []'))).toBe(true);
  });

  it('filled in, imports as the full plan: the review with those leads', () => {
    const review = reviewOf(text, GAPS);
    const filled = fillIn(reviewFileText(review), { '1.2': ['市行政审批局'], '1.3': ['市市场监管局', '市数据局'] });
    const plan = planOf(parsePlanSource(filled, { filename: 'gaps.yaml', now: NOW }));
    const expected = structuredClone(review.plan);
    expected.indicators[0]!.measures[1]!.lead = ['市行政审批局'];
    expected.indicators[0]!.measures[2]!.lead = ['市市场监管局', '市数据局'];
    expect(withoutLines(plan)).toEqual(withoutLines(expected));
  });

  it('keeps a measure whose number is taken, with its error, for the person to renumber', () => {
    const { plan, doubts } = reviewOf(readFixture('duplicate-numbering.txt'), 'duplicate-numbering.txt');
    expect(plan.indicators[0]!.measures.map((m) => m.id)).toEqual(['1.1', '1.2', '1.2']);
    expect(doubts).toContainEqual(
      expect.objectContaining({
        measureId: '1.2',
        line: 9,
        severity: 'error',
        message: expect.stringMatching(/duplicate/),
      }),
    );
    const yamlText = reviewFileText({ plan, doubts });
    const lines = yamlText.split('\n');
    const second = lines.map((l, i) => (l.includes('- id: "1.2"') ? i : -1)).filter((i) => i >= 0)[1]!;
    expect(lines[second - 1]).toMatch(/# \? duplicate measure number .* — line 9/);
  });
});

describe('a document read without doubt round-trips through its review file', () => {
  const documents = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'));
  const clean = documents.filter((f) => parseFixture(f, { now: NOW }).ok);

  it.each(['xinxiang-hitech-2020-rectification-plan.txt', ...clean])('%s', (name) => {
    const text = name.startsWith('xinxiang')
      ? readFileSync(path.resolve(__dirname, '../../seeds', name), 'utf8')
      : readFixture(name);
    const strict = planOf(parsePlanSource(text, { filename: name, now: NOW }));
    const review = reviewOf(text, name);
    expect(withoutLines(review.plan)).toEqual(withoutLines(strict));
    const back = planOf(parsePlanSource(reviewFileText(review), { filename: 'review.yaml', now: NOW }));
    expect(withoutLines(back)).toEqual(withoutLines(strict));
  });

  it.each([
    ['word-document.docx', 'docx'],
    ['task-list.xlsx', 'xlsx'],
  ] as const)('%s', async (name, format) => {
    const text = await officeText(readFileSync(path.join(FIXTURES, name)), format);
    const strict = planOf(parsePlanSource(text, { filename: name, now: NOW }));
    const back = planOf(parsePlanSource(reviewFileText(reviewOf(text, name)), { filename: 'r.yaml', now: NOW }));
    expect(withoutLines(back)).toEqual(withoutLines(strict));
  });
});

describe('what is not reviewed', () => {
  it('a plan file (already editable), a document without measures, unreadable text', () => {
    const refused = (text: string, filename?: string) => {
      const result = reviewPlanSource(text, { filename, now: NOW });
      return result.ok ? [] : result.errors.map((e) => e.message);
    };
    expect(refused(readFixture('demo-plan.yaml'), 'demo-plan.yaml')).toEqual([
      expect.stringMatching(/already a plan file/),
    ]);
    expect(refused(readFixture('no-measures.txt'), 'no-measures.txt')).toEqual([expect.stringMatching(/no 整改措施/)]);
    expect(refused('')).toEqual([expect.stringMatching(/empty/)]);
  });
});
