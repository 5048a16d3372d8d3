// One realistic short plan per attribution family real documents use (tests/fixtures/plans/*.txt): full-width
// punctuation, 〔牵头单位:X;配合单位:Y〕, (责任单位:X、Y), (X牵头,Y配合), per-measure 时限, traditional characters,
// and measures written only as 一是/二是 paragraphs.
import { describe, expect, it } from 'vitest';
import { allMeasures, type Measure, type Plan } from '../../src/domain/plan';
import { parsePlanSource, type ParseWarning } from '../../src/importer/parse';
import { parseFixture, planOf, readFixture } from './plan-fixtures';
const measuresOf = (plan: Plan): Record<string, Measure> =>
  Object.fromEntries(allMeasures(plan).map(({ measure }) => [measure.id, measure]));
const brief = (m: Measure) => ({
  lead: m.lead,
  support: m.support,
  leaders: m.leaders,
  dueAt: m.dueAt,
  dueText: m.dueText,
});
const warningAt = (warnings: ParseWarning[], line: number) => warnings.filter((w) => w.line === line);

describe('full-width punctuation （：；，）', () => {
  const result = parseFixture('fullwidth-punctuation.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('reads the header, the issuer above the title and the evaluation', () => {
    expect(plan).toMatchObject({
      id: 'fullwidth-punctuation',
      title: '关于印发淇县2023年营商环境评价反馈问题整改方案的通知',
      issuer: '淇县人民政府办公室',
      publishedAt: '2023-08-15',
      defaultDueAt: '2023-12-31T23:59:59+08:00',
      evaluation: { total: 78.42, rank: 2, of: 4 },
      supervisors: ['县纪委监委', '县委督查室', '县政府督查室'],
      coordinator: '县营商办',
    });
  });

  it('finds the indicators under 二、整改任务 with their header lines, score and gaps', () => {
    expect(plan.indicators.map((i) => [i.code, i.name, i.leaders, i.lead, i.support, i.score, i.rank, i.gaps])).toEqual(
      [
        [
          '1',
          '获得电力',
          ['李建国'],
          ['县发展改革委'],
          ['国网淇县供电公司', '县自然资源局'],
          72.1,
          9,
          { frontier: -15.3, average: -3.25 },
        ],
        ['2', '纳税', ['王红梅'], ['县税务局'], ['县财政局'], 85.6, 3, { average: 4.2 }],
      ],
    );
    expect(plan.indicators.map((i) => i.problems.map((p) => p.title))).toEqual([
      ['办电环节多、时间长', '电力接入外线工程审批分散'],
      ['部分涉税事项仍需到厅办理'],
    ]);
  });

  it('reads （牵头部门：X；配合部门：Y、Z） including a comma-separated list', () => {
    expect(Object.keys(m)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2']);
    expect(brief(m['1.1']!)).toMatchObject({ lead: ['国网淇县供电公司'], support: ['县发展改革委', '县住建局'] });
    expect(brief(m['1.2']!)).toMatchObject({ lead: ['县自然资源局'], support: ['县交通运输局', '县城市管理局'] });
    expect(brief(m['2.1']!)).toMatchObject({ lead: ['县税务局'], support: [] });
    expect(m['1.2']!.text).toContain('（含10千伏及以下项目）');
    expect(m['1.2']!.text).not.toContain('牵头部门');
  });

  it('lets an unattributed measure inherit from its indicator, and says so', () => {
    expect(brief(m['1.3']!)).toMatchObject({ lead: ['县发展改革委'], support: ['国网淇县供电公司', '县自然资源局'] });
    expect(warningAt(result.warnings, 23)[0]?.message).toMatch(/1\.3 has no attribution of its own.*县发展改革委/);
  });
});

