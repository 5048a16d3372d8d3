// Task tables as real pages flatten them (issue 10 item 4): one cell per line, runs of spaces, pipes with empty edge
// cells and separator rows, and a header read by role. Every table here is a small synthetic one; the corpus
// (tests/corpus, `npm run corpus`) holds the real documents with these shapes.
import { describe, expect, it } from 'vitest';
import { allMeasures } from '../../src/domain/plan';
import { parsePlanSource } from '../../src/importer/parse';
import { findTables } from '../../src/importer/parse-table';
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
