/**
 * Uploading and downloading 佐证材料 for one measure, for the API, the workbench and the CLI alike. Who may upload
 * is the machine's answer (whoever may send REPORT_PROGRESS or SUBMIT now); who may read is the core's
 * `mayReadEvidence`; only files this measure's events refer to are served, and each is checked against the
 * checksum its event recorded before a byte goes out.
 */
import type { Readable } from 'node:stream';
import type { Actor, EvidenceRef } from '../domain/events';
import { findEvidence, mayReadEvidence, uploadVerdict } from '../measure';
import { readLimited } from '../evidence/limits';
import { refOf, sha256Hex, type EvidenceStore } from '../evidence/store';
import { DubanError } from './errors';
import type { MeasureRef, MeasureService } from './measures';

/** A stored file that no longer matches its recorded checksum, or has gone: our problem (500), never the caller's. */
export class EvidenceCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvidenceCorruptError';
  }
}

function storeOf(service: MeasureService): EvidenceStore {
  if (!service.evidence) throw new DubanError('unavailable', 'this duban has no 佐证材料 store configured');
  return service.evidence;
}

export async function uploadEvidence(
  service: MeasureService,
  ref: MeasureRef,
  actor: Actor,
  file: { data: Buffer | Readable; name?: string; type?: string },
): Promise<EvidenceRef> {
  const store = storeOf(service);
  const view = await service.getFor(ref, actor);
  const verdict = uploadVerdict(actor, view, view.allowed);
  if (!verdict.ok) {
    if (!Buffer.isBuffer(file.data)) file.data.resume(); // let the request finish so the refusal can be sent
    throw new DubanError(verdict.code, verdict.reason, { state: view.state, allowed: view.allowed });
  }
  const meta = await store.put(file.data, { name: file.name, type: file.type, measure: view.workflowId, by: actor });
  return refOf(meta);
}

/** The file `id` of this measure, verified, with the reference its event recorded (name, type, checksum). */
export async function downloadEvidence(
  service: MeasureService,
  ref: MeasureRef,
  actor: Actor,
  id: string,
): Promise<{ ref: EvidenceRef; data: Buffer }> {
  const store = storeOf(service);
  const [view, timeline] = await Promise.all([service.get(ref), service.timeline(ref)]);
  if (!mayReadEvidence(actor, view)) {
    throw new DubanError(
      'forbidden',
      `佐证材料 of measure ${view.measureId} are read by its departments and leaders, the 联合督导组 and the coordinator; ${actor} is none of them`,
    );
  }
  const recorded = findEvidence(timeline, id);
  if (!recorded) throw new DubanError('not_found', `measure ${view.measureId} has no 佐证材料 with id ${id}`);
  const blob = await store.get(id);
  if (!blob) throw new EvidenceCorruptError(`佐证材料 ${id} is missing from the store (${store.where})`);
  const data = await readLimited(blob.body, recorded.size + 1);
  const actual = sha256Hex(data);
  if (actual !== recorded.sha256) {
    throw new EvidenceCorruptError(
      `佐证材料 ${id} in ${store.where} does not match the checksum its event recorded (sha256 ${recorded.sha256}, stored content ${actual})`,
    );
  }
  return { ref: recorded, data };
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
