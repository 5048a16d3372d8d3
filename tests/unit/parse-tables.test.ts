// Measures laid out as a Word/WPS/Excel table pasted as text (tests/fixtures/plans/*table*.txt): tab-separated rows
// with a Word line break in a cell, pipe-separated (markdown) rows, and an Excel copy with quoted multi-line cells
// and a 评价指标 column that groups the rows into indicators.
import { describe, expect, it } from 'vitest';
import { allMeasures, type Measure, type Plan } from '../../src/domain/plan';
import { parsePlanSource } from '../../src/importer/parse';
import { findTables } from '../../src/importer/parse-table';
import { parseFixture, planOf } from './plan-fixtures';
const measuresOf = (plan: Plan): Record<string, Omit<Measure, 'id' | 'indicator' | 'number'>> =>
  Object.fromEntries(
    allMeasures(plan).map(({ measure }) => {
      const { id, indicator: _i, number: _n, ...rest } = measure;
      return [id, rest];
    }),
  );
const problemsOf = (plan: Plan) =>
  plan.indicators.map((i) => [i.code, i.problems.map((p) => [p.number, p.title, p.line])]);

describe('tab-separated table (Word) under indicator headings', () => {
  const result = parseFixture('word-table-tabs.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('makes each heading above a table an indicator, inheriting its 责任领导/牵头部门 lines', () => {
    expect(plan).toMatchObject({
      title: '关于印发延津县2023年营商环境评价问题整改方案的通知',
      issuer: '延津县人民政府办公室',
      publishedAt: '2023-07-20',
      defaultDueAt: '2023-12-31T23:59:59+08:00',
      supervisors: ['县纪委监委', '县政府督查室'],
    });
    expect(plan.indicators.map((i) => [i.code, i.name, i.leaders, i.lead, i.support])).toEqual([
      ['1', '获得电力', ['李卫东'], ['县发展改革委'], []],
      ['2', '纳税', ['王红梅'], [], []],
    ]);
  });

  it('maps every row to a measure: 序号, title, text, units, 责任领导 and 时限 cells', () => {
    expect(m).toEqual({
      '1.1': {
        title: '推行“三零”服务',
        text: '推行“三零”服务。低压小微企业接电时间压减至10个工作日以内。',
        lead: ['国网延津县供电公司'],
        support: ['县发展改革委'],
        leaders: ['李卫东'],
        dueAt: '2023-09-30T23:59:59+08:00',
        dueText: '2023年9月底前',
        line: 12,
      },
      '1.2': {
        title: '推行电力接入联合审批',
        text: '推行电力接入联合审批。\n将规划、占掘路、绿化许可纳入并联审批，审批时限压缩至5个工作日。',
        lead: ['县自然资源局'],
        support: ['县交通运输局'],
        leaders: ['李卫东'],
        dueAt: '2023-10-31T23:59:59+08:00',
        dueText: '2023年10月31日前',
        line: 13,
      },
      '1.3': {
        title: '加强办电信息公开',
        text: '加强办电信息公开。在政务服务网公开办电流程和收费标准。',
        lead: ['县发展改革委'],
        support: [],
        leaders: ['李卫东'],
        dueAt: null,
        dueText: '持续推进',
        line: 15,
      },
      '2.1': {
        title: '推广“非接触式”办税',
        text: '推广“非接触式”办税。拓展网上办税事项范围。',
        lead: ['县税务局'],
        support: [],
        leaders: ['王红梅'],
        dueAt: '2023-12-31T23:59:59+08:00',
        dueText: '2023年12月底前',
        line: 20,
      },
      '2.2': {
        title: '推行财产和行为税合并申报',
        text: '推行财产和行为税合并申报。',
        lead: ['县税务局'],
        support: ['县财政局', '县人社局'],
        leaders: ['张明'],
        dueAt: '2023-12-31T23:59:59+08:00',
        dueText: '年底前',
        line: 21,
      },
    });
  });

  it('reads the 问题 cell as the indicator problem; an empty (merged) cell adds none', () => {
    expect(problemsOf(plan)).toEqual([
      [
        '1',
        [
          [1, '低压小微企业接电用时长', 12],
          [2, '外线工程审批分散', 13],
        ],
      ],
      [
        '2',
        [
          [1, '部分涉税事项仍需到厅办理', 20],
          [2, '纳税申报次数多', 21],
        ],
      ],
    ]);
  });

  it('says which row inherits its 牵头部门 from the heading, like a prose measure', () => {
    expect(result.warnings).toEqual([
      {
        line: 15,
        message:
          'measure 1.3 has no attribution of its own; it inherits 牵头部门 县发展改革委 from indicator 1 获得电力',
      },
    ]);
  });
});

