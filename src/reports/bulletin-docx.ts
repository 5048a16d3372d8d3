/**
 * Writes the 督办通报 model (bulletin.ts) as a Word document with the `docx` package, laid out the way supervision
 * offices publish one: a centred title, the addressees, numbered sections (一、二、…) in the documents' wording, the
 * ranked table of departments, and the issuing office and date at the foot.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { GRADES } from '../measure';
import type { BulletinModel } from './bulletin';

const BODY_FONT = { ascii: 'Times New Roman', eastAsia: '仿宋_GB2312', hAnsi: 'Times New Roman' };
const HEADING_FONT = { ascii: 'Times New Roman', eastAsia: '黑体', hAnsi: 'Times New Roman' };
const TITLE_FONT = { ascii: 'Times New Roman', eastAsia: '方正小标宋简体', hAnsi: 'Times New Roman' };
/** Half-points: 三号 (16 pt) for the body, 二号 (22 pt) for the title, 五号 (10.5 pt) in the table. */
const SIZE = { body: 32, title: 44, table: 21 } as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const dateCn = (d: string) => {
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${Number(day)}日`;
};

/** A body paragraph: indented two characters, as official documents are. */
const para = (text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    spacing: { line: 560 },
    children: [new TextRun({ text, font: BODY_FONT, size: SIZE.body })],
  });
const heading = (text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    spacing: { line: 560 },
    children: [new TextRun({ text, font: HEADING_FONT, size: SIZE.body })],
  });

const cell = (text: string, bold = false) =>
  new TableCell({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text, bold, font: BODY_FONT, size: SIZE.table })],
      }),
    ],
  });

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function rankingTable(model: BulletinModel): Table {
  const header = [
    '名次',
    '牵头部门',
    '得分',
    '措施数',
    '已完成',
    '按时率',
    '逾期未完成',
    '逾期完成',
    '退回次数',
    `质量评定（${GRADES.join('/')}）`,
  ];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...model.departments.map(
        (d) =>
          new TableRow({
            children: [
              cell(d.rank === null ? '—' : String(d.rank)),
              cell(d.department),
              cell(d.score === null ? '—' : d.score.toFixed(1)),
              cell(String(d.assessed)),
              cell(String(d.done)),
              cell(percent(d.onTimeRate)),
              cell(String(d.overdueOpen)),
              cell(String(d.late)),
              cell(String(d.rejections)),
              cell(GRADES.map((g) => d.grades[g]).join('/')),
            ],
          }),
      ),
    ],
  });
}

/** The paragraphs of the document, in order (the table goes after section 二's heading). */
function sections(m: BulletinModel): Array<Paragraph | Table> {
  const o = m.overall;
  const out: Array<Paragraph | Table> = [];
  out.push(
    new Paragraph({ children: [new TextRun({ text: '各牵头部门、配合部门：', font: BODY_FONT, size: SIZE.body })] }),
    para(
      `为推动《${m.planTitle}》各项整改措施落地见效，联合督导组对${dateCn(m.since)}至${dateCn(m.until)}期间整改工作进展情况进行了督导检查。现将有关情况通报如下：`,
    ),
    heading('一、总体进展情况'),
    para(
      `截至${dateCn(m.asOf)}，方案共有整改措施${o.total}项${o.cancelled ? `（其中已撤销${o.cancelled}项）` : ''}，已销号${o.closed}项、已验收${o.verified}项、已报结待验收${o.submitted}项、办理中${o.inProgress}项、未签收${o.assigned}项${o.paused ? `、缓办中${o.paused}项` : ''}，完成率${percent(o.completionRate)}，按时完成率${percent(o.onTimeRate)}。逾期未完成${o.overdueOpen}项，逾期完成${o.late}项。本期验收${o.verifiedInPeriod}项，退回整改${o.rejectedInPeriod}次。`,
    ),
    heading('二、各牵头部门考核得分及排名'),
    para('考核得分满分100分：完成情况40分、按时完成30分、验收质量30分，逾期未完成每项扣2分，退回整改每次扣1分。'),
    rankingTable(m),
    heading('三、逾期情况'),
    para('（一）逾期未完成。'),
  );
  if (!m.overdue.length) out.push(para('本期无逾期未完成的整改措施。'));
  for (const u of m.overdue)
    out.push(
      para(
        `${u.unit}（${u.measures.length}项）：${u.measures.map((x) => `措施${x.measureId}“${x.title}”，完成时限${x.dueDate}，已逾期${x.overdueWorkdays}个工作日`).join('；')}。`,
      ),
    );
  out.push(para('（二）逾期完成。'));
  if (!m.late.length) out.push(para('本期无逾期完成的整改措施。'));
  for (const u of m.late)
    out.push(
      para(
        `${u.unit}（${u.measures.length}项）：${u.measures.map((x) => `措施${x.measureId}“${x.title}”，完成时限${x.dueDate}，${x.submittedDate}报结，逾期${x.lateWorkdays}个工作日`).join('；')}。`,
      ),
    );
  out.push(heading('四、退回整改情况'));
  if (!m.rejected.length) out.push(para('本期无退回整改的措施。'));
  m.rejected.forEach((r, i) =>
    out.push(
      para(
        `${i + 1}. ${r.date}，措施${r.measureId}“${r.title}”（${r.units.join('、')}）${r.kind}：${r.reason || '—'}。`,
      ),
    ),
  );
  out.push(
    heading('五、表扬和批评'),
    para(
      m.praised.length
        ? `${m.praised.join('、')}所牵头的整改措施全部按时完成并经验收评定为优秀或良好，予以通报表扬。`
        : '本期无全部按时完成且验收评定为优秀或良好的单位。',
    ),
    para(
      m.criticised.length
        ? `${m.criticised.map((c) => `${c.unit}（${c.reasons.join('，')}）`).join('、')}，予以通报批评。`
        : '本期无通报批评的单位。',
    ),
    heading('六、下一步工作要求'),
    para(
      '各牵头部门要对照整改任务清单，逐项对账销号。被通报批评的单位要认真分析原因，制定补救措施，限期完成整改并报联合督导组；配合部门要主动对接，形成工作合力。',
    ),
    new Paragraph({ text: '' }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [new TextRun({ text: '联合督导组', font: BODY_FONT, size: SIZE.body })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      children: [new TextRun({ text: dateCn(m.asOf), font: BODY_FONT, size: SIZE.body })],
    }),
  );
  return out;
}

export async function bulletinDocument(model: BulletinModel): Promise<Buffer> {
  const doc = new Document({
    creator: 'duban 督办',
    title: model.title,
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [new TextRun({ text: model.title, font: TITLE_FONT, size: SIZE.title })],
          }),
          ...sections(model),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
