/**
 * 导入方案 (coordinator) in the workbench: a document uploaded (.docx, .xlsx, .txt, JSON/YAML) or pasted, read by
 * the importer's own readers (office.ts, as `POST /api/plans` reads them); its review shown with each doubt in
 * Chinese beside the document text; corrections made in place go through corrections.ts into the review file the
 * CLI writes, and that file is imported (importPlan, the API's and the CLI's import). A plan that exists already
 * shows its amendment diff, applied only on the confirm button (the API's `?apply=1`). Registered inside the
 * workbench's plugin, so its session check, error page and form parsers apply.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readingMultipart } from '../api/multipart';
import type { RouteDeps } from '../api/deps';
import { measureCount, PlanIdSchema } from '../domain/plan';
import { applyCorrections } from '../importer/corrections';
import { importPlan, preparePlan, type ImportOutcome } from '../importer/import-plan';
import { LIMITS } from '../importer/limits';
import { decodeSourceText, isOfficeFileError, officeText } from '../importer/office';
import { reviewPlanSource } from '../importer/review';
import { DubanError } from '../service/errors';
import type { DirectoryReader } from './directory';
import { withoutEmpty } from './form-fields';
import { html } from './html';
import { page } from './layout';
import { importPage, type ImportForm, type ImportPageData } from './pages/import-page';

const IMPORT_TIMEOUT_FACTOR = 12;
/**
 * Every import form is multipart (no percent-encoding: a Chinese document would triple): one file, the document's
 * text carried back as a field, and four corrections per measure.
 */
const FORM_LIMITS = {
  fieldSize: LIMITS.fileBytes,
  files: 1,
  fields: LIMITS.measures * 4 + 20,
  parts: LIMITS.measures * 4 + 21,
};

const ImportFormSchema = z.object({
  source: z.string().min(1).max(LIMITS.fileBytes),
  filename: z.string().max(255).optional(),
  planId: PlanIdSchema.optional(),
  deadline: z.iso.date().optional(),
  action: z.enum(['preview', 'start', 'apply']).default('preview'),
});

const FIELD_NAMES: Record<string, string> = {
  source: '请选择文件或粘贴方案全文',
  planId: '方案编号只能用小写字母、数字和连字符',
  deadline: '统一完成时限须是日期',
  filename: '文件名太长',
};
const CORRECTION_FIELDS = { lead: '牵头部门', support: '配合部门', leaders: '责任领导', dueAt: '完成时限' } as const;

/** The fields of the form as posted: urlencoded (the review's form) or multipart (the upload form). */
async function readImportForm(request: FastifyRequest): Promise<Record<string, string>> {
  if (!request.isMultipart()) return withoutEmpty(request.body);
  const fields: Record<string, string> = {};
  await readingMultipart(async () => {
    for await (const part of request.parts({ limits: FORM_LIMITS })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && part.value !== '') fields[part.fieldname] = part.value;
        continue;
      }
      const bytes = await part.toBuffer();
      if (!part.filename || bytes.length === 0) continue;
      fields.filename = part.filename;
      fields.source = await sourceText(part.filename, bytes);
    }
  });
  return fields;
}

/** A file's text, by its extension, through the importer's readers; their refusal is a 400 with its reason. */
async function sourceText(filename: string, bytes: Buffer): Promise<string> {
  const ext = /\.(docx|xlsx)$/i.exec(filename)?.[1]?.toLowerCase() as 'docx' | 'xlsx' | undefined;
  try {
    return ext ? await officeText(bytes, ext) : decodeSourceText(bytes);
  } catch (err) {
    if (isOfficeFileError(err)) throw new DubanError('bad_request', `${filename}: ${err.message}`, { upload: true });
    throw err;
  }
}

/** The corrections the review's form carries (`m<k>-lead` …), one per measure, or none when it carries none. */
function postedCorrections(raw: Record<string, string>, count: number): unknown[] | undefined {
  if (raw.corrections !== '1') return undefined;
  return Array.from({ length: count }, (_, k) =>
    Object.fromEntries(Object.keys(CORRECTION_FIELDS).map((f) => [f, raw[`m${k}-${f}`] ?? ''])),
  );
}