describe('pipe-separated (markdown) table with no heading', () => {
  const result = parseFixture('word-table-pipes.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('makes one indicator named after the plan', () => {
    expect(plan.indicators.map((i) => [i.code, i.name, i.lead])).toEqual([
      ['1', '封丘县2024年优化营商环境问题整改清单', []],
    ]);
    expect(problemsOf(plan)).toEqual([
      [
        '1',
        [
          [1, '企业开办仍需多次跑动', 8],
          [2, '工程建设审批时间长', 9],
          [3, '惠企政策兑现慢', 10],
          [4, '政务服务评价渠道少', 11],
        ],
      ],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads 、-lists, an attribution inside the 措施 cell and "X牵头，各有关部门按职责分工负责"', () => {
    expect(Object.keys(m)).toEqual(['1.1', '1.2', '1.3', '1.4']);
    expect(m['1.1']).toMatchObject({
      title: '推行企业开办“一网通办”',
      lead: ['县市场监管局', '县税务局'],
      support: [],
      dueAt: '2024-06-30T23:59:59+08:00',
      line: 8,
    });
    expect(m['1.2']).toMatchObject({
      text: '推行告知承诺制审批。',
      lead: ['县行政审批局'],
      support: ['县住建局'],
      dueAt: '2024-09-30T23:59:59+08:00',
      dueText: '2024年9月30日',
    });
    expect(m['1.3']).toMatchObject({
      lead: ['县发展改革委'],
      support: ['各有关部门'],
      dueAt: null,
      dueText: '长期坚持',
    });
    expect(m['1.4']).toMatchObject({ lead: ['县政务服务中心'], dueAt: '2024-12-31T23:59:59+08:00' });
  });
});

describe('Excel copy: quoted multi-line cells and a 评价指标 column', () => {
  const result = parseFixture('table-with-indicator-column.txt');
  const plan = planOf(result);
  const m = measuresOf(plan);

  it('groups rows into one indicator per 评价指标 value (an empty cell continues the one above)', () => {
    expect(plan.title).toBe('获嘉县营商环境评价反馈问题整改台账');
    expect(plan.indicators.map((i) => [i.code, i.name, i.measures.map((x) => x.id)])).toEqual([
      ['1', '开办企业', ['1.1', '1.2']],
      ['2', '获得信贷', ['2.3', '2.4']],
    ]);
    expect(problemsOf(plan)).toEqual([
      ['1', [[1, '开办环节多', 6]]],
      [
        '2',
        [
          [1, '首贷比例低', 10],
          [2, '融资担保覆盖面窄', 11],
        ],
      ],
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('reads quoted cells across lines ("" is a quote) and keeps the 序号 numbering', () => {
    expect(m['1.1']).toEqual({
      title: '压缩开办环节',
      text: '压缩开办环节。\n将企业开办压缩至1个环节。',
      lead: ['县市场监管局'],
      support: ['县税务局', '县公安局'],
      leaders: ['赵军'],
      dueAt: '2023-06-30T23:59:59+08:00',
      dueText: '2023年6月30日',
      line: 6,
    });
    expect(m['1.2']).toMatchObject({ lead: ['县市场监管局'], support: [], dueAt: null, dueText: '持续推进', line: 9 });
    expect(m['2.3']).toMatchObject({
      title: '开展"银企对接"活动',
      lead: ['县金融服务中心'],
      support: ['人行获嘉支行'],
      leaders: ['刘芳'],
      dueAt: '2023-12-31T23:59:59+08:00',
      dueText: '下半年',
    });
    expect(m['2.4']).toMatchObject({ lead: ['县财政局'], dueAt: '2023-09-30T23:59:59+08:00' });
  });
});

describe('table rows the importer cannot fully read', () => {
  const doc = (rows: string[]) =>
    [
      '某县营商环境整改方案',
      '发布时间：2024-01-02',
      '一、开办企业',
      ...rows,
      '',
      '各项整改工作于2024年12月31日前完成。县纪委监委组成联合督导组。',
    ].join('\n');
  const header = '序号\t整改措施\t责任单位\t完成时限';

  it('a row without 责任单位 under a heading that names none is the usual "no 牵头部门" error', () => {
    const result = parsePlanSource(doc([header, '1\t压缩开办时间。\t县市场监管局\t', '2\t推行简易注销。\t\t']));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ line: 6, path: 'indicators.0.measures.1.lead' })]);
    expect(result.errors[0]!.message).toMatch(/measure 1\.2 has no 牵头部门/);
  });

  it('an unreadable 责任单位 cell and a short row are warnings with their lines', () => {
    const result = parsePlanSource(
      doc(['牵头部门：县市场监管局', header, '1\t压缩开办时间。\t请各单位报送\t2024年6月底前', '2\t推行简易注销。']),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      {
        line: 7,
        message: 'this table row has 2 cells but its header (line 5) has 4 columns: the missing ones are read as empty',
      },
      {
        line: 6,
        message: 'could not read the 责任单位 cell "请各单位报送" of this table row; it is ignored',
      },
    ]);
    expect(allMeasures(result.plan).map(({ measure }) => [measure.id, measure.lead, measure.dueAt])).toEqual([
      ['1.1', ['县市场监管局'], '2024-06-30T23:59:59+08:00'],
      ['1.2', ['县市场监管局'], '2024-12-31T23:59:59+08:00'],
    ]);
  });

  it('numbers rows in order when some 序号 cells are empty (merged)', () => {
    const result = parsePlanSource(
      doc([
        header,
        '1\t压缩开办时间。\t县市场监管局\t',
        '\t推行简易注销。\t县市场监管局\t',
        '2\t推行电子执照。\t县市场监管局\t',
      ]),
    );
    expect(result.ok && allMeasures(result.plan).map(({ measure }) => measure.id)).toEqual(['1.1', '1.2', '1.3']);
  });
});

