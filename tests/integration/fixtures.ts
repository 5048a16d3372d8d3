/** Small plans for integration tests, built in code so each test can choose its own id and due times. */
import type { Plan } from '../../src/domain/plan';
import { type EscalationPolicy, resolvePolicy } from '../../src/domain/policy';
import { CALENDAR_TIME } from '../support/calendar-time';

export const LEAD = '自然资源规划建设局';
export const SUPPORT = '经济发展局';
export const LEADER = '张立鹏';
export const SUPERVISORS = ['纪工委', '组织和人事局', '行政审批服务局'];
export const COORDINATOR = '行政审批服务局';

/** A policy in calendar time only, for ladders measured in seconds (see CALENDAR_TIME). */
export function secondsPolicy(overrides: Record<string, string> = {}): EscalationPolicy {
  return resolvePolicy({ ...CALENDAR_TIME, ...overrides });
}

let seq = 0;
export function uniquePlanId(prefix = 'test'): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
}

export function smallPlan(opts: { id?: string; dueAt?: string | null; measures?: number } = {}): Plan {
  const dueAt = opts.dueAt === undefined ? '2099-12-31T23:59:59+08:00' : opts.dueAt;
  const count = opts.measures ?? 2;
  return {
    id: opts.id ?? uniquePlanId(),
    title: '测试整改方案',
    issuer: '测试管委会',
    defaultDueAt: dueAt,
    supervisors: SUPERVISORS,
    coordinator: COORDINATOR,
    indicators: [
      {
        code: '2',
        name: '办理建筑许可',
        leaders: [LEADER],
        lead: [LEAD],
        support: [SUPPORT],
        problems: [],
        measures: Array.from({ length: count }, (_, i) => ({
          id: `2.${i + 1}`,
          indicator: '2',
          number: i + 1,
          title: `整改措施第${i + 1}项。`,
          text: `整改措施第${i + 1}项。具体内容。`,
          lead: [LEAD],
          support: [SUPPORT],
          leaders: [LEADER],
          dueAt,
        })),
      },
    ],
  };
}
