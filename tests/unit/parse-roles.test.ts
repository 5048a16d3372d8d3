/**
 * Roles as officials read them (doc-attribution.ts header, tests/corpus/README.md): each rule on a small document
 * of its own, so a rule is a rule of the language and not of one corpus document.
 */
import { describe, expect, it } from 'vitest';
import type { Measure } from '../../src/domain/plan';
import { parsePlanSource } from '../../src/importer/parse';

function measures(doc: string): Measure[] {
  const result = parsePlanSource(doc, { filename: 'roles.txt', now: new Date('2026-12-01T00:00:00+08:00') });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan.indicators.flatMap((i) => i.measures);
}
const roles = (m: Measure) => ({ lead: m.lead, support: m.support, leaders: m.leaders });

describe('lead and support', () => {
  it('reads 责任单位 beside a 牵头单位 as support, on key lines and inside one bracket', () => {
    const [a, b] = measures(
      '2023年重点工作分工方案\n一、主要目标\n1.地区生产总值增长6%。\n牵头单位:区发改局\n责任单位:区财政局、各街道\n' +
        '2.税收增长5%。(牵头单位:区财政局;责任单位:区税务局)',
    );
    expect(roles(a!)).toEqual({ lead: ['区发改局'], support: ['区财政局', '各街道'], leaders: [] });
    expect(roles(b!)).toEqual({ lead: ['区财政局'], support: ['区税务局'], leaders: [] });
  });

  it('reads a lone 责任单位 as joint leads, and the first as lead when the document says 排在首位的为牵头单位', () => {
    const [joint] = measures('工作方案\n一、任务\n1.完善预案。(责任单位:市应急局、市公安局)');
    expect(roles(joint!)).toEqual({ lead: ['市应急局', '市公安局'], support: [], leaders: [] });
    const [first] = measures('工作方案\n一、任务\n1.完善预案。(责任单位:市应急局、市公安局,排在首位的为牵头单位)');
    expect(roles(first!)).toEqual({ lead: ['市应急局'], support: ['市公安局'], leaders: [] });
  });

  it('reads 牵头责任单位 / 协同责任单位 / 牵头负责领导 lines, and drops a trailing 等', () => {
    const [m] = measures(
      '重点工作责任分解\n一、目标\n1.规上工业增加值增长9%。\n牵头负责领导:束学龙。\n牵头责任单位:市经信局。\n' +
        '协同责任单位:市发改委、六安供电公司等。',
    );
    expect(roles(m!)).toEqual({ lead: ['市经信局'], support: ['市发改委', '六安供电公司'], leaders: ['束学龙'] });
  });

  it('reads a 部门分工 line in the suffix forms, with its 分管领导', () => {
    const [m] = measures(
      '分工方案\n一、目标\n1.地区生产总值增长6%以上。\n分管省领导:林克庆\n部门分工:省发展改革委牵头,各地、各部门配合。',
    );
    expect(roles(m!)).toEqual({ lead: ['省发展改革委'], support: ['各地', '各部门'], leaders: ['林克庆'] });
  });
});

describe('what a measure is', () => {
  it('takes problems each assigned to a unit (督查通报) as the measures', () => {
    const ms = measures('督查通知\n存在问题:\n1.胡同内垃圾。(责任单位:英雄街道)\n2.路面破损。(责任单位:住建局)');
    expect(ms.map((m) => [m.title, m.lead])).toEqual([
      ['胡同内垃圾', ['英雄街道']],
      ['路面破损', ['住建局']],
    ]);
  });

  it('gives an attribution on its own line after a numbered list to every item of the list', () => {
    const ms = measures(
      '规划责任分解\n(一)预案建设\n1.完善应急预案体系\n(1)加强预案管理。\n(2)加强预案演练。\n(责任单位:市直各有关单位、各县(市、区)人民政府)',
    );
    expect(ms.map((m) => [m.title, m.lead])).toEqual([
      ['加强预案管理', ['市直各有关单位', '各县(市、区)人民政府']],
      ['加强预案演练', ['市直各有关单位', '各县(市、区)人民政府']],
    ]);
  });
});