describe('a table under a 整改措施 heading, next to prose indicators', () => {
  it('belongs to the indicator above the 整改措施 heading, whose problems and meta stay prose', () => {
    const doc = [
      ...['某县营商环境整改方案', '发布时间：2024-01-02', '二、任务分工', '（一）获得电力', '责任领导：王五'],
      ...['牵头部门：县发改委', '1.存在问题', '（1）接电慢。', '2.整改措施', '序号\t整改措施\t责任单位\t完成时限'],
      ...['1\t压缩接电时间。\t县供电公司（牵头）、县住建局\t2024年6月底前', '2\t公开办电信息。\t\t'],
      ...['（二）纳税', '牵头部门：县税务局', '1.存在问题', '（1）跑动多。', '2.整改措施'],
      ...['（1）推广网上办税。（牵头部门：县税务局）', '三、工作要求'],
      '各项整改工作于2024年12月31日前完成。县纪委监委组成联合督导组。',
    ].join('\n');
    const result = parsePlanSource(doc);
    const plan = planOf(result);
    expect(
      plan.indicators.map((i) => [
        i.code,
        i.name,
        i.leaders,
        i.problems.map((p) => p.title),
        i.measures.map((m) => [m.id, m.title, m.lead, m.support, m.dueAt, m.line]),
      ]),
    ).toEqual([
      [
        '1',
        '获得电力',
        ['王五'],
        ['接电慢'],
        [
          ['1.1', '压缩接电时间', ['县供电公司'], ['县住建局'], '2024-06-30T23:59:59+08:00', 11],
          ['1.2', '公开办电信息', ['县发改委'], [], '2024-12-31T23:59:59+08:00', 12],
        ],
      ],
      ['2', '纳税', [], ['跑动多'], [['2.1', '推广网上办税', ['县税务局'], [], '2024-12-31T23:59:59+08:00', 18]]],
    ]);
    expect(result.warnings).toEqual([
      {
        line: 12,
        message: 'measure 1.2 has no attribution of its own; it inherits 牵头部门 县发改委 from indicator 1 获得电力',
      },
    ]);
  });
});