describe('〔牵头单位:X;配合单位:Y〕 with numbering running across indicators', () => {
  const result = parseFixture('bracket-units.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('reads issuer from the tagged title and drops the sign-off from the text', () => {
    expect(plan).toMatchObject({
      title: '关于印发鹤壁市优化营商环境提升行动方案的通知',
      issuer: '鹤壁市人民政府办公室',
      publishedAt: '2024-03-12',
      supervisors: ['市政府督查室', '市营商办'],
    });
    expect(JSON.stringify(plan)).not.toContain('2024年3月12日');
  });

  it('keeps the document numbering (3. and 4. under (二)) and ignores 保障措施', () => {
    expect(plan.indicators.map((i) => i.name)).toEqual(['提升开办企业便利度', '优化工程建设项目审批']);
    expect(Object.keys(m)).toEqual(['1.1', '1.2', '2.3', '2.4']);
  });

  it('splits names at top level only: 各县（市、区）政府 stays one name', () => {
    expect(brief(m['1.1']!)).toMatchObject({
      lead: ['市市场监管局'],
      support: ['市公安局', '市税务局', '市人社局', '市住房公积金中心'],
    });
    expect(m['2.3']!.lead).toEqual(['市自然资源和规划局']);
    expect(m['2.4']!.support).toEqual(['市自然资源和规划局', '市水利局', '各县（市、区）政府']);
  });

  it('without a plan deadline, leaves due times empty and warns', () => {
    expect(plan.defaultDueAt).toBeNull();
    expect(allMeasures(plan).every(({ measure }) => measure.dueAt === null)).toBe(true);
    expect(result.warnings.some((w) => /no plan-wide deadline/.test(w.message))).toBe(true);
  });
});

describe('（责任单位：X、Y） — every 责任单位 is a lead — with 时限 inside the bracket', () => {
  const result = parseFixture('responsible-units.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('numbers 1、 measures within 一、 indicators', () => {
    expect(plan.title).toBe('华龙区2022年营商环境评价问题整改清单');
    expect(plan.indicators.map((i) => [i.code, i.name, i.lead])).toEqual([
      ['1', '获得信贷', []],
      ['2', '保护中小投资者', []],
    ]);
    expect(Object.keys(m)).toEqual(['1.1', '1.2', '2.1', '2.2']);
  });

  it('reads the leads and each 时限; the rest falls to the plan deadline', () => {
    expect(plan.defaultDueAt).toBe('2022-11-30T23:59:59+08:00');
    expect(brief(m['1.1']!)).toEqual({
      lead: ['区金融服务中心', '人行华龙中心支行'],
      support: [],
      leaders: [],
      dueAt: '2022-11-30T23:59:59+08:00',
      dueText: undefined,
    });
    expect(brief(m['1.2']!)).toMatchObject({
      lead: ['区财政局', '区金融服务中心'],
      dueAt: '2022-09-30T23:59:59+08:00',
      dueText: '2022年9月底前',
    });
    expect(brief(m['2.1']!)).toMatchObject({ lead: ['区法院', '区司法局'], dueAt: null, dueText: '长期坚持' });
    expect(brief(m['2.2']!)).toMatchObject({ lead: ['区法院'], dueAt: '2022-12-31T23:59:59+08:00', dueText: '年底前' });
  });

  it('does not glue the closing paragraph onto the last measure, and says so', () => {
    expect(m['2.2']!.text).toBe('提高商事纠纷审判效率。缩短平均审理期限，实现商事案件平均审理天数下降10%。');
    expect(warningAt(result.warnings, 14)[0]?.message).toMatch(/read as plan text/);
    expect(plan.supervisors).toEqual(['区纪委监委', '区委组织部']);
  });
});

