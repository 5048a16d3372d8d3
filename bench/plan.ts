/**
 * Synthetic plans for the benchmark: N measures spread over indicators and lead departments like a real
 * rectification plan (texts of realistic length, several departments), built in code so each phase chooses its
 * own plan id and due times. Pure: no Temporal, no clock.
 */
import type { Measure, Plan } from '../src/domain/plan';

/** Measures per indicator (a real plan has 5–30; ids stay "<indicator>.<n>"). */
const PER_INDICATOR = 50;

export const DEPARTMENTS = ['自然资源规划建设局', '经济发展局', '行政审批服务局', '财政金融局', '社会事业局'] as const;
export const LEADERS = ['张立鹏', '李明', '王芳'] as const;
export const SUPERVISORS = ['纪工委', '组织和人事局', '行政审批服务局'];
export const COORDINATOR = '行政审批服务局';

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

export interface SyntheticPlanOptions {
  id: string;
  count: number;
  /** Due instant of measure i (0-based); null = ongoing. */
  dueAt: (index: number) => string | null;
}

function measureAt(i: number, dueAt: string | null): Measure {
  const indicator = String(Math.floor(i / PER_INDICATOR) + 1);
  const number = (i % PER_INDICATOR) + 1;
  const title = `压缩第${number}类事项办理时限，推行并联审批和容缺受理。`;
  return {
    id: `${indicator}.${number}`,
    indicator,
    number,
    title,
    text: `${title}梳理现行审批流程，明确每个环节的责任人和办理时限，建立台账，按月通报进展，确保整改落实到位。`,
    lead: [pick(DEPARTMENTS, i)],
    support: [pick(DEPARTMENTS, i + 1)],
    leaders: [pick(LEADERS, i)],
    dueAt,
  };
}

export function syntheticPlan(options: SyntheticPlanOptions): Plan {
  const measures = Array.from({ length: options.count }, (_, i) => measureAt(i, options.dueAt(i)));
  const indicators = new Map<string, Measure[]>();
  for (const m of measures) {
    const list = indicators.get(m.indicator) ?? [];
    list.push(m);
    indicators.set(m.indicator, list);
  }
  return {
    id: options.id,
    title: '营商环境评价反馈问题整改方案（基准测试）',
    issuer: '基准测试管委会',
    defaultDueAt: null,
    supervisors: SUPERVISORS,
    coordinator: COORDINATOR,
    indicators: [...indicators].map(([code, list]) => ({
      code,
      name: `指标${code}`,
      leaders: list[0]!.leaders,
      lead: list[0]!.lead,
      support: list[0]!.support,
      problems: [],
      measures: list,
    })),
  };
}

/** The lead department's actor for a measure of a synthetic plan (who may START and REPORT_PROGRESS). */
export function leadActor(measure: Pick<Measure, 'lead'>): `dept:${string}` {
  return `dept:${measure.lead[0]!}`;
}
