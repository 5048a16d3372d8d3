// Task tables as real pages flatten them (issue 10 item 4): one cell per line, runs of spaces, pipes with empty edge
// cells and separator rows, and a header read by role. Every table here is a small synthetic one; the corpus
// (tests/corpus, `npm run corpus`) holds the real documents with these shapes.
import { describe, expect, it } from 'vitest';
import { allMeasures } from '../../src/domain/plan';
import { parsePlanSource } from '../../src/importer/parse';
import { findTables } from '../../src/importer/parse-table';
import { kindOf, placePieces } from '../../src/importer/table-cells';
import { columnOf, headerColumns } from '../../src/importer/table-header';

const opts = { startsBlock: (raw: string) => /^[一二三四五六七八九十]+、/.test(raw) };
const rowsOf = (lines: string[]) => findTables(lines, opts).tables.map((t) => t.rows.map((r) => r.cells));

/** A plan around a table: title, date, the table, and the closing deadline and supervision sentence. */
const plan = (table: string[]) =>
  [
    '关于印发某县2024年重点工作任务分解方案的通知',
    '发布时间：2024-01-02',
    '',
    ...table,
    '',
    '三、工作要求',
    '各项任务于2024年12月31日前完成。县纪委监委组成联合督导组。',
  ].join('\n');
const measures = (text: string) => {
  const result = parsePlanSource(text);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return allMeasures(result.plan).map(({ measure: m }) => [m.id, m.title, m.lead, m.support, m.leaders, m.dueText]);
};

describe('the header, read by role as officials read it', () => {
  it('names lead, support, persons and 时限 columns by their role words', () => {
    const roles = (names: string[]) => names.map(columnOf);
    expect(roles(['牵头单位', '主要责任单位', '牵头责任单位', '主责部门'])).toEqual(['lead', 'lead', 'lead', 'lead']);
    expect(roles(['配合单位', '协同单位', '协同配合单位', '协办单位', '责任主体与协同单位'])).toEqual(
      Array(5).fill('support'),
    );
    expect(roles(['责任领导', '分管 领导', '牵头领导', '责任人'])).toEqual(Array(4).fill('leaders'));
    expect(roles(['完成时限', '时间节点', '完成时间'])).toEqual(['due', 'due', 'due']);
    expect(roles(['工作任务', '重点工作', '民生实事', '存在问题', '整改措施'])).toEqual([
      ...['measure', 'measure', 'measure', 'problem', 'measure'],
    ]);
  });

  it('makes a 责任单位 beside a 牵头单位 a supporting column, and a lone 责任单位 the (joint) lead', () => {
    expect(headerColumns(['序号', '工作任务', '牵头单位', '责任单位'])).toEqual([
      'number',
      'measure',
      'lead',
      'support',
    ]);
    expect(headerColumns(['序号', '工作任务', '责任单位', '完成时限'])).toEqual(['number', 'measure', 'lead', 'due']);
  });

  it('reads a problem list (问题 and 责任单位, no 措施 column) with each problem as its unit’s task', () => {
    expect(headerColumns(['序号', '问题描述', '责任单位'])).toEqual(['number', 'measure', 'lead']);
  });

  it('takes two person columns (责任领导 and 责任人) as one list of leaders', () => {
    const { tables } = findTables(
      ['序号\t工作任务\t责任单位\t责任领导\t责任人', '1\t修路。\t县交通局\t王五\t赵六'],
      opts,
    );
    expect(tables[0]!.rows[0]!.cells).toMatchObject({ lead: '县交通局', leaders: '王五\n赵六' });
  });
});

describe('the pieces of a flattened row, placed by what they look like', () => {
  it('tells a 序号, units, persons, a 时限 and text apart', () => {
    expect(['3', '县住建局、县水务局', '张三', '12月底前', '全年', '启动老旧小区改造。'].map(kindOf)).toEqual([
      ...['number', 'units', 'persons', 'due', 'due', 'text'],
    ]);
  });

  it('leaves a merged cell empty in a short row instead of shifting the cells after it', () => {
    const placed = placePieces(['number', 'measure', 'lead', 'support', 'due'], ['2', '新建人行天桥。', '9月底前']);
    expect(placed).toEqual([
      new Map([
        [0, ['2']],
        [1, ['新建人行天桥。']],
        [4, ['9月底前']],
      ]),
    ]);
  });
});