describe('（X牵头，Y配合） and （X牵头，各有关部门按职责分工负责） under a flat 整改措施 section', () => {
  const result = parseFixture('suffix-forms.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('makes one indicator of the flat section and attaches the 存在问题 to it', () => {
    expect(plan.indicators).toHaveLength(1);
    expect(plan.indicators[0]).toMatchObject({ code: '1', name: '整改措施', lead: [], support: [] });
    expect(plan.indicators[0]!.problems.map((p) => [p.number, p.title])).toEqual([
      [1, '政务服务“一网通办”覆盖面不够广'],
      [2, '涉企政策知晓度不高'],
    ]);
  });

  it('reads lead and support from the suffix forms', () => {
    expect(brief(m['1.1']!)).toMatchObject({ lead: ['县行政审批局'], support: ['县大数据中心'] });
    expect(brief(m['1.2']!)).toMatchObject({ lead: ['县发展改革委'], support: ['各有关部门'] });
    expect(brief(m['1.3']!)).toMatchObject({ lead: ['县工商联', '县营商办'], support: ['县市场监管局', '县司法局'] });
    expect(brief(m['1.4']!)).toMatchObject({ lead: ['县行政审批局'], support: [], dueAt: null, dueText: '持续推进' });
    expect(m['1.4']!.text).toBe('加强窗口作风建设。对窗口工作人员开展常态化培训（每季度不少于一次）。');
  });

  it('reads 发文机关, 成文日期, the deadline, the supervision group and the coordinator', () => {
    expect(plan).toMatchObject({
      issuer: '滑县优化营商环境工作领导小组办公室',
      publishedAt: '2023-05-08',
      defaultDueAt: '2023-10-31T23:59:59+08:00',
      supervisors: ['县纪委监委', '县营商办'],
      coordinator: '县营商办',
    });
    expect(result.warnings).toEqual([]);
  });
});

describe('per-measure 时限 lines', () => {
  const result = parseFixture('deadlines.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('reads every 时限 shape, and falls back to the plan deadline for the rest', () => {
    expect(plan.defaultDueAt).toBe('2024-09-30T23:59:59+08:00');
    expect(Object.values(m).map((x) => [x.id, x.dueAt, x.dueText])).toEqual([
      ['1.1', '2024-06-30T23:59:59+08:00', '2024年6月底前'],
      ['1.2', '2024-12-31T23:59:59+08:00', '2024年12月31日前'],
      ['1.3', null, '持续推进'],
      ['1.4', '2024-12-31T23:59:59+08:00', '年底前'],
      ['1.5', '2024-09-30T23:59:59+08:00', '视试点情况确定'],
      ['1.6', '2024-09-30T23:59:59+08:00', undefined],
    ]);
    expect(m['1.1']!.text).toBe('推行施工图数字化审查。实现施工图审查全程网上办理。');
  });

  it('warns about a 时限 it cannot read, with its line', () => {
    expect(warningAt(result.warnings, 18)[0]?.message).toMatch(/could not read the 时限 "视试点情况确定"/);
  });

  it('keeps explicit 时限 when --deadline moves the plan deadline', () => {
    const moved = measuresOf(planOf(parseFixture('deadlines.txt', { deadline: '2025-01-15' })));
    expect(moved['1.1']!.dueAt).toBe('2024-06-30T23:59:59+08:00');
    expect(moved['1.3']!.dueAt).toBeNull();
    expect(moved['1.6']!.dueAt).toBe('2025-01-15T23:59:59+08:00');
  });

  it('takes measure leaders, lead and support from the indicator header lines', () => {
    expect(brief(m['1.3']!)).toMatchObject({
      lead: ['市住房城乡建设局'],
      support: ['市自然资源和规划局'],
      leaders: ['赵刚'],
    });
  });
});

