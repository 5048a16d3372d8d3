/**
 * Who may send which event (docs/domain.md "Actors and permissions"): an actor's relation to one measure, and the
 * permission table. The machine's guards, `decide()` and every refusal's wording read this table; nobody else
 * writes it down.
 */
import type { Actor, EventType } from '../domain/events';

/** The relation an actor has to one measure. */
export type Role = 'lead' | 'support' | 'leader' | 'supervisor' | 'coordinator' | 'system' | 'receiver';

/** The permission table: which relation may send which event. The only place it is written down. */
export const PERMISSIONS: Record<EventType, readonly Role[]> = {
  START: ['lead'],
  REPORT_PROGRESS: ['lead', 'support'],
  SUBMIT: ['lead'],
  REQUEST_EXTENSION: ['lead'],
  APPROVE_EXTENSION: ['leader', 'supervisor'],
  DENY_EXTENSION: ['leader', 'supervisor'],
  VERIFY: ['supervisor'],
  REJECT: ['supervisor'],
  FAIL_QUALITY: ['supervisor'],
  CLOSE: ['supervisor'],
  CANCEL: ['coordinator'],
  AMEND: ['coordinator'],
  REASSIGN: ['supervisor', 'coordinator'],
  TRANSFER_REQUEST: ['lead'],
  TRANSFER_ACCEPT: ['receiver'],
  TRANSFER_REFUSE: ['receiver'],
  EXTEND: ['supervisor', 'coordinator'],
  URGE: ['supervisor', 'coordinator'],
  REQUEST_PAUSE: ['lead'],
  APPROVE_PAUSE: ['leader', 'supervisor'],
  DENY_PAUSE: ['leader', 'supervisor'],
  RESUME: ['lead', 'leader', 'supervisor'],
  SPLIT: ['lead', 'coordinator'],
  CLOSE_SPLIT: ['lead'],
  REMIND: ['system'],
  OVERDUE: ['system'],
  ESCALATE: ['system'],
  MISSED_REPORT: ['system'],
  PART_UPDATE: ['system'],
  PARENT_LEAD: ['system'],
};

/** Each relation as a refusal names it. */
export const ROLE_LABELS: Record<Role, string> = {
  lead: 'the 牵头部门 (lead department)',
  support: 'a 配合部门 (supporting department)',
  leader: 'a 责任领导 (responsible leader) of this measure',
  supervisor: 'the 联合督导组 (supervision group)',
  coordinator: 'the coordinating office (统筹协调)',
  system: 'duban’s timers',
  receiver: 'the unit a pending 转办 (transfer) names',
};

/** The people a measure names: its 牵头部门, 配合部门 and 责任领导. */
export interface MeasureUnits {
  lead: string[];
  support: string[];
  leaders: string[];
  /** A 转办 waiting for its receiving unit, who may accept or refuse it (and nothing else) meanwhile. */
  pendingTransfer?: { to: string };
}

export function rolesOf(actor: Actor, units: MeasureUnits): Role[] {
  if (actor === 'system') return ['system'];
  if (actor === 'supervisor') return ['supervisor'];
  // "coordinator: everything a supervisor may" (docs/domain.md).
  if (actor === 'coordinator') return ['coordinator', 'supervisor'];
  const roles: Role[] = [];
  if (actor.startsWith('dept:')) {
    const dept = actor.slice('dept:'.length);
    if (units.lead.includes(dept)) roles.push('lead');
    if (units.support.includes(dept)) roles.push('support');
    if (units.pendingTransfer?.to === dept) roles.push('receiver');
  } else if (actor.startsWith('leader:') && units.leaders.includes(actor.slice('leader:'.length))) {
    roles.push('leader');
  }
  return roles;
}

export function isPermitted(actor: Actor, type: EventType, units: MeasureUnits): boolean {
  const roles = rolesOf(actor, units);
  return PERMISSIONS[type].some((role) => roles.includes(role));
}
