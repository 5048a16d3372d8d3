/**
 * The 督办通报 as a file: which plan and period (zod, for the API's query and the CLI's options alike), the data
 * gathered through the service — every measure's view (one listing, then queries, as the 台账) and the timelines of
 * those sent back at least once — and the Word document with the headers that name it.
 */
import { z } from 'zod';
import { PlanIdSchema } from '../domain/plan';
import type { CalendarExtras } from '../domain/policy';
import { shanghaiDate, workCalendar, type TimelineEntry } from '../measure';
import { DubanError } from '../service/errors';
import type { MeasureService, ViewsOptions } from '../service/measures';
import { bulletinModel, type BulletinModel } from './bulletin';
import { bulletinDocument } from './bulletin-docx';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const CalendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2025-06-30')
  .refine((d) => {
    const day = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(d);
  }, 'not a calendar date');

export const BulletinQuerySchema = z
  .strictObject({
    plan: PlanIdSchema.describe('the plan'),
    since: CalendarDateSchema.describe('first day of the period (Beijing time), YYYY-MM-DD'),
    until: CalendarDateSchema.optional().describe('last day of the period (default: today, Beijing time)'),
  })
  .refine((q) => !q.until || q.until >= q.since, { path: ['until'], message: 'must not be before since' });
export type BulletinQuery = z.infer<typeof BulletinQuerySchema>;

export interface BulletinOptions {
  /** The deployment's extra calendar days. */
  calendar?: CalendarExtras;
  now?: Date;
  /** Wraps each Temporal call (the API's per-call deadline). */
  bound?: ViewsOptions['bound'];
}

/** The model of the plan's bulletin for the period (the data as it stands now). */
export async function gatherBulletin(
  service: MeasureService,
  query: BulletinQuery,
  opts: BulletinOptions = {},
): Promise<BulletinModel> {
  const now = opts.now ?? new Date();
  const bound = opts.bound ?? ((call) => call());
  // Each Temporal call is bounded on its own (the API's per-call deadline), as the 台账's are.
  const views = await service.views({ plan: query.plan }, { bound });
  if (!views.length) {
    throw new DubanError('not_found', `plan ${query.plan} has no measures (never imported, or not yet visible)`);
  }
  // Only measures sent back at least once can have a rejection in the period: their timelines, a few at a time.
  const timelines: Record<string, TimelineEntry[]> = {};
  const sentBack = views.filter((v) => v.rejections > 0).map((v) => v.workflowId);
  const next = async (): Promise<void> => {
    const id = sentBack.pop();
    if (id === undefined) return;
    timelines[id] = await bound(() => service.timeline(id));
    return next();
  };
  await Promise.all(Array.from({ length: Math.min(8, sentBack.length) }, next));
  return bulletinModel({
    planId: query.plan,
    planTitle: views[0]!.planTitle,
    since: query.since,
    until: query.until ?? shanghaiDate(now.getTime()),
    generatedAt: now,
    views,
    timelines,
    calendar: workCalendar(opts.calendar),
  });
}

export async function bulletinDownload(
  service: MeasureService,
  query: BulletinQuery,
  opts: BulletinOptions = {},
): Promise<{ file: Buffer; contentDisposition: string; model: BulletinModel }> {
  const model = await gatherBulletin(service, query, opts);
  const file = await bulletinDocument(model);
  const name = `bulletin-${query.plan}-${model.until}.docx`;
  return {
    file,
    model,
    contentDisposition: `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`通报-${query.plan}-${model.until}.docx`)}`,
  };
}
