/**
 * 批量操作 (/app/bulk) for the supervision group and the coordinator: a filter as the board's (plan, indicator,
 * lead, light, state) and one action — 延期, 催办, 改派, 撤销 — run first as a dry run (what each measure would do,
 * or why it would refuse), then, on 确认, for real: the same runBulk as `duban bulk` and `POST /api/bulk`, with an
 * idempotency key made at the dry run so a confirm posted twice changes each measure once. Anyone else gets 403.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps } from '../api/deps';
import { splitNames } from '../importer/corrections';
import { assertBulkActor, BULK_EVENTS, runBulk, type BulkAction } from '../service/bulk';
import { DubanError } from '../service/errors';
import { MeasureFilterSchema } from '../temporal/visibility-query';
import type { DirectoryReader } from './directory';
import { withoutEmpty } from './form-fields';
import { html } from './html';
import { page } from './layout';
import { bulkPage, BULK_PARAM_LABELS, type BulkForm } from './pages/bulk-page';

const BULK_TIMEOUT_FACTOR = 12;

export const BulkFilterSchema = MeasureFilterSchema.pick({
  plan: true,
  indicator: true,
  lead: true,
  light: true,
  state: true,
}).strict();

const BulkFormSchema = z.object({
  step: z.enum(['preview', 'confirm']).default('preview'),
  action: z.enum(Object.keys(BULK_EVENTS) as [BulkAction, ...BulkAction[]]),
  newDueAt: z.iso.date().optional(),
  reason: z.string().max(2000).optional(),
  note: z.string().max(2000).optional(),
  newLead: z.string().max(2000).optional(),
  key: z.uuid().optional(),
});

/** The event's fields from the form, as runBulk's `params` (the events' own schema checks them). */
function paramsOf(form: z.infer<typeof BulkFormSchema>): Record<string, unknown> {
  const { action, newDueAt, reason, note, newLead } = form;
  if (action === 'extend') return { newDueAt: newDueAt ? `${newDueAt}T23:59:59+08:00` : undefined, reason };
  if (action === 'remind') return note ? { note } : {};
  if (action === 'reassign') return { ...(newLead ? { lead: splitNames(newLead) } : {}), reason };
  return { reason };
}

/** runBulk's refusal of a field (`extend: params.reason: …`) said in Chinese, naming the field. */
function refusalOf(err: DubanError): string {
  if (/filter/.test(err.message)) return '请至少选择一个筛选条件（不能对全部措施一次操作）。';
  const fields = [...err.message.matchAll(/params\.(\w+)/g)].map((m) => BULK_PARAM_LABELS[m[1]!] ?? m[1]!);
  return fields.length ? `请填写：${[...new Set(fields)].join('、')}。` : '批量操作的内容不符合要求。';
}

export function registerBulkRoutes(
  app: FastifyInstance,
  deps: RouteDeps,
  send: (reply: FastifyReply, body: string, status?: number) => FastifyReply,
  directory: DirectoryReader,
): void {
  // Who may is the bulk service's rule (assertBulkActor), asked before anything is read.
  const onlyOffices = (request: FastifyRequest, reply: FastifyReply) => {
    try {
      assertBulkActor(request.actor);
      return undefined;
    } catch {
      return send(
        reply,
        page(
          { title: '批量操作', actor: request.actor },
          html`<p class="refusal" role="alert">只有联合督导组和统筹协调办公室可以批量操作。</p>`,
        ),
        403,
      );
    }
  };

  const render = async (request: FastifyRequest, reply: FastifyReply, form: BulkForm, status = 200) => {
    const dir = await deps.temporal(directory);
    return send(reply, bulkPage({ actor: request.actor, directory: dir, ...form }), status);
  };

  app.get('/app/bulk', async (request, reply) => {
    const refused = onlyOffices(request, reply);
    if (refused) return refused;
    const filter = BulkFilterSchema.safeParse(withoutEmpty(request.query));
    return render(request, reply, { fields: filter.success ? { ...filter.data } : {} });
  });

  app.post('/app/bulk', async (request, reply) => {
    const refused = onlyOffices(request, reply);
    if (refused) return refused;
    const raw = withoutEmpty(request.body);
    const { plan, indicator, lead, light, state } = raw;
    const filter = BulkFilterSchema.safeParse(
      Object.fromEntries(Object.entries({ plan, indicator, lead, light, state }).filter(([, v]) => v !== undefined)),
    );
    const form = BulkFormSchema.safeParse(raw);
    if (!filter.success || !form.success) {
      const text = !filter.success ? '筛选条件不符合要求。' : '请选择操作，并按要求填写日期和理由。';
      return render(request, reply, { fields: raw, refusal: text }, 400);
    }
    const dryRun = form.data.step === 'preview';
    const key = form.data.key ?? randomUUID();
    try {
      const report = await deps.temporal(
        () =>
          runBulk(
            deps.service,
            request.actor,
            { action: form.data.action, filter: filter.data, params: paramsOf(form.data), dryRun },
            dryRun ? {} : { key },
          ),
        BULK_TIMEOUT_FACTOR,
      );
      return render(request, reply, { fields: { ...raw, key }, report });
    } catch (err) {
      if (!(err instanceof DubanError) || err.kind !== 'bad_request') throw err;
      return render(request, reply, { fields: raw, refusal: refusalOf(err), detail: err.message }, 400);
    }
  });
}
