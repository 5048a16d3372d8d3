/**
 * 佐证材料 over HTTP: `POST /api/measures/:planId/:measureId/evidence` stores one file (multipart/form-data, one
 * file part) and answers its reference, which REPORT_PROGRESS/SUBMIT then carry in `attachments`;
 * `GET …/evidence/:id` serves a file this measure's events refer to, checked against the recorded checksum.
 * The rules are the service's (src/service/evidence-files.ts); this file only speaks HTTP.
 */
import fastifyMultipart from '@fastify/multipart';
import { readingMultipart } from '../multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EvidenceRefSchema } from '../../domain/events';
import { MAX_EVIDENCE_BYTES } from '../../evidence/limits';
import { DubanError } from '../../service/errors';
import {
  contentDisposition,
  downloadEvidence,
  EvidenceCorruptError,
  uploadEvidence,
} from '../../service/evidence-files';
import type { RouteDeps } from '../deps';
import { problem, sendProblem } from '../problem';
import { MeasureParamsSchema, problemResponse, STANDARD_PROBLEMS } from '../schemas';

const EvidenceParamsSchema = MeasureParamsSchema.extend({
  id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an evidence id is what POST …/evidence answered'),
});

const LIMITS_TEXT =
  `At most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB; PDF, JPEG, PNG, Word (.docx), Excel (.xlsx) or UTF-8 text, ` +
  'judged by the content; at most 20 attachments per event.';

export const evidenceRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { service, temporal }) => {
  // busboy cuts a file at fileSize without failing the stream: one byte over the limit lets the store see it is
  // too large (413) rather than keep a truncated file.
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_EVIDENCE_BYTES + 1, files: 1, fields: 10 } });

  app.post(
    '/api/measures/:planId/:measureId/evidence',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Upload one 佐证材料 file (multipart/form-data, one file part) for REPORT_PROGRESS or SUBMIT',
        description:
          'Allowed to whoever may send REPORT_PROGRESS or SUBMIT on this measure now. Put the answer into the ' +
          `event's \`attachments\`. ${LIMITS_TEXT}`,
        params: MeasureParamsSchema,
        response: {
          201: EvidenceRefSchema,
          400: problemResponse('No file part, or a malformed measure id'),
          ...STANDARD_PROBLEMS,
          403: problemResponse('Not a department that may report on this measure'),
          404: problemResponse('No such measure'),
          409: problemResponse('Neither REPORT_PROGRESS nor SUBMIT is allowed now'),
          413: problemResponse('Larger than the limit'),
          415: problemResponse('Not multipart/form-data, or not an allowed file type by its content'),
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new DubanError('unsupported_media_type', 'send the file as multipart/form-data (one file part)');
      }
      // The file streams into the store: a body cut short shows only while it is read, so both are covered.
      const ref = await readingMultipart(async () => {
        const part = await request.file();
        if (!part) throw new DubanError('bad_request', 'the form has no file part: send the file as one part');
        return temporal(() =>
          uploadEvidence(service, request.params, request.actor, {
            data: part.file,
            name: part.filename,
            type: part.mimetype,
          }),
        );
      });
      return reply.code(201).send(ref);
    },
  );

  app.get(
    '/api/measures/:planId/:measureId/evidence/:id',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Download a 佐证材料 file this measure’s events refer to (checked against the recorded checksum)',
        description:
          'Readable by the measure’s departments and 责任领导, every 责任领导, the 联合督导组 and the coordinator.',
        params: EvidenceParamsSchema,
        response: {
          200: {
            description: 'The file, with its type and a UTF-8 file name',
            content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } },
          },
          400: problemResponse('A malformed measure or evidence id'),
          ...STANDARD_PROBLEMS,
          403: problemResponse('Not one who may read this measure’s 佐证材料'),
          404: problemResponse('No such measure, or no such file among its events'),
          500: problemResponse('The stored file does not match its recorded checksum, or is missing'),
        },
      },
    },
    async (request, reply) => {
      const { id, ...measure } = request.params;
      try {
        const { ref, data } = await temporal(() => downloadEvidence(service, measure, request.actor, id));
        // A Buffer goes out as it is (Fastify never serialises it); the typed reply only knows the JSON responses.
        return reply
          .type(ref.type)
          .header('content-disposition', contentDisposition(ref.name))
          .header('x-content-type-options', 'nosniff')
          .header('x-duban-sha256', ref.sha256)
          .send(data as never);
      } catch (err) {
        if (!(err instanceof EvidenceCorruptError)) throw err;
        request.log.error({ err }, 'corrupt 佐证材料');
        return sendProblem(
          reply,
          problem(request, 500, `${err.message}; quote request id ${request.id} when reporting it`, {
            type: 'urn:duban:problem:evidence-corrupt',
            title: 'Evidence file corrupt',
          }),
        );
      }
    },
  );
};