export function registerImportRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  send: (reply: FastifyReply, body: string, status?: number) => FastifyReply,
  /** The pickers' directory: listed afresh once measures started. */
  directory: DirectoryReader,
): void {
  const onlyCoordinator = (request: FastifyRequest, reply: FastifyReply) =>
    request.actor === 'coordinator'
      ? undefined
      : send(
          reply,
          page(
            { title: '导入方案', actor: request.actor },
            html`<p class="refusal" role="alert">只有统筹协调办公室可以导入方案。</p>`,
          ),
          403,
        );

  app.get('/app/import', async (request, reply) => {
    return onlyCoordinator(request, reply) ?? send(reply, importPage({ actor: request.actor, form: { source: '' } }));
  });

  app.post('/app/import', { bodyLimit: LIMITS.fileBytes * 2 }, async (request, reply) => {
    const refused = onlyCoordinator(request, reply);
    if (refused) return refused;
    let raw: Record<string, string>;
    try {
      raw = await readImportForm(request);
    } catch (err) {
      if (!(err instanceof DubanError) || err.kind !== 'bad_request') throw err;
      const refusal = { text: '无法读取上传的文件或表单。', detail: err.message };
      return send(reply, importPage({ actor: request.actor, form: { source: '' }, refusal }), 400);
    }
    const form = ImportFormSchema.safeParse(raw);
    const shown: ImportForm = {
      source: raw.source ?? '',
      filename: raw.filename,
      planId: raw.planId,
      deadline: raw.deadline,
    };
    const data: ImportPageData = { actor: request.actor, form: shown };
    if (!form.success) {
      const fields = form.error.issues.map((i) => FIELD_NAMES[String(i.path[0])] ?? '表单内容不符合要求');
      return send(reply, importPage({ ...data, refusal: { text: `${[...new Set(fields)].join('；')}。` } }), 400);
    }
    const { source, action, ...opts } = form.data;
    const parseOpts = { ...opts, calendar: deps.calendar };
    const review = reviewPlanSource(source, parseOpts);
    const reviewed = review.ok ? { plan: review.plan, doubts: review.doubts } : undefined;

    // What is imported: the corrected review file when the review's form was posted, else the source itself.
    let importText = source;
    let importOpts: typeof parseOpts = parseOpts;
    const corrections = reviewed ? postedCorrections(raw, measureCount(reviewed.plan)) : undefined;
    if (reviewed && corrections) {
      const corrected = applyCorrections(reviewed, corrections);
      if (!corrected.ok) {
        const issues = corrected.issues.map((i) => ({
          ...i,
          label: CORRECTION_FIELDS[i.field as keyof typeof CORRECTION_FIELDS] ?? '',
        }));
        return send(reply, importPage({ ...data, review: reviewed, posted: raw, issues }), 400);
      }
      importText = corrected.file;
      importOpts = { filename: `${corrected.plan.id}.review.yaml`, calendar: deps.calendar };
    }

    if (action === 'preview') {
      if (reviewed) return send(reply, importPage({ ...data, review: reviewed }));
      const prepared = preparePlan(source, parseOpts);
      if (!prepared.ok) return send(reply, importPage({ ...data, errors: prepared.errors }), 400);
      const doubts = prepared.warnings.map((w) => ({ ...w, severity: 'warning' as const }));
      return send(reply, importPage({ ...data, planFile: { plan: prepared.plan, doubts } }));
    }

    const outcome: ImportOutcome = await deps.temporal(
      () =>
        importPlan(deps.client, importText, {
          ...importOpts,
          taskQueue: deps.taskQueue,
          apply: action === 'apply',
          actor: request.actor,
        }),
      IMPORT_TIMEOUT_FACTOR,
    );
    if (!outcome.ok) {
      const shownReview = reviewed ? { review: reviewed, posted: raw } : {};
      return send(reply, importPage({ ...data, ...shownReview, errors: outcome.errors }), 400);
    }
    if (outcome.amendment && !outcome.report) {
      // A plan that exists: the difference, and a confirm that posts the same form again with action=apply.
      return send(reply, importPage({ ...data, amendment: outcome.amendment, posted: raw }));
    }
    directory.invalidate();
    return send(reply, importPage({ ...data, form: { source: '' }, report: outcome.report }));
  });
}
