/**
 * The lifecycle's states and their names in the document's own words (docs/domain.md "Lifecycle"). The machine
 * (machine.ts) moves between them; everything else — API schemas, visibility filters, the CLI — takes them from here.
 */
import type { Light } from '../domain/events';

export const STATES = ['assigned', 'in_progress', 'paused', 'submitted', 'verified', 'closed', 'cancelled'] as const;
export type MeasureState = (typeof STATES)[number];

/** Nothing more can happen to a measure in these states (its workflow completes). */
export const FINAL_STATES: readonly MeasureState[] = ['closed', 'cancelled'];

/** The document's own words for each state, for people reading the CLI, the API and Temporal UI. */
export const STATE_LABELS: Record<MeasureState, string> = {
  assigned: '已交办',
  in_progress: '办理中',
  paused: '缓办中',
  submitted: '已报结，待验收',
  verified: '已验收',
  closed: '已销号',
  cancelled: '已撤销',
};

/** The lights as offices name them (红黄绿灯), for every place a light is shown to people. */
export const LIGHT_LABELS: Record<Light, string> = {
  red: '红灯',
  orange: '橙灯',
  yellow: '黄灯',
  green: '绿灯',
  grey: '灰灯',
};