describe('rows outside a table and cells broken in the last column', () => {
  const opts = { startsBlock: (raw: string) => /^[一二三四五六七八九十]+、/.test(raw) };

  it('a line without tabs between two rows continues the last cell of the row above', () => {
    const { tables } = findTables(
      ['序号\t整改措施\t完成时限', '1\t推行网办。\t2024年6月', '底前', '2\t推行掌办。\t持续推进', '三、工作要求'],
      opts,
    );
    expect(tables[0]!.rows).toEqual([
      { no: 2, cells: { number: '1', measure: '推行网办。', due: '2024年6月\n底前' } },
      { no: 4, cells: { number: '2', measure: '推行掌办。', due: '持续推进' } },
    ]);
    expect(tables[0]!.endNo).toBe(4);
  });

  it('rows under no recognised header are said, with their lines, and left as text', () => {
    const result = parsePlanSource(
      [
        '某县营商环境整改方案',
        '一、开办企业',
        '1.压缩开办时间。（牵头部门：县市场监管局）',
        '编号\t工作事项\t经办人',
        '1\t推行网办\t张三',
      ].join('\n'),
    );
    const said = (line: number) => ({
      line,
      message:
        'this line looks like a table row (3 cells) but is under no recognised header row ' +
        '(序号 | 整改措施 | 责任单位 | 完成时限 …); it is read as plain text',
    });
    expect(result.warnings.filter((w) => /table row/.test(w.message))).toEqual([said(4), said(5)]);
  });
});

describe('findTables', () => {
  const opts = { startsBlock: (raw: string) => /^[一二三四五六七八九十]+、/.test(raw) };

  it('recognises full-width and traditional header names, and ignores columns it does not know', () => {
    const { tables } = findTables(['序號｜整改措施｜責任單位｜備註', '１｜推行网办。｜县局｜无'], opts);
    expect(tables).toEqual([
      {
        headerNo: 1,
        endNo: 2,
        columns: ['number', 'measure', 'lead', undefined],
        rows: [{ no: 2, cells: { number: '１', measure: '推行网办。', lead: '县局' } }],
      },
    ]);
  });

  it('reads merged cells: a header cell over several columns is the task, short rows repeat the merged cells', () => {
    // A 目标任务分解表 as Word flattens it: 分解情况 spans 指标 | 目标数 | 分解到乡镇; 类别 and the three columns on the
    // right are merged down, so the second row holds only the task's parts, the third lacks only its 类别.
    const { tables } = findTables(
      [
        '类 别 | 分解情况 | 责任领导 | 责任单位 |',
        '教育 | 新建幼儿园(所) | 6 | 城关镇2 新集乡4 | 张 三 | 县教育局 |',
        '新增学位(个) | 900 | 城关镇600 新集乡300 |',
        '改造校舍(平方米) | 5000 | 各乡镇 | 李四 | 县住建局 |',
      ],
      opts,
    );
    expect(tables[0]!.rows.map((r) => r.cells)).toEqual([
      { indicator: '教育', measure: '新建幼儿园(所)\n6\n城关镇2 新集乡4', leaders: '张 三', lead: '县教育局' },
      { indicator: '教育', measure: '新增学位(个)\n900\n城关镇600 新集乡300', leaders: '张 三', lead: '县教育局' },
      { indicator: '教育', measure: '改造校舍(平方米)\n5000\n各乡镇', leaders: '李四', lead: '县住建局' },
    ]);
  });

  it('takes a 项目 column for the task when no other column names one, and for the group beside one', () => {
    const alone = findTables(['序号\t项目\t责任单位', '1\t新建公厕10座\t县城管局'], opts).tables[0];
    expect(alone?.columns).toEqual(['number', 'measure', 'lead']);
    const beside = findTables(['项目\t工作任务\t责任单位', '就业\t新增就业1300人\t县人社局'], opts).tables[0];
    expect(beside?.columns).toEqual(['indicator', 'measure', 'lead']);
  });

  it('is not fooled by prose with a tab, and ends a table at a numbered heading', () => {
    expect(findTables(['一、总体要求\t坚持问题导向', '问题\t措施'], opts).tables).toEqual([]);
    const { tables } = findTables(['序号\t整改措施\t责任单位\t时限', '1\t推行网办。\t县局', '二、工作要求'], opts);
    expect(tables[0]).toMatchObject({ endNo: 2, rows: [{ no: 2 }] });
  });
});
