/**
 * Excel task lists (.xlsx): a 整改任务清单 written by openpyxl (scripts/make-xlsx-fixture.py) — merged title row,
 * 指标 and 问题 cells merged down, a line break in a cell, a real date cell, a hidden sheet — read into exactly the
 * model a person reads in it; and the cell kinds a workbook holds, on one built here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { allMeasures } from '../../src/domain/plan';
import { parsePlanSource } from '../../src/importer/parse';
import { xlsxToText, XlsxError } from '../../src/importer/xlsx';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'plans', 'task-list.xlsx');

describe('an Excel task list written by openpyxl', () => {
  it('reads each visible sheet row by row, merged cells once, dates as dates', async () => {
    expect((await xlsxToText(readFileSync(FIXTURE))).split('\n')).toEqual([
      '原阳县2023年营商环境评价问题整改任务清单',
      '序号\t指标\t存在问题\t整改措施\t责任单位\t配合单位\t完成时限',
      '1\t获得电力\t接电时间长。\t压减办电时间。低压小微企业接电时间压减至10个工作日以内。\t国网原阳县供电公司\t县发展改革委\t2023-10-31',
      '2\t\t\t"推行联合审批。',
      '将规划、占掘路、绿化许可纳入并联审批。"\t县自然资源局\t\t2023年11月底前',
      '3\t纳税\t办税渠道少。\t推广非接触式办税。\t县税务局\t县财政局\t持续推进',
    ]);
  });

  it('becomes the plan a person reads in it', async () => {
    const result = parsePlanSource(await xlsxToText(readFileSync(FIXTURE)), { filename: 'task-list.xlsx' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { plan } = result;
    expect(plan).toMatchObject({ id: 'task-list', title: '原阳县2023年营商环境评价问题整改任务清单' });
    expect(plan.indicators.map((i) => [i.code, i.name, i.problems.map((p) => p.text)])).toEqual([
      ['1', '获得电力', ['接电时间长。']],
      ['2', '纳税', ['办税渠道少。']],
    ]);
    expect(allMeasures(plan).map(({ measure: m }) => [m.id, m.title, m.lead, m.support, m.dueAt, m.dueText])).toEqual([
      ['1.1', '压减办电时间', ['国网原阳县供电公司'], ['县发展改革委'], '2023-10-31T23:59:59+08:00', '2023-10-31'],
      ['1.2', '推行联合审批', ['县自然资源局'], [], '2023-11-30T23:59:59+08:00', '2023年11月底前'],
      ['2.3', '推广非接触式办税', ['县税务局'], ['县财政局'], null, '持续推进'],
    ]);
  });
});

describe('xlsxToText', () => {
  it('shows rich text, formula results, hyperlinks and numbers as Excel does', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(['序号', '整改措施', '责任单位', '完成时限']);
    sheet.addRow([
      { formula: 'ROW()-1', result: 1 },
      { richText: [{ text: '推行' }, { font: { bold: true }, text: '一网通办' }, { text: '。' }] },
      { text: '县行政审批局', hyperlink: 'https://example.gov.cn' },
      { formula: 'DATE(2023,12,31)', result: new Date(Date.UTC(2023, 11, 31)) },
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await xlsxToText(bytes)).toBe(
      '序号\t整改措施\t责任单位\t完成时限\n1\t推行一网通办。\t县行政审批局\t2023-12-31',
    );
  });

  it('refuses what is not a workbook, saying why', async () => {
    await expect(xlsxToText(new TextEncoder().encode('序号\t整改措施'))).rejects.toThrow(XlsxError);
    await expect(xlsxToText(new TextEncoder().encode('序号\t整改措施'))).rejects.toThrow(/not a readable \.xlsx/);
  });
});