describe('traditional characters (牽頭部門, 責任領導, 時限, 現存問題)', () => {
  const plan = planOf(parseFixture('traditional.txt'));
  const m = measuresOf(plan);

  it('reads the keywords and keeps names as written', () => {
    expect(plan).toMatchObject({
      title: '關於印發淇濱縣營商環境評價問題整改方案的通知',
      issuer: '淇濱縣人民政府',
      publishedAt: '2023-09-01',
      defaultDueAt: '2023-11-30T23:59:59+08:00',
      supervisors: ['縣紀委監委', '縣政府督查室'],
    });
    expect(plan.indicators[0]).toMatchObject({
      name: '開辦企業',
      leaders: ['陳志明'],
      lead: ['縣市場監督管理局'],
      support: ['縣稅務局', '縣公安局'],
    });
    expect(plan.indicators[0]!.problems.map((p) => p.title)).toEqual(['企業開辦環節仍較多']);
  });

  it("reads each measure's attribution, its own 責任領導 and 時限", () => {
    expect(brief(m['1.1']!)).toMatchObject({ lead: ['縣市場監督管理局'], support: ['縣稅務局'], leaders: ['陳志明'] });
    expect(brief(m['1.2']!)).toMatchObject({
      support: [],
      dueAt: '2023-12-31T23:59:59+08:00',
      dueText: '2023年12月底前',
    });
    expect(brief(m['1.3']!)).toMatchObject({ leaders: ['林美華'], dueAt: null, dueText: '長期堅持' });
  });
});

describe('measures written only as 一是/二是 paragraphs under 整改措施:', () => {
  const result = parseFixture('yishi-paragraphs.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('makes each 一是/二是 paragraph (or piece of one paragraph) a measure', () => {
    expect(Object.keys(m)).toEqual(['1.1', '1.2', '1.3', '2.1', '2.2']);
    expect(m['1.1']!).toMatchObject({
      title: '推行“帮办代办”服务',
      text: '推行“帮办代办”服务。为企业提供全程免费帮办代办。',
    });
    expect(m['2.1']!.text).toBe('开展“双随机、一公开”联合抽查');
    expect(m['2.2']!.text).toBe('加强食品安全日常监管。');
  });

  it('inherits from the indicator header unless the paragraph names its own', () => {
    expect(brief(m['1.1']!)).toMatchObject({ lead: ['镇便民服务中心'], support: ['镇党政办'], leaders: ['刘洋'] });
    expect(brief(m['1.2']!)).toMatchObject({ lead: ['镇便民服务中心'], support: ['镇党政办', '镇财政所'] });
    expect(brief(m['2.2']!)).toMatchObject({ lead: ['镇市场监管所'], support: [], leaders: ['孙丽'] });
  });

  it('reads 今年9月底前 in the publication year', () => {
    expect(plan.defaultDueAt).toBe('2024-09-30T23:59:59+08:00');
  });
});

describe('an unnumbered closing paragraph after the last measure', () => {
  it('after a blank line, is plan text (deadline, 联合督导组), not the last measure, and is said', () => {
    const result = parseFixture('closing-paragraph.txt');
    const plan = planOf(result);
    expect(plan).toMatchObject({
      defaultDueAt: '2024-10-31T23:59:59+08:00',
      supervisors: ['市纪委监委', '市委督查室'],
    });
    expect(allMeasures(plan).map(({ measure }) => [measure.id, measure.text, measure.lead])).toEqual([
      ['1.1', '压缩开办时间。推行开办企业“一日办结”。', ['市市场监管局']],
      ['1.2', '推行简易注销。扩大简易注销适用范围。', ['市市场监管局']],
    ]);
    expect(result.warnings).toEqual([
      {
        line: 11,
        message:
          'this paragraph follows the last item of a list (line 9) after a blank line; ' +
          'it is read as plan text, not as part of that measure',
      },
    ]);
  });

  it("without the blank line, stays the last measure's text (nothing tells them apart)", () => {
    const text = readFixture('closing-paragraph.txt').replace('。\n\n各责任单位', '。\n各责任单位');
    const plan = planOf(parsePlanSource(text, { filename: 'closing.txt' }));
    expect(allMeasures(plan)[1]!.measure.text).toMatch(/^推行简易注销。扩大简易注销适用范围。\n各责任单位要高度重视/);
    expect(plan.supervisors).toEqual([]);
  });
});
