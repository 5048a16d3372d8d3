/**
 * The workbench's pure pieces: the one HTML helper escapes everything it is given, the action forms read into
 * events (or Chinese reasons they cannot be one), refusals are worded in Chinese from the permission table, the
 * sign-in never redirects outside the workbench, and the inbox orders by light, then deadline.
 */
import { describe, expect, it } from 'vitest';
import type { MeasureEvent } from '../../src/domain/events';
import { allowedFor, applyEvent, createSnapshot, measureView } from '../../src/measure';
import { readEventForm } from '../../src/web/event-form';
import { measurePage } from '../../src/web/pages/measure-page';
import { html } from '../../src/web/html';
import { byUrgency } from '../../src/web/inbox';
import { safeNext } from '../../src/web/session';
import { deadline, refusalText } from '../../src/web/words';

describe('html', () => {
  it('escapes interpolated text, keeps nested markup, joins arrays and drops empty values', () => {
    const name = `<script>alert("x")</script>&'`;
    const out = html`<p title="${name}">${name}${[html`<b>${1}</b>`, 'a<b']}${undefined}${false}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<b>1</b>a&lt;b</p>',
    );
  });
});

describe('readEventForm', () => {
  it('reads progress, a rejection and an extension request into events', () => {
    expect(readEventForm({ type: 'REPORT_PROGRESS', percent: '60', note: ' 已起草 ' })).toEqual({
      ok: true,
      event: { type: 'REPORT_PROGRESS', percent: 60, note: '已起草' },
    });
    expect(readEventForm({ type: 'START', note: '' })).toEqual({ ok: true, event: { type: 'START' } });
    expect(readEventForm({ type: 'REJECT', reason: '材料不全' })).toEqual({
      ok: true,
      event: { type: 'REJECT', reason: '材料不全' },
    });
    expect(readEventForm({ type: 'REQUEST_EXTENSION', newDueDate: '2026-06-30', reason: '施工期' })).toEqual({
      ok: true,
      event: { type: 'REQUEST_EXTENSION', newDueAt: '2026-06-30T23:59:59+08:00', reason: '施工期' },
    });
  });

  it('names what does not fit, in Chinese, and sends nothing', () => {
    expect(readEventForm({ type: 'REPORT_PROGRESS', percent: '150' })).toEqual({
      ok: false,
      type: 'REPORT_PROGRESS',
      errors: ['完成进度：请填写 0 到 100 之间的整数'],
    });
    expect(readEventForm({ type: 'REJECT', reason: '   ' })).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('理由')],
    });
    expect(readEventForm({ type: 'REQUEST_EXTENSION', newDueDate: 'tomorrow', reason: 'x' })).toMatchObject({
      ok: false,
      errors: ['新的完成时限：请选择日期'],
    });
    expect(readEventForm({ type: 'REMIND' })).toMatchObject({ ok: false, errors: ['操作：未知的操作'] });
  });

  it('reads 验收 with its 质量评定 (required on the form) and 验收不合格 with its reason', () => {
    expect(readEventForm({ type: 'VERIFY', grade: '优秀', note: ' 成效明显 ' })).toEqual({
      ok: true,
      event: { type: 'VERIFY', grade: '优秀', note: '成效明显' },
    });
    expect(readEventForm({ type: 'VERIFY', grade: '', note: 'x' })).toEqual({
      ok: false,
      type: 'VERIFY',
      errors: ['质量评定：请选择优秀、良好或合格'],
    });
    expect(readEventForm({ type: 'VERIFY', grade: '不合格' })).toEqual({
      ok: false,
      type: 'VERIFY',
      errors: ['质量评定：请选择优秀、良好或合格'],
    });
    expect(readEventForm({ type: 'FAIL_QUALITY', reason: '整改不到位' })).toEqual({
      ok: true,
      event: { type: 'FAIL_QUALITY', reason: '整改不到位' },
    });
    expect(readEventForm({ type: 'FAIL_QUALITY', reason: ' ' })).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('理由')],
    });
  });

  it('reads the 转办 forms', () => {
    expect(readEventForm({ type: 'TRANSFER_REQUEST', to: ' 税务局 ', reason: '不属于本单位职责' })).toEqual({
      ok: true,
      event: { type: 'TRANSFER_REQUEST', to: '税务局', reason: '不属于本单位职责' },
    });
    expect(readEventForm({ type: 'TRANSFER_REQUEST', to: '', reason: 'r' })).toMatchObject({
      ok: false,
      errors: ['接收单位：请填写接收转办的单位'],
    });
    expect(readEventForm({ type: 'TRANSFER_REFUSE', reason: ' ' })).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('理由')],
    });
    expect(readEventForm({ type: 'TRANSFER_ACCEPT', note: '' })).toEqual({
      ok: true,
      event: { type: 'TRANSFER_ACCEPT' },
    });
  });

  it('reads a 改派 form: both lists as typed (顿号, commas, lines), support may be emptied', () => {
    expect(
      readEventForm({
        type: 'REASSIGN',
        lead: ' 住房和城乡建设局、 自然资源规划建设局 ',
        support: '',
        reason: '机构改革',
      }),
    ).toEqual({
      ok: true,
      event: { type: 'REASSIGN', lead: ['住房和城乡建设局', '自然资源规划建设局'], support: [], reason: '机构改革' },
    });
    expect(readEventForm({ type: 'REASSIGN', lead: 'A,B\nC', support: 'D；E', reason: 'r' })).toMatchObject({
      ok: true,
      event: { lead: ['A', 'B', 'C'], support: ['D', 'E'] },
    });
    expect(readEventForm({ type: 'REASSIGN', lead: ' 、 ', support: 'D', reason: '' })).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([expect.stringContaining('牵头部门'), expect.stringContaining('理由')]),
    });
  });

  it('reads a 缓办 request with and without an expected resume date', () => {
    expect(readEventForm({ type: 'REQUEST_PAUSE', reason: '待批复', expectedResumeDate: '2026-03-02' })).toEqual({
      ok: true,
      event: { type: 'REQUEST_PAUSE', reason: '待批复', expectedResumeAt: '2026-03-02T00:00:00+08:00' },
    });
    expect(readEventForm({ type: 'REQUEST_PAUSE', reason: '待批复', expectedResumeDate: '' })).toEqual({
      ok: true,
      event: { type: 'REQUEST_PAUSE', reason: '待批复' },
    });
    expect(readEventForm({ type: 'REQUEST_PAUSE', reason: '', expectedResumeDate: 'soon' })).toMatchObject({
      ok: false,
      errors: ['理由：请填写（不超过 2000 字）', '预计恢复日期：请选择日期'],
    });
    expect(readEventForm({ type: 'RESUME' })).toEqual({ ok: true, event: { type: 'RESUME' } });
  });

  it('reads a 分解 form: one part a line, 标题｜单位｜期限, the date optional', () => {
    expect(readEventForm({ type: 'SPLIT', parts: '东片区｜甲局｜2026-06-30\n\n 西片区 | 乙局 ', note: '' })).toEqual({
      ok: true,
      event: {
        type: 'SPLIT',
        parts: [
          { title: '东片区', unit: '甲局', dueAt: '2026-06-30T23:59:59+08:00' },
          { title: '西片区', unit: '乙局' },
        ],
      },
    });
    expect(readEventForm({ type: 'SPLIT', parts: '东片区｜甲局｜六月底' })).toMatchObject({
      ok: false,
      errors: ['子任务：每行一项“标题｜单位｜期限”，1 至 20 项，期限形如 2025-06-30'],
    });
    expect(readEventForm({ type: 'SPLIT', parts: '' })).toMatchObject({ ok: false });
    expect(readEventForm({ type: 'CLOSE_SPLIT', reason: '并入下一阶段' })).toEqual({
      ok: true,
      event: { type: 'CLOSE_SPLIT', reason: '并入下一阶段' },
    });
  });
});

describe('the measure page of a split measure', () => {
  const T0 = '2026-01-05T09:00:00.000+08:00';
  const LEAD = '自然资源规划建设局';
  let snap = createSnapshot({
    measureId: '2.1',
    lead: [LEAD],
    support: [],
    leaders: [],
    dueAt: '2026-06-30T23:59:59+08:00',
    yellowWithinMs: 0,
    at: T0,
  });
  for (const event of [
    { type: 'START', actor: `dept:${LEAD}`, at: T0 },
    {
      type: 'SPLIT',
      actor: `dept:${LEAD}`,
      at: T0,
      parts: [
        { title: '东片区', unit: '甲局' },
        { title: '西片区', unit: '乙局' },
      ],
    },
    { type: 'PART_UPDATE', actor: 'system', at: T0, part: 1, state: 'verified', light: 'green', escalation: 0 },
    { type: 'PART_UPDATE', actor: 'system', at: T0, part: 2, state: 'in_progress', light: 'red', escalation: 1 },
  ] as MeasureEvent[])
    snap = applyEvent(snap, event).snapshot;
  const planned = {
    planId: 'p',
    planTitle: '方案',
    indicator: { code: '2', name: '指标' },
    workflowId: 'duban/p/2.1',
    measure: {
      id: '2.1',
      indicator: '2',
      number: 1,
      title: '措施',
      text: '措施全文',
      lead: [LEAD],
      support: [],
      leaders: [],
      dueAt: null,
    },
  };

  it('lists its parts (链接, 单位, 期限, 灯, 状态) with the roll-up, and offers 分解 forms to the lead only', () => {
    const view = measureView(snap, planned);
    const out = measurePage({
      actor: `dept:${LEAD}`,
      view: { ...view, allowed: allowedFor(view, `dept:${LEAD}`, T0) },
      timeline: [],
    });
    expect(out).toContain('已完成 1/2');
    expect(out).toContain('href="/app/measures/p/2.1%3Ap1"');
    expect(out).toMatch(
      /2\.1:p2 西片区<\/a>\s*<\/td>\s*<td>乙局<\/td>\s*<td>2026-06-30<\/td>\s*<td><span class="light red">红灯<\/span><\/td>\s*<td>办理中<\/td>/,
    );
    expect(out).toContain('<h3>结束分解</h3>');
    expect(out).not.toContain('<h3>分解</h3>'); // split once
    const other = measurePage({
      actor: 'dept:甲局',
      view: { ...view, allowed: allowedFor(view, 'dept:甲局', T0) },
      timeline: [],
    });
    expect(other).not.toContain('<h3>结束分解</h3>');
  });

  it('a part links back to its parent', () => {
    const part = createSnapshot({
      measureId: '2.1:p1',
      lead: ['甲局'],
      support: [],
      leaders: [],
      dueAt: null,
      yellowWithinMs: 0,
      at: T0,
      parent: { measureId: '2.1', workflowId: 'duban/p/2.1', lead: [LEAD] },
    });
    const view = measureView(part, { ...planned, workflowId: 'duban/p/2.1:p1' });
    const out = measurePage({
      actor: 'dept:甲局',
      view: { ...view, allowed: allowedFor(view, 'dept:甲局', T0) },
      timeline: [],
    });
    expect(out).toMatch(/<dt>分解自<\/dt>\s*<dd>\s*<a href="\/app\/measures\/p\/2\.1">措施 2\.1<\/a/);
    expect(out).not.toContain('<h3>分解</h3>'); // one level
  });
});

describe('words', () => {
  it('says who may, or why not now, and what is allowed instead', () => {
    expect(refusalText('forbidden', 'VERIFY', { allowed: ['REPORT_PROGRESS', 'SUBMIT'] })).toBe(
      '您无权「验收」：此操作仅限联合督导组办理。您现在可以：报送进展、报结。',
    );
    expect(refusalText('conflict', 'START', { state: 'in_progress', allowed: [] })).toBe(
      '措施当前为「办理中」，现在不能「签收」。您现在没有可办理的操作。',
    );
  });

  it('writes deadlines as Beijing days, or 持续推进', () => {
    expect(deadline('2021-12-31T15:59:59Z')).toBe('2021-12-31');
    expect(deadline(null)).toBe('持续推进');
  });
});

describe('safeNext', () => {
  it('goes back only to a workbench page', () => {
    expect(safeNext('/app/measures/p/2.1')).toBe('/app/measures/p/2.1');
    for (const bad of ['//evil.example/app/x', 'https://evil.example', '/api/plans', '/app//evil', '/app/login', 3]) {
      expect(safeNext(bad)).toBe('/app/inbox');
    }
  });
});

describe('byUrgency', () => {
  it('puts red before yellow before green, then the nearest deadline, 持续推进 last', () => {
    const m = (measureId: string, light: string, dueAt?: string) => ({ planId: 'p', measureId, light, dueAt });
    const sorted = [
      m('1', 'green', '2026-01-01T00:00:00Z'),
      m('2', 'yellow'),
      m('3', 'yellow', '2026-01-02T00:00:00Z'),
      m('4', 'red', '2026-03-01T00:00:00Z'),
    ].sort(byUrgency);
    expect(sorted.map((x) => x.measureId)).toEqual(['4', '3', '2', '1']);
  });
});
