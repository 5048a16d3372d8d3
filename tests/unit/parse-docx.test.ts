/**
 * Word documents (.docx): a plan written by python-docx (scripts/make-docx-fixture.py) the way offices send them —
 * typed headings and key lines, "1." typed and Word's own automatic numbering, a table with a two-paragraph cell —
 * read into exactly the model a person reads in it; and the reader's own rules on small packages built here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { allMeasures } from '../../src/domain/plan';
import { docxToText, DocxError, isZip } from '../../src/importer/docx';
import { parsePlanSource } from '../../src/importer/parse';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'plans', 'word-document.docx');
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A minimal .docx package: the parts the reader looks at, zipped like Word does. */
function docx(body: string, numbering?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'),
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
  };
  if (numbering) files['word/numbering.xml'] = strToU8(`<w:numbering ${W}>${numbering}</w:numbering>`);
  return zipSync(files);
}
const p = (text: string, pPr = '') => `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r><w:t>${text}</w:t></w:r></w:p>`;
const num = (numId: number, ilvl: number) => `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;

describe('a Word document written by python-docx', () => {
  const text = docxToText(readFileSync(FIXTURE));
  const result = parsePlanSource(text, { filename: 'word-document.docx' });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const { plan } = result;

  it('reads the header, the deadline and the supervision group', () => {
    expect(plan).toMatchObject({
      id: 'word-document',
      title: '关于印发获嘉县2023年营商环境评价问题整改方案的通知',
      issuer: '获嘉县人民政府办公室',
      publishedAt: '2023-09-12',
      defaultDueAt: '2023-12-31T23:59:59+08:00',
      supervisors: ['县纪委监委', '县政府督查室'],
    });
  });

  it('reads typed, automatically numbered and tabled measures alike', () => {
    expect(plan.indicators.map((i) => [i.code, i.name, i.leaders, i.lead])).toEqual([
      ['1', '获得电力', ['刘建华'], ['县发展改革委']],
      ['2', '纳税', ['王红梅'], ['县税务局']],
      ['3', '办理建筑许可', ['赵明'], []],
    ]);
    expect(allMeasures(plan).map(({ measure: m }) => [m.id, m.title, m.lead, m.support, m.leaders, m.dueAt])).toEqual([
      ['1.1', '压减办电时间', ['国网获嘉县供电公司'], ['县发展改革委'], ['刘建华'], '2023-12-31T23:59:59+08:00'],
      ['1.2', '推行联合审批', ['县自然资源局'], [], ['刘建华'], '2023-12-31T23:59:59+08:00'],
      ['2.1', '推广非接触式办税', ['县税务局'], [], ['王红梅'], '2023-12-31T23:59:59+08:00'],
      ['2.2', '推行财产和行为税合并申报', ['县税务局'], ['县财政局'], ['王红梅'], '2023-12-31T23:59:59+08:00'],
      ['3.1', '推行告知承诺制', ['县住建局'], [], ['赵明'], '2023-11-30T23:59:59+08:00'],
      ['3.2', '推行施工图数字化审查', ['县住建局'], ['县行政审批局'], ['赵明'], null],
    ]);
    // The two paragraphs of a table cell stay one measure's text; the 问题 column becomes the indicator's problems.
    const [, , , , m31] = allMeasures(plan).map(({ measure }) => measure);
    expect(m31!.text).toBe('推行告知承诺制。\n对社会投资低风险项目实行一次告知、一次办结。');
    expect(plan.indicators[2]!.problems.map((x) => x.text)).toEqual(['审批环节多。', '图审时间长。']);
  });

  it('warns, with its line, about the automatically numbered measure that has no attribution', () => {
    expect(result.warnings).toEqual([expect.objectContaining({ line: 17, message: expect.stringContaining('2.1') })]);
    expect(text.split('\n')[16]).toBe('1.推广非接触式办税。拓展网上办税事项范围。');
  });
});

describe('docxToText', () => {
  it('writes out Word numbering as displayed: 一、 at level 0, （1） at level 1, restarting under each 一、', () => {
    const numbering =
      '<w:abstractNum w:abstractNumId="7">' +
      '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>' +
      '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl>' +
      '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>';
    const body = [
      p('获得电力', num(3, 0)),
      p('压减时间。', num(3, 1)),
      p('降低成本。', num(3, 1)),
      p('纳税', num(3, 0)),
      p('推广网上办税。', num(3, 1)),
    ].join('');
    expect(docxToText(docx(body, numbering)).split('\n')).toEqual([
      '一、获得电力',
      '（1）压减时间。',
      '（2）降低成本。',
      '二、纳税',
      '（1）推广网上办税。',
    ]);
  });

  it('keeps inserted text, drops deleted text, decodes entities, and turns tabs and breaks into text', () => {
    const body =
      '<w:p><w:r><w:t xml:space="preserve">牵头部门：县发改委 </w:t></w:r>' +
      '<w:del><w:r><w:delText>县财政局</w:delText></w:r></w:del>' +
      '<w:ins><w:r><w:t>&amp;县税务局</w:t></w:r></w:ins></w:p>' +
      '<w:p><w:r><w:t>序号</w:t><w:tab/><w:t>措施</w:t><w:br/><w:t>第二行</w:t></w:r></w:p><w:p/>';
    expect(docxToText(docx(body)).split('\n')).toEqual(['牵头部门：县发改委 &县税务局', '序号\t措施', '第二行', '']);
  });

  it('writes each table row as one tab-separated line, quoting a cell that holds several paragraphs', () => {
    const cell = (...paras: string[]) => `<w:tc>${paras.map((t) => p(t)).join('')}</w:tc>`;
    const body = `<w:tbl><w:tr>${cell('序号')}${cell('整改措施')}</w:tr><w:tr>${cell('1')}${cell('推行"一网通办"。', '全程网办。')}</w:tr></w:tbl>${p('后文')}`;
    expect(docxToText(docx(body))).toBe('序号\t整改措施\n1\t"推行""一网通办""。\n全程网办。"\n\n后文');
  });

  it('refuses what is not a Word document, saying why', () => {
    expect(isZip(strToU8('一、获得电力'))).toBe(false);
    expect(() => docxToText(strToU8('一、获得电力'))).toThrow(DocxError);
    expect(() => docxToText(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }))).toThrow(/no word\/document\.xml/);
    const damaged = docx(p('x')).slice(0, 40);
    expect(() => docxToText(damaged)).toThrow(/damaged/);
  });
});
