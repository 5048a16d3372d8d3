// Text copied out of a PDF: every paragraph broken into lines of the page width (tests/fixtures/plans/pdf-wrapped.txt
// wraps at 30 characters, mid-name and mid-bracket). The lines are joined back; documents that are not wrapped
// (the seed, every other fixture) are left as they are.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMeasures } from '../../src/domain/plan';
import { seg, type Line } from '../../src/importer/doc-text';
import { unwrapLines, wrapWidth } from '../../src/importer/unwrap';
import { parseFixture, planOf, readFixture as read } from './plan-fixtures';
const linesOf = (text: string): Line[] =>
  text
    .split('\n')
    .map((raw, i) => ({ ...seg(raw.trim()), no: i + 1 }))
    .filter((l) => l.key !== '');

describe('a PDF copy wrapped at 30 characters', () => {
  const result = parseFixture('pdf-wrapped.txt');
  const plan = planOf(result);
  const m = Object.fromEntries(allMeasures(plan).map(({ measure }) => [measure.id, measure]));

  it('reads the same plan as the unwrapped document would give', () => {
    expect(plan).toMatchObject({
      title: '关于印发新乡县营商环境评价问题整改方案的通知',
      issuer: '新乡县人民政府办公室',
      publishedAt: '2023-06-01',
      defaultDueAt: '2023-12-31T23:59:59+08:00',
      supervisors: ['县纪委监委', '县政府督查室'],
    });
    expect(plan.indicators.map((i) => [i.code, i.name, i.leaders, i.lead, i.support])).toEqual([
      ['1', '获得电力', ['张伟'], ['县发展改革委'], ['国网新乡县供电公司']],
      ['2', '纳税', ['王红'], ['县税务局'], []],
    ]);
  });

  it('joins a paragraph broken mid-name ("县发\\n展改革委") and mid-bracket ("（牵\\n头部门：")', () => {
    expect(m['1.1']).toMatchObject({
      title: '压减办电时间',
      text: '压减办电时间。推行低压小微企业“三零”服务，由县发展改革委牵头建立办电问题协调机制，实现接电时间压减至10个工作日以内。',
      lead: ['国网新乡县供电公司'],
      support: ['县发展改革委', '县住建局'],
      line: 12,
    });
    expect(m['1.2']).toMatchObject({
      text: '推行联合审批。将电力接入工程涉及的规划许可、占掘路许可、绿化许可等纳入并联审批，审批时限压缩至5个工作日。',
      lead: ['县自然资源局'],
      support: ['县交通运输局', '县城市管理局'],
      line: 16,
    });
    expect(m['2.1']).toMatchObject({
      lead: ['县税务局'],
      dueAt: '2023-09-30T23:59:59+08:00',
      dueText: '2023年9月底前',
      line: 23,
    });
  });

  it('cites the line where a joined paragraph starts', () => {
    expect(m['2.2']).toMatchObject({
      text: '压缩纳税时间。推行财产和行为税合并申报，减少企业申报次数和时间。',
      line: 26,
    });
    expect(result.warnings).toEqual([
      {
        line: 26,
        message: 'measure 2.2 has no attribution of its own; it inherits 牵头部门 县税务局 from indicator 2 纳税',
      },
    ]);
  });
});

describe('unwrapLines', () => {
  const startsBlock = (l: Line) => /^(?:\(|（|\d+\.|[一二三四五六七八九十]+、|牵头部门|配合部门)/.test(l.raw);

  it('finds no wrap width in documents whose paragraphs are single lines', () => {
    for (const name of ['fullwidth-punctuation.txt', 'bracket-units.txt', 'deadlines.txt', 'word-table-tabs.txt']) {
      expect(wrapWidth(linesOf(read(name))), name).toBeUndefined();
    }
    const seed = readFileSync(
      path.resolve(__dirname, '..', '..', 'seeds', 'xinxiang-hitech-2020-rectification-plan.txt'),
      'utf8',
    );
    expect(wrapWidth(linesOf(seed))).toBeUndefined();
    expect(wrapWidth(linesOf(read('pdf-wrapped.txt')))).toBe(30);
  });

  it('never joins after sentence-final punctuation, onto a short line, across a blank line or before a block', () => {
    const text = [
      '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十', // 1 full, no punctuation
      '接上行。', // 2 continuation
      '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九。', // 3 ends a sentence
      '下一段', // 4
      '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十', // 5 full
      '', // 6 blank
      '新段落一二三四五六七八九十一二三四五六七八九十一二三四五六七', // 7 full
      '牵头部门：县税务局', // 8 a key line
      '短行', // 9 short
      '不接', // 10
    ].join('\n');
    const { lines, joined } = unwrapLines(linesOf(text), { startsBlock });
    expect(joined).toBe(1);
    expect(lines.map((l) => [l.no, l.raw.slice(-4)])).toEqual([
      [1, '接上行。'],
      [3, '七八九。'],
      [4, '下一段'],
      [5, '七八九十'],
      [7, '四五六七'],
      [8, '县税务局'],
      [9, '短行'],
      [10, '不接'],
    ]);
  });
});
