// The seed document end to end: the whole parsed model against a golden file written from reading the document
// (tests/fixtures/plans/xinxiang-hitech-2020.golden.json), plus the rules the golden encodes, spelled out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMeasures, type Plan } from '../../src/domain/plan';
import { parsePlanSource, type ParseResult } from '../../src/importer/parse';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED_FILE = 'xinxiang-hitech-2020-rectification-plan.txt';
const seed = readFileSync(path.join(ROOT, 'seeds', SEED_FILE), 'utf8');
const golden = JSON.parse(
  readFileSync(path.join(ROOT, 'tests/fixtures/plans/xinxiang-hitech-2020.golden.json'), 'utf8'),
) as Plan;

function planOf(result: ParseResult): Plan {
  if (!result.ok) throw new Error(`expected a plan, got errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

describe('the seed document', () => {
  const result = parsePlanSource(seed, { filename: SEED_FILE });
  const plan = planOf(result);
  const measure = (id: string) => allMeasures(plan).find((m) => m.measure.id === id)!.measure;

  it('parses to exactly the golden model', () => {
    expect(plan).toEqual(golden);
  });

  it('parses without warnings', () => {
    expect(result.warnings).toEqual([]);
  });

  it('has 5 indicators, 21 measures and 15 problems', () => {
    expect(plan.indicators.map((i) => i.code)).toEqual(['1', '2', '3', '4', '5']);
    expect(plan.indicators.map((i) => i.measures.length)).toEqual([3, 6, 4, 3, 5]);
    expect(plan.indicators.map((i) => i.problems.length)).toEqual([2, 4, 3, 2, 4]);
  });

  it('reads the header: title without the 【政策文件】 tag, issuer, 发布时间 (not the page banner)', () => {
    expect(plan.title).toBe('关于印发2020年新乡高新区营商环境评价指标整改提升工作方案的通知');
    expect(plan.issuer).toBe('新乡高新区管委会');
    expect(plan.publishedAt).toBe('2021-11-05');
    expect(plan.id).toBe('xinxiang-hitech-2020');
  });

  it('reads 今年12月31日前 as the publication year, end of day in Asia/Shanghai', () => {
    expect(plan.defaultDueAt).toBe('2021-12-31T23:59:59+08:00');
    expect(allMeasures(plan).every((m) => m.measure.dueAt === '2021-12-31T23:59:59+08:00')).toBe(true);
  });

  it('reads the evaluation, the supervision group and the coordinator', () => {
    expect(plan.evaluation).toEqual({
      total: 80.97,
      rank: 5,
      of: 18,
      objective: { score: 82.45, rank: 3 },
      satisfaction: { score: 77.53, rank: 16 },
    });
    expect(plan.supervisors).toEqual(['纪工委', '组织和人事局', '行政审批服务局']);
    expect(plan.coordinator).toBe('行政审批服务局');
  });

  it('signs the gaps: 低 is negative, 高 positive; no frontier sentence → no frontier', () => {
    expect(plan.indicators[0]!.gaps).toEqual({ frontier: -4, average: 1.06 });
    expect(plan.indicators[2]!.gaps).toEqual({ average: 12.44 });
    expect(plan.indicators[2]!.gaps).not.toHaveProperty('frontier');
  });

  it("lets a measure's own attribution override its indicator's lead and support", () => {
    const fifth = plan.indicators[4]!;
    expect(fifth.lead).toEqual(['服务业促进局']);
    expect(fifth.measures.map((m) => m.lead[0])).toEqual([
      '科学技术局',
      '科学技术局',
      '服务业促进局',
      '组织和人事局',
      '服务业促进局',
    ]);
    expect(measure('1.3')).toMatchObject({ lead: ['市场监督管理局高新区分局'], support: [] });
    expect(measure('5.4').leaders).toEqual(['张玓', '张贺星', '田维琳', '史玉华']);
  });

  it('keeps a parenthesis that is not an attribution, and 一是…二是… runs, in the text', () => {
    expect(measure('2.4').text).toContain('(包括保障性住房、安置房等)');
    expect(measure('2.4').text).not.toContain('牵头部门');
    expect(measure('5.4').text).toContain('一是优化人才公共服务');
    expect(measure('5.4').text).toContain('三是依托“互联网+”模式');
    expect(measure('5.4').title).toBe('推动人才资源信息化建设,畅通人才流动渠道');
  });

  it('keeps 各相关部门 / 各窗口单位 as the names the document gives', () => {
    expect(plan.indicators[2]!.support).toEqual(['各相关部门']);
    expect(measure('3.1').support).toEqual(['各窗口单位']);
  });

  it('takes the plan id from the options, else from the file name, else from a hash of the title', () => {
    expect(planOf(parsePlanSource(seed, { filename: SEED_FILE, planId: 'hitech-2020' })).id).toBe('hitech-2020');
    expect(planOf(parsePlanSource(seed, { filename: '/tmp/uploads/Xinxiang HiTech 2020-plan.txt' })).id).toBe(
      'xinxiang-hitech-2020',
    );
    const anonymous = planOf(parsePlanSource(seed)).id;
    expect(anonymous).toMatch(/^plan-[0-9a-f]{8}$/);
    expect(planOf(parsePlanSource(seed, { filename: '整改方案.txt' })).id).toBe(anonymous);
  });

  it('lets --deadline replace the plan deadline for measures without their own 时限', () => {
    const moved = planOf(parsePlanSource(seed, { filename: SEED_FILE, deadline: '2022-03-31' }));
    expect(moved.defaultDueAt).toBe('2022-03-31T23:59:59+08:00');
    expect(new Set(allMeasures(moved).map((m) => m.measure.dueAt))).toEqual(new Set(['2022-03-31T23:59:59+08:00']));
  });

  it('reads the same document with CRLF line ends and a BOM', () => {
    const crlf = `\uFEFF${seed.replace(/\n/g, '\r\n')}`;
    expect(planOf(parsePlanSource(crlf, { filename: SEED_FILE }))).toEqual(golden);
  });
});