describe('one cell per line', () => {
  const table = [
    '序号',
    '',
    '工作任务',
    '',
    '牵头单位',
    '',
    '配合单位',
    '',
    '完成时限',
    '',
    '一、基础设施',
    '1',
    '',
    '启动东河综合治理工程，',
    '同步建设湿地公园。',
    '县水务局',
    '县住建局',
    '县林业局',
    '12月底前',
    '2',
    '新建2座人行天桥。',
    '县住建局',
    '9月底前',
    '二、社会事业',
    '3',
    '开工建设县养老服务中心。',
    '县民政局',
    '县卫健局、县财政局',
    '5月底前',
    '开工建设老年大学。',
    '12月底前',
    '4',
    '建成县残疾人综合服务中心。',
    '县残联(牵头)、县住建局',
    '6月底前',
  ];

  it('splits rows at the 序号 sequence and places a short row’s cells by their look', () => {
    expect(rowsOf(table)).toEqual([
      [
        {
          number: '1',
          indicator: '基础设施',
          // A task cell wrapped over two lines stays one cell, joined where it wraps.
          measure: '启动东河综合治理工程，同步建设湿地公园。',
          lead: '县水务局',
          support: '县住建局\n县林业局',
          due: '12月底前',
        },
        // No 配合单位 in row 2: its 时限 is not read as one; its 牵头单位 is its own.
        { number: '2', indicator: '基础设施', measure: '新建2座人行天桥。', lead: '县住建局', due: '9月底前' },
        {
          number: '3',
          indicator: '社会事业',
          measure: '开工建设县养老服务中心。',
          lead: '县民政局',
          support: '县卫健局、县财政局',
          due: '5月底前',
        },
        // A second task of 序号 3: its 序号 and unit cells are merged with the row above.
        {
          indicator: '社会事业',
          measure: '开工建设老年大学。',
          lead: '县民政局',
          support: '县卫健局、县财政局',
          due: '12月底前',
        },
        {
          number: '4',
          indicator: '社会事业',
          measure: '建成县残疾人综合服务中心。',
          lead: '县残联(牵头)、县住建局',
          due: '6月底前',
        },
      ],
    ]);
  });

  it('imports the rows as measures: headings as indicators, "X(牵头)、Y" as lead X and support Y', () => {
    expect(measures(plan(table))).toEqual([
      ['1.1', '启动东河综合治理工程，同步建设湿地公园', ['县水务局'], ['县住建局', '县林业局'], [], '12月底前'],
      ['1.2', '新建2座人行天桥', ['县住建局'], [], [], '9月底前'],
      ['2.1', '开工建设县养老服务中心', ['县民政局'], ['县卫健局', '县财政局'], [], '5月底前'],
      ['2.2', '开工建设老年大学', ['县民政局'], ['县卫健局', '县财政局'], [], '12月底前'],
      ['2.3', '建成县残疾人综合服务中心', ['县残联'], ['县住建局'], [], '6月底前'],
    ]);
  });

  it('ends the table after its last row, leaving the prose after it to the document', () => {
    const { tables } = findTables([...table, '', '三、工作要求', '各单位要加强领导。'], opts);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.endNo).toBe(table.length);
  });

  it('reads "序号 |" cells with a trailing pipe, an empty cell as "|", and persons in a 责任领导 column', () => {
    const rows = rowsOf([
      '序号 |',
      '重点工作 |',
      '责任领导 |',
      '责任单位 |',
      '备注 |',
      '1 |',
      '优化项目服务机制,落实项目管家制度。 |',
      '张三 |',
      '招商部、安商部 |',
      '|',
      '2 |',
      '盘活存量土地400亩。 |',
      '李四 |',
      '改革办 |',
      '年内完成 |',
      '2024年1月2日',
    ]);
    expect(rows).toEqual([
      [
        { number: '1', measure: '优化项目服务机制,落实项目管家制度。', leaders: '张三', lead: '招商部、安商部' },
        { number: '2', measure: '盘活存量土地400亩。', leaders: '李四', lead: '改革办' },
      ],
    ]);
  });

  it('follows a 序号 sequence with gaps, past headings that have no rows of their own', () => {
    const rows = rowsOf([
      ...['序号', '重点工作任务', '主要责任单位', '协同配合单位'],
      ...['一、预期目标', '3', '固定资产投资增长7%。', '区发改委', '区工信局、区住建局,各乡镇人民政府。'],
      ...['二、扩投资', '三、惠民生', '68', '推进义务教育优质均衡发展。', '区教育局', '区政府有关部门。'],
    ]);
    expect(rows).toEqual([
      [
        {
          number: '3',
          indicator: '预期目标',
          measure: '固定资产投资增长7%。',
          lead: '区发改委',
          support: '区工信局、区住建局,各乡镇人民政府。',
        },
        {
          number: '68',
          indicator: '惠民生',
          measure: '推进义务教育优质均衡发展。',
          lead: '区教育局',
          support: '区政府有关部门。',
        },
      ],
    ]);
  });

  it('is not a table without rows under its header, nor prose labels', () => {
    expect(rowsOf(['序号', '工作任务', '责任单位', '', '各单位要加强领导。'])).toEqual([]);
    expect(rowsOf(['整改措施', '1.推行网办。', '责任单位：县局'])).toEqual([]);
  });
});

