// JSON/YAML plan files: inheritance, derived ids, date/instant/relative due times, the policy passed through, strict
// validation with field paths, and the exported JSON Schema kept current.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlanSchema, type Plan } from '../../src/domain/plan';
import { detectFormat, parsePlanSource, type ParseError, type ParseResult } from '../../src/importer/parse';
import { derivePlanId, parsePlanFile, planFileJsonSchemaText } from '../../src/importer/plan-file';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'plans');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const NOW = new Date('2024-01-01T00:00:00Z');

function planOf(result: ParseResult): Plan {
  if (!result.ok) throw new Error(`expected a plan, got errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
}
function errorsOf(result: ParseResult): ParseError[] {
  if (result.ok) throw new Error('expected errors, got a plan');
  return result.errors;
}
const minimal = (measure: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  title: '演示',
  indicators: [{ name: '开办企业', lead: '县市场监管局', measures: [{ text: '压缩开办时间。', ...measure }] }],
  ...extra,
});

describe('the demo plan file', () => {
  const json = parsePlanSource(fixture('demo-plan.json'), { filename: 'demo-plan.json', now: NOW });
  const plan = planOf(json);
  const [m1, m2, m3] = plan.indicators[0]!.measures;

  it('is a valid canonical plan', () => {
    expect(PlanSchema.parse(plan)).toEqual(plan);
    expect(plan.id).toBe('demo-escalation');
    expect(json.warnings).toEqual([]);
  });

  it('resolves dueIn against now, in +08:00', () => {
    expect(plan.defaultDueAt).toBe('2024-01-01T08:00:40+08:00');
    expect(m1!.dueAt).toBe('2024-01-01T08:00:40+08:00');
  });

  it('inherits lead/support/leaders from the indicator unless the measure gives its own', () => {
    expect(m1).toMatchObject({
      id: '1.1',
      number: 1,
      title: '不断完善市场主体简易注销登记制度',
      lead: ['市场监督管理局高新区分局'],
      support: ['税务局', '高新公安分局'],
      leaders: ['王振海'],
    });
    expect(m2).toMatchObject({
      id: '1.2',
      title: '推行清税承诺制',
      lead: ['税务局'],
      support: [],
      dueAt: '2030-01-31T23:59:59+08:00',
    });
    expect(m3).toMatchObject({ dueAt: null, dueText: '持续推进' });
  });

  it('derives codes and ids, and takes an indicator due time over the plan default', () => {
    expect(plan.indicators[1]!.measures[0]).toMatchObject({
      id: '3.4',
      indicator: '3',
      number: 4,
      lead: ['行政审批服务局'],
      leaders: ['赵文良'],
      dueAt: '2030-06-30T12:00:00+08:00',
    });
    expect(plan.indicators[0]!.problems).toEqual([
      { number: 1, title: '企业注销便利化改革有待深化', text: '企业注销便利化改革有待深化。协同机制不够完善。' },
    ]);
  });

  it('passes the policy through untouched, outside the plan', () => {
    expect(json.ok && json.policy).toEqual({ remindBefore: '20s', escalateAfter: '10s', repeatEvery: '15s' });
    expect(plan).not.toHaveProperty('policy');
  });

  it('reads the same plan from YAML', () => {
    const yaml = parsePlanSource(fixture('demo-plan.yaml'), { filename: 'demo-plan.yaml', now: NOW });
    expect(yaml).toEqual(json);
  });

  it('lets --deadline replace the plan default, not explicit due times', () => {
    const moved = planOf(
      parsePlanSource(fixture('demo-plan.json'), { filename: 'x.json', now: NOW, deadline: '2025-03-01' }),
    );
    expect(moved.defaultDueAt).toBe('2025-03-01T23:59:59+08:00');
    expect(moved.indicators[0]!.measures.map((m) => m.dueAt)).toEqual([
      '2025-03-01T23:59:59+08:00',
      '2030-01-31T23:59:59+08:00',
      null,
    ]);
  });
});

describe('validation errors carry the field path', () => {
  it('a wrong field type', () => {
    const errors = errorsOf(parsePlanSource(fixture('wrong-field.json'), { filename: 'wrong-field.json' }));
    expect(errors).toEqual([expect.objectContaining({ path: 'indicators.0.measures.1.lead' })]);
    expect(errors[0]!.message).toContain('indicators.0.measures.1.lead');
  });

  it('an unknown field (strict), anywhere', () => {
    const errors = errorsOf(parsePlanFile({ ...minimal({ leed: 'x' }), owner: 'me' }));
    expect(errors.map((e) => e.path).sort()).toEqual(['indicators.0.measures.0.leed', 'owner']);
    expect(errors.every((e) => e.message.endsWith(': unknown field'))).toBe(true);
  });

  it('a measure without any lead', () => {
    const data = { title: '演示', indicators: [{ name: '开办企业', measures: [{ text: '甲。' }, { text: '乙。' }] }] };
    const errors = errorsOf(parsePlanFile(data));
    expect(errors.map((e) => e.path)).toEqual(['indicators.0.measures.0.lead', 'indicators.0.measures.1.lead']);
    expect(errors[0]!.message).toMatch(/牵头部门/);
  });

  it('bad due times, durations, ids and duplicates', () => {
    expect(errorsOf(parsePlanFile(minimal({ dueAt: '2024-13-01' })))[0]!.path).toBe('indicators.0.measures.0.dueAt');
    expect(errorsOf(parsePlanFile(minimal({ dueIn: '3 days' })))[0]!.path).toBe('indicators.0.measures.0.dueIn');
    expect(errorsOf(parsePlanFile(minimal({ dueIn: '3d', dueAt: '2024-01-01' })))[0]!.message).toMatch(/not both/);
    expect(errorsOf(parsePlanFile(minimal({ id: '2.1' })))[0]).toMatchObject({ path: 'indicators.0.measures.0.id' });
    const dup = {
      title: '演示',
      indicators: [{ name: '甲', lead: 'A', measures: [{ text: 'a' }, { number: 1, text: 'b' }] }],
    };
    expect(errorsOf(parsePlanFile(dup))[0]!.message).toMatch(/duplicate measure id "1.1"/);
    expect(errorsOf(parsePlanFile({ ...minimal(), id: 'Has Spaces' }))[0]!.path).toBe('id');
  });

  it('YAML errors name their line', () => {
    const yaml =
      'title: 演示\nindicators:\n  - name: 开办企业\n    measures:\n      - text: 甲。\n        lead: [A]\n        leed: B\n';
    const errors = errorsOf(parsePlanSource(yaml, { filename: 'p.yaml' }));
    expect(errors).toEqual([expect.objectContaining({ path: 'indicators.0.measures.0.leed', line: 7 })]);
    const broken = errorsOf(parsePlanSource('title: [unclosed\nindicators: []\n', { filename: 'p.yml' }));
    expect(broken[0]!.message).toMatch(/not valid YAML/);
    expect(broken[0]!.line).toBeTypeOf('number');
  });

  it('JSON syntax errors are reported (with a line when the runtime gives a position)', () => {
    const errors = errorsOf(parsePlanSource('{\n  "title": "x",\n  "indicators": [,]\n}', { filename: 'p.json' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^not valid JSON: /);
    if (errors[0]!.line !== undefined) expect(errors[0]!.line).toBe(3);
  });
});

describe('plan ids and formats', () => {
  it('derives ids from file names, else from the title', () => {
    expect(derivePlanId('任意', 'xinxiang-hitech-2020-rectification-plan.txt')).toBe('xinxiang-hitech-2020');
    expect(derivePlanId('任意', 'C:\\plans\\Demo_Escalation.json')).toBe('demo-escalation');
    expect(derivePlanId('任意', 'anyang-plan.yaml')).toBe('anyang');
    expect(derivePlanId('关于印发方案的通知', '整改方案.txt')).toBe(derivePlanId('关于印发方案的通知'));
    expect(derivePlanId('关于印发方案的通知')).toMatch(/^plan-[0-9a-f]{8}$/);
    expect(derivePlanId('甲')).not.toBe(derivePlanId('乙'));
  });

  it('prefers a given plan id over the file id, and says so', () => {
    const result = parsePlanFile({ ...minimal(), id: 'from-file' }, { planId: 'given' });
    expect(planOf(result).id).toBe('given');
    expect(result.warnings[0]!.message).toMatch(/overrides the file's id "from-file"/);
  });

  it('chooses the format by extension, else by content', () => {
    expect(detectFormat('{}', 'a.JSON')).toBe('json');
    expect(detectFormat('x', 'a.yml')).toBe('yaml');
    expect(detectFormat('{ "a": 1 }', 'a.txt')).toBe('document');
    expect(detectFormat('  {"title": "x"}')).toBe('json');
    expect(detectFormat('# demo\ntitle: 演示\n')).toBe('yaml');
    expect(detectFormat('关于印发方案的通知\n责任领导:王振海\n')).toBe('document');
    expect(detectFormat('【政策文件】关于印发方案的通知')).toBe('document');
  });
});

describe('schemas/plan.schema.json', () => {
  it('is the current export of the plan-file schema (run `npx tsx scripts/export-plan-schema.ts`)', () => {
    expect(readFileSync(path.join(ROOT, 'schemas', 'plan.schema.json'), 'utf8')).toBe(planFileJsonSchemaText());
  });
});
