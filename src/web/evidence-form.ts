/**
 * The 报送进展 and 提交 forms as multipart/form-data: their fields, and each chosen file uploaded through the same
 * service code as `POST …/evidence` (same permission, same limits), so the event can refer to it.
 */
import { readingMultipart } from '../api/multipart';
import type { FastifyRequest } from 'fastify';
import type { Actor, EvidenceRef } from '../domain/events';
import { MAX_ATTACHMENTS } from '../domain/events';
import { DubanError } from '../service/errors';
import { uploadEvidence } from '../service/evidence-files';
import type { MeasureService } from '../service/measures';

export interface MultipartForm {
  fields: Record<string, string>;
  files: EvidenceRef[];
}

/** Reads the form; files go to the store as they arrive (a file input left empty sends an empty part: skipped). */
export async function readMultipartForm(
  request: FastifyRequest,
  service: MeasureService,
  ref: { planId: string; measureId: string },
  actor: Actor,
): Promise<MultipartForm> {
  return readingMultipart(() => readParts(request, service, ref, actor));
}

async function readParts(
  request: FastifyRequest,
  service: MeasureService,
  ref: { planId: string; measureId: string },
  actor: Actor,
): Promise<MultipartForm> {
  const fields: Record<string, string> = {};
  const files: EvidenceRef[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (!part.filename) {
      part.file.resume();
      continue;
    }
    if (files.length >= MAX_ATTACHMENTS) throw new DubanError('bad_request', `at most ${MAX_ATTACHMENTS} files`);
    files.push(
      await uploadEvidence(service, ref, actor, { data: part.file, name: part.filename, type: part.mimetype }),
    );
  }
  return { fields, files };
}