describe('runs of spaces', () => {
  it('splits at runs of spaces, keeping a single space inside a cell', () => {
    const rows = rowsOf([
      '序号   工作任务   责任单位   完成时限',
      '1   启动建设 城东污水处理厂   县住建局   2016年12月底',
      '2   新建农贸市场   县商务局、县市场监管局   6月底前',
    ]);
    expect(rows).toEqual([
      [
        { number: '1', measure: '启动建设 城东污水处理厂', lead: '县住建局', due: '2016年12月底' },
        { number: '2', measure: '新建农贸市场', lead: '县商务局、县市场监管局', due: '6月底前' },
      ],
    ]);
  });

  it('is not fooled by prose that happens to hold spaces and numbers', () => {
    expect(rowsOf(['各单位 要 加强 领导 序号 不变', '1 个 工作日内 报送'])).toEqual([]);
    expect(rowsOf(['序号 工作任务 责任单位', '各单位要加强领导。'])).toEqual([]);
  });

  it('reads a header that closes the paragraph before it, a heading as the group, and single-space rows', () => {
    const text = plan([
      '现将任务分解如下。附件:任务分解表 序号 名称 工作任务 牵头责任单位',
      '',
      '一、主要预期目标',
      '',
      '1 地区生产总值增长7%以上. 发改委',
      '',
      '2 固定资产投资增长8%. 发改委、经信委',
    ]);
    expect(measures(text)).toEqual([
      ['1.1', '地区生产总值增长7%以上', ['发改委'], [], [], undefined],
      ['1.2', '固定资产投资增长8%', ['发改委', '经信委'], [], [], undefined],
    ]);
  });
});

describe('pipes', () => {
  it('skips separator rows and pipe-only rows, and reads empty leading and trailing cells', () => {
    const rows = rowsOf([
      '| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |',
      '|:---:|---|---|---|---|',
      '| 1 | 修缮县文化馆。 | 县文旅局 | | 9月底前 |',
      '| | | | | |',
      '|———|———|———|———|———|',
      '| 2 | 新建城北公园。 | 县住建局 | 县自然资源局 | |',
    ]);
    expect(rows).toEqual([
      [
        { number: '1', measure: '修缮县文化馆。', lead: '县文旅局', due: '9月底前' },
        { number: '2', measure: '新建城北公园。', lead: '县住建局', support: '县自然资源局' },
      ],
    ]);
  });

  it('reads "X牵头、Y" in a 责任单位 cell as lead X and support Y, and a unit list closed by 。', () => {
    const text = plan([
      '| 序号 | 工作任务 | 责任单位 | 配合单位 |',
      '| 1 | 修缮县文化馆。 | 县文旅局牵头、县住建局 | |',
      '| 2 | 新建城北公园。 | 县住建局 | 县自然资源局、县财政局。 |',
    ]);
    expect(measures(text)).toEqual([
      ['1.1', '修缮县文化馆', ['县文旅局'], ['县住建局'], [], undefined],
      ['1.2', '新建城北公园', ['县住建局'], ['县自然资源局', '县财政局'], [], undefined],
    ]);
  });
});
