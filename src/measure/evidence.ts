/**
 * 佐证材料 (evidence files) as the measure sees them: which attachments are uploaded files, which file an event of
 * this measure refers to, and who may upload or read them. Pure; the blob store lives in src/evidence/.
 */
import type { Actor, Attachment, EventType, EvidenceRef } from '../domain/events';
import type { TimelineEntry } from './machine';
import { PERMISSIONS, ROLE_LABELS, rolesOf, type MeasureUnits } from './permissions';

/** The events that carry evidence: whoever may send one of them now may upload a file for it. */
export const EVIDENCE_EVENTS = ['REPORT_PROGRESS', 'SUBMIT'] as const satisfies readonly EventType[];

export const isEvidenceRef = (a: Attachment): a is EvidenceRef => typeof a !== 'string';

/** The uploaded files among an event's attachments (free-text mentions are not files). */
export function evidenceOf(attachments: readonly Attachment[] | undefined): EvidenceRef[] {
  return (attachments ?? []).filter(isEvidenceRef);
}

/** The reference of evidence `id` as this measure's events recorded it (the checksum to verify against). */
export function findEvidence(timeline: readonly TimelineEntry[], id: string): EvidenceRef | undefined {
  for (const entry of timeline) {
    const found = evidenceOf(entry.attachments).find((ref) => ref.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Who may read a measure's files: its own departments and 责任领导, any 责任领导 ("read all"), the supervision group
 * and the coordinator — not a department the measure does not name (working papers are not the plan's text).
 */
export function mayReadEvidence(actor: Actor, units: MeasureUnits): boolean {
  return actor.startsWith('leader:') || rolesOf(actor, units).some((role) => role !== 'system');
}

export type UploadVerdict = { ok: true } | { ok: false; code: 'forbidden' | 'conflict'; reason: string };

/** Uploading is allowed to whoever may send REPORT_PROGRESS or SUBMIT now (`allowed`, the machine's answer). */
export function uploadVerdict(actor: Actor, units: MeasureUnits, allowed: readonly EventType[]): UploadVerdict {
  if (EVIDENCE_EVENTS.some((type) => allowed.includes(type))) return { ok: true };
  const roles = rolesOf(actor, units);
  const someday = EVIDENCE_EVENTS.some((type) => PERMISSIONS[type].some((role) => roles.includes(role)));
  const who = [...new Set(EVIDENCE_EVENTS.flatMap((type) => PERMISSIONS[type]))].map((r) => ROLE_LABELS[r]);
  return someday
    ? {
        ok: false,
        code: 'conflict',
        reason: `佐证材料 can be uploaded only while REPORT_PROGRESS or SUBMIT is allowed; ${actor} may send neither now`,
      }
    : { ok: false, code: 'forbidden', reason: `佐证材料 are uploaded by ${who.join(' or ')}; ${actor} is neither` };
}