describe('the document’s own year', () => {
  it('reads 6月底前 in the year of the 文号, never the current year', () => {
    const [m] = measures(
      '嘉政办发〔2021〕5号\n重点工作责任分解\n一、目标\n1.开工建设。(牵头单位:县发改局;完成时限:6月底前)',
    );
    expect(m!.dueAt).toBe('2021-06-30T23:59:59+08:00');
  });

  it('else in the year of its first full date, else the year it names most often', () => {
    const [a] = measures('工作方案\n2019年5月15日\n一、任务\n1.清理垃圾。(责任单位:英雄街道;整改时限:年底前)');
    expect(a!.dueAt).toBe('2019-12-31T23:59:59+08:00');
    const [b] = measures(
      '工作方案\n一、任务\n1.完成2020年目标。(责任单位:县交通局;时限:9月底前)\n2.巩固2020年成果。(责任单位:县水利局)',
    );
    expect(b!.dueAt).toBe('2020-09-30T23:59:59+08:00');
  });
});

describe('lists grouped under captions', () => {
  it('reads an unnumbered line with an attribution above a list restarting at 1 as that list’s heading', () => {
    const ms = measures(
      '创文曝光台\n三义街社区(责任单位:三义街社区)\n1、电动车乱停乱放\n2、电线乱拉乱搭\n' +
        '通会桥社区(责任单位:通会桥社区)\n1﹑占道经营\n2﹑灭火器无人维护',
    );
    expect(ms.map((m) => [m.title, m.lead])).toEqual([
      ['电动车乱停乱放', ['三义街社区']],
      ['电线乱拉乱搭', ['三义街社区']],
      ['占道经营', ['通会桥社区']],
      ['灭火器无人维护', ['通会桥社区']],
    ]);
  });

  it('gives a 问题整改责任单位 line after a sub-list to each of its items', () => {
    const ms = measures(
      '问题清单\n1. 市科技馆\n(1)电动车未按指定区域停放;\n(2)灭火器过期未更换。\n问题整改责任单位:市科技馆 整改时限:3天',
    );
    expect(ms.map((m) => m.lead)).toEqual([['市科技馆'], ['市科技馆']]);
  });
});

describe('prose and other unkeyed shapes', () => {
  it('reads roles, leader and 时限 from a sentence: 由…副市长负责, X牵头, Y配合, 9月底前完成', () => {
    const [m] = measures(
      '2010年工作分工\n1、综合配套改革试验区事宜\n由杨志武副市长负责,市发改委牵头,市财政局、市商务局配合,9月底前完成方案。',
    );
    expect(roles(m!)).toEqual({ lead: ['市发改委'], support: ['市财政局', '市商务局'], leaders: ['杨志武'] });
    expect(m!.dueAt).toBe('2010-09-30T23:59:59+08:00');
  });

  it('reads 由<units><verb> and 会同…等部门落实 in a sentence, and brackets with 会同', () => {
    const [a, b] = measures(
      '工作分工\n一、分工\n(一)关于投入的问题,由财政部、发展改革委研究提出意见。\n' +
        '(二)关于用地的问题,由财政部牵头,会同国土资源部、建设部等部门落实。',
    );
    expect(roles(a!)).toEqual({ lead: ['财政部', '发展改革委'], support: [], leaders: [] });
    expect(roles(b!)).toEqual({ lead: ['财政部'], support: ['国土资源部', '建设部'], leaders: [] });
    const [c] = measures('分工方案\n1、促进就业。(由省人社厅牵头,会同省财政厅、住房和城乡建设厅等单位负责落实)');
    expect(roles(c!)).toEqual({ lead: ['省人社厅'], support: ['省财政厅', '住房和城乡建设厅'], leaders: [] });
  });

  it('reads "unit: duty" lines under a heading as one measure each', () => {
    const ms = measures(
      '定点联系制度\n一、联系单位\n省发展改革委:负责联系南京市雨花台区;\n省财政厅:负责联系南京市六合区;',
    );
    expect(ms.map((m) => [m.title, m.lead])).toEqual([
      ['省发展改革委:负责联系南京市雨花台区', ['省发展改革委']],
      ['省财政厅:负责联系南京市六合区', ['省财政厅']],
    ]);
  });

  it('reads a 存在问题 label with its 责任单位 line as a measure', () => {
    const ms = measures(
      '督查通报\n明馨园小区\n存在问题:公示栏管理不到位。\n责任单位:嵩阳街道\n隆源超市\n存在问题:杂物堆放混乱。\n责任单位:县商务局',
    );
    expect(ms.map((m) => [m.number, m.lead])).toEqual([
      [1, ['嵩阳街道']],
      [2, ['县商务局']],
    ]);
  });

  it('splits a page flattened to one line before its items', () => {
    const line =
      '[接上页] 5.基础设施建设规划。提出交通、通信、电力、水利等基础设施恢复重建的具体方案。由市发改委牵头,市经委、市交通局配合,6月25日完成。 ' +
      '6.公共服务设施建设规划。提出教育、卫生、文化等恢复重建的具体方案。由市教育局牵头,市卫生局配合,6月25日完成。 ' +
      '7.生产力布局和产业调整规划。提出产业恢复重建的具体方案。由市经委牵头,市发改委配合,6月25日完成。';
    const ms = measures(`灾后重建规划分工\n2008年6月1日\n${line}`);
    expect(ms.map((m) => [m.number, m.lead, m.dueAt])).toEqual([
      [5, ['市发改委'], '2008-06-25T23:59:59+08:00'],
      [6, ['市教育局'], '2008-06-25T23:59:59+08:00'],
      [7, ['市经委'], '2008-06-25T23:59:59+08:00'],
    ]);
  });

  it('keeps collectives whole and splits units joined by 和', () => {
    const [m] = measures(
      '工作方案\n一、任务\n1.推进建设。(牵头单位:市发改委;配合单位:各开发区、镇(街道),相关市、县政府,国土局和有关县区)',
    );
    expect(m!.support).toEqual(['各开发区、镇(街道)', '相关市、县政府', '国土局', '有关县区']);
  });
});

