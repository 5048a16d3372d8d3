/**
 * An event's 佐证材料, checked before it is sent: every evidence reference must name an upload the store holds, for
 * this measure, with the checksum and size the store recorded — otherwise the event is refused (400) and never
 * reaches the workflow. The reference sent on is the store's own, so history records what was really uploaded.
 */
import type { Attachment, PersonEventBody } from '../domain/events';
import { isEvidenceRef } from '../measure';
import { refOf, type EvidenceStore } from '../evidence/store';
import { DubanError } from './errors';

export async function resolveAttachments(
  store: EvidenceStore | undefined,
  workflowId: string,
  event: PersonEventBody,
): Promise<PersonEventBody> {
  if (!('attachments' in event) || !event.attachments?.some(isEvidenceRef)) return event;
  const resolved: Attachment[] = [];
  for (const [i, attachment] of event.attachments.entries()) {
    if (!isEvidenceRef(attachment)) {
      resolved.push(attachment);
      continue;
    }
    const at = `body.attachments.${i}`;
    const refuse = (message: string): never => {
      throw new DubanError('bad_request', `${at}: ${message}`, { errors: [{ path: at, message }] });
    };
    if (!store) refuse('this duban has no 佐证材料 store configured');
    const meta = await store!.head(attachment.id);
    if (!meta) refuse(`no 佐证材料 with id ${attachment.id}: upload it first (POST …/evidence)`);
    if (meta!.measure !== workflowId) refuse(`佐证材料 ${attachment.id} was uploaded for another measure`);
    if (meta!.sha256 !== attachment.sha256 || meta!.size !== attachment.size) {
      refuse(`佐证材料 ${attachment.id} has another checksum or size than the one sent`);
    }
    resolved.push(refOf(meta!));
  }
  return { ...event, attachments: resolved };
}
