// What the importer refuses, and what it reports instead of guessing: every error and warning names its line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlanSource, type ParseError, type ParseResult } from '../../src/importer/parse';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'plans');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

function errorsOf(result: ParseResult): ParseError[] {
  if (result.ok) throw new Error(`expected errors, got a plan: ${result.plan.id}`);
  return result.errors;
}

describe('refused sources', () => {
  it('an empty file', () => {
    expect(errorsOf(parsePlanSource('', { filename: 'plan.txt' }))).toEqual([{ message: 'the plan source is empty' }]);
    expect(errorsOf(parsePlanSource(' \n\r\n\t\uFEFF'))[0]!.message).toMatch(/empty/);
    expect(errorsOf(parsePlanSource('\uFEFF   ', { filename: 'plan.json' }))[0]!.message).toMatch(/empty/);
  });

  it('a binary file (NUL bytes), with the line of the first one', () => {
    const [error] = errorsOf(
      parsePlanSource('关于印发方案的通知\n\u0000\u0001PK\u0003\u0004', { filename: 'plan.doc' }),
    );
    expect(error).toMatchObject({ line: 2 });
    expect(error!.message).toMatch(/NUL bytes.*binary/);
  });

  it('text decoded with the wrong encoding (replacement characters)', () => {
    const garbled = '\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\n\uFFFD\uFFFD\uFFFD\uFFFD (\uFFFD\uFFFD:\uFFFD\uFFFD)';
    expect(errorsOf(parsePlanSource(garbled))[0]!.message).toMatch(/not readable text.*UTF-8/);
  });

  it('a document with no recognisable measures is an error, not an empty plan', () => {
    const errors = errorsOf(parsePlanSource(fixture('no-measures.txt'), { filename: 'no-measures.txt' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/no 整改措施 \(measures\) found/);
  });

  it('a measure with no lead at all, naming its line and path', () => {
    const errors = errorsOf(parsePlanSource(fixture('no-lead.txt'), { filename: 'no-lead.txt' }));
    expect(errors).toEqual([expect.objectContaining({ line: 6, path: 'indicators.0.measures.0.lead' })]);
    expect(errors[0]!.message).toMatch(/measure 1\.1 has no 牵头部门/);
  });

  it('duplicate numbering within an indicator, naming both lines', () => {
    const errors = errorsOf(parsePlanSource(fixture('duplicate-numbering.txt'), { filename: 'dup.txt' }));
    expect(errors).toEqual([expect.objectContaining({ line: 9 })]);
    expect(errors[0]!.message).toMatch(/duplicate measure number \(2\).*line 8/);
  });

  it('bad options', () => {
    const seedLike = fixture('suffix-forms.txt');
    expect(errorsOf(parsePlanSource(seedLike, { deadline: '2023-02-30' }))[0]!.message).toMatch(
      /not a date YYYY-MM-DD/,
    );
    expect(errorsOf(parsePlanSource(seedLike, { deadline: '31/12/2023' }))[0]!.message).toMatch(/not a date/);
    expect(errorsOf(parsePlanSource(seedLike, { planId: 'Not A Slug' }))[0]).toMatchObject({ path: 'id' });
  });
});

describe('what cannot be attributed is reported, never guessed', () => {
  const doc = [
    '开办企业整改方案', // 1
    '发布时间:2023-01-05', // 2
    '(一)开办企业', // 3
    '牵头部门:县市场监管局', // 4
    '整改措施:', // 5
    '(1)压缩开办时间。(牵头部门:请各单位在本月内确定并报送。)', // 6
    '(2)推行简易注销。(牵头部门:县税务局;备注:与省厅对接)', // 7
    '(3)推行电子执照(由企业自行负责)。', // 8
    '各项整改工作于2023年6月30日前完成。', // 9 — plain text after (3): part of that measure, no attribution to end it
  ].join('\n');
  const result = parsePlanSource(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const [m1, m2, m3] = result.plan.indicators[0]!.measures;

  it('an attribution that cannot be read stays in the text, with a warning at its line', () => {
    expect(m1!.text).toBe('压缩开办时间。(牵头部门:请各单位在本月内确定并报送。)');
    expect(m1!.lead).toEqual(['县市场监管局']);
    expect(result.warnings.filter((w) => w.line === 6).map((w) => w.message)).toEqual([
      expect.stringMatching(/could not read the attribution/),
      expect.stringMatching(/no attribution of its own; it inherits 牵头部门 县市场监管局/),
    ]);
  });

  it('an unknown clause inside a readable attribution is ignored with a warning', () => {
    expect(m2!.lead).toEqual(['县税务局']);
    expect(result.warnings.find((w) => w.line === 7)?.message).toMatch(/ignored "备注:与省厅对接"/);
  });

  it('prose in parentheses is not mistaken for an attribution', () => {
    expect(m3!.text).toContain('(由企业自行负责)');
    expect(m3!.lead).toEqual(['县市场监管局']);
  });
});

describe('numbering and structure', () => {
  it('warns when numbering jumps inside an indicator', () => {
    const doc = '整改方案\n(一)开办企业\n牵头部门:县市场监管局\n整改措施:\n(1)甲。\n(2)乙。\n(4)丁。';
    const result = parsePlanSource(doc, { deadline: '2024-01-31' });
    expect(result.ok).toBe(true);
    expect(result.warnings.filter((w) => w.line !== undefined)).toEqual([
      { line: 7, message: expect.stringMatching(/jumps from 2 to 4/) as unknown },
    ]);
  });

  it('a 整改措施 heading over unnumbered paragraphs yields one measure per paragraph, with a warning', () => {
    const doc =
      '整改方案\n(一)开办企业\n牵头部门:县市场监管局\n整改措施:\n压缩开办时间。\n推行简易注销。\n牵头部门:县税务局';
    const result = parsePlanSource(doc, { deadline: '2024-01-31' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.indicators[0]!.measures.map((m) => [m.id, m.text, m.lead])).toEqual([
      ['1.1', '压缩开办时间。', ['县市场监管局']],
      ['1.2', '推行简易注销。', ['县税务局']],
    ]);
    expect(result.warnings.some((w) => /not numbered/.test(w.message))).toBe(true);
  });

  it('a document without a title line is named after its file, else its first heading, and warned about', () => {
    const bare = parsePlanSource('(1)压缩开办时间。(牵头部门:县市场监管局)');
    expect(bare.ok && bare.plan.title).toBe('未命名方案');
    expect(bare.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/no plan title found/));
    const named = parsePlanSource('(1)压缩开办时间。(牵头部门:县市场监管局)', { filename: '营商环境整改.txt' });
    expect(named.ok && named.plan.title).toBe('营商环境整改');
    const headed = parsePlanSource('一、获得电力\n(1)压缩开办时间。(牵头部门:县市场监管局)');
    expect(headed.ok && headed.plan.title).toBe('获得电力');
  });
});