describe('collectives and paragraphs', () => {
  it('reads places before a shared 政府 as one collective unit', () => {
    const [m] = measures(
      '大气治理方案\n一、任务\n1.推进油气回收治理。(责任单位:市环保局、各县(市)、铜山区、贾汪区政府)',
    );
    expect(m!.lead).toEqual(['市环保局', '各县(市)、铜山区、贾汪区政府']);
  });

  it('reads each attributed paragraph under a heading as a measure of its own', () => {
    const ms = measures(
      '工作报告分工\n(五)推进卫生和体育发展\n强化公共卫生管理。由小军同志负责,市卫生局承办。\n促进体育事业发展。由远牧同志负责,市体育局、市建委承办。',
    );
    expect(ms.map((m) => [m.lead, m.leaders])).toEqual([
      [['市卫生局'], ['小军']],
      [['市体育局', '市建委'], ['远牧']],
    ]);
  });
});

describe('reports on tasks', () => {
  it('reads each task a 落实情况通报 quotes, with the units before it, and a label before a sentence', () => {
    const ms = measures(
      '常务会议确定事项落实情况的通报\n二、推进情况\n如县发改局负责的“严格落实重点项目前期工作计划。”截至目前已完成;县水利局、县农业局负责的“紧盯国债项目开工。”截至目前开工2个。',
    );
    expect(ms.map((m) => [m.title, m.lead])).toEqual([
      ['严格落实重点项目前期工作计划', ['县发改局']],
      ['紧盯国债项目开工', ['县水利局', '县农业局']],
    ]);
    const [labelled] = measures('恢复重建方案\n(一)加强组织领导:由县交通运输局牵头推进重点工程的恢复重建工作。');
    expect(labelled!.lead).toEqual(['县交通运输局']);
  });
});

describe('lists that start again', () => {
  it('reads a list restarting at 1 after an attribution line as a new group with its own attribution', () => {
    const ms = measures(
      '督查通报\n1.卫生间堆放杂物;\n整改责任单位:县市场监督管理局\n1.食堂杂物乱堆放;\n2.厨房垃圾乱堆放。\n整改责任单位:县污水处理厂',
    );
    expect(ms.map((m) => [m.id, m.lead])).toEqual([
      ['1.1', ['县市场监督管理局']],
      ['2.1', ['县污水处理厂']],
      ['2.2', ['县污水处理厂']],
    ]);
  });
});
