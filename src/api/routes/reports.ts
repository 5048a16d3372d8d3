/**
 * The scoreboard the plan links to department performance (三、具体要求): `GET /api/reports/departments`,
 * `/indicators` and `/leaders` — per lead department, indicator or responsible leader, its measures by state and
 * light, timeliness, rejections, 质量评定 grades, score and rank (名次). The same pure scoreboard as `duban report`
 * (src/reports/scoreboard.ts), computed from one visibility listing (search attributes, no query per measure), so it
 * stays cheap for large plans. Beside them, the two files a supervision office hands on: the 督办通报
 * (`/api/reports/bulletin`, Word) and the 台账 (`/api/ledger.xlsx`, Excel), which query every measure.
 */
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PlanIdSchema } from '../../domain/plan';
import { GRADES } from '../../measure';
import { bulletinDownload, BulletinQuerySchema, DOCX_TYPE } from '../../reports/bulletin-download';
import { ledgerDownload, XLSX_TYPE } from '../../reports/ledger-download';
import { scoreboard, scoreboardNow, type ScoreboardBy, type ScoreRow } from '../../reports/scoreboard';
import type { RouteDeps } from '../deps';
import { problemResponse, STANDARD_PROBLEMS, StateCountsSchema } from '../schemas';

const LightCounts = z.object({ green: z.int(), yellow: z.int(), orange: z.int(), red: z.int(), grey: z.int() });

const ScoreRowSchema = z.object({
  name: z.string().describe('the department, indicator code or leader'),
  rank: z.int().nullable().describe('名次 by score, best first; equal scores share a rank (1, 1, 3); null: no score'),
  score: z
    .number()
    .nullable()
    .describe('考核得分, 0–100 (see README "Scoreboard"); null when every measure is cancelled'),
  parts: z
    .object({ completion: z.number(), onTime: z.number(), quality: z.number(), deductions: z.number() })
    .describe('the score’s parts: 完成 (of 40), 按时 (of 30), 质量 (of 30), and the points deducted'),
  total: z.int().describe('measures in this row; one with several leads (or leaders) counts for each'),
  assessed: z.int().describe('all but the cancelled'),
  byState: StateCountsSchema,
  open: LightCounts.describe('measures not yet submitted (assigned, in_progress, paused) by light'),
  done: z.int().describe('verified or closed'),
  completion: z.number().describe('done / total, 0..1'),
  handedIn: z.int().describe('submitted, verified or closed'),
  onTime: z.int().describe('handed in by the due time'),
  onTimeRate: z.number().nullable().describe('按时率: onTime / (handedIn + overdueOpen); null while nothing is due'),
  late: z.int().describe('submitted after the due time (逾期完成)'),
  overdueOpen: z.int().describe('past due and not handed in (逾期未完成)'),
  longestOverdueWorkdays: z.int().describe('the longest 逾期未完成 so far, in working days'),
  escalated: z.int().describe('reached the supervision group (escalation level ≥ 2)'),
  rejections: z.int().describe('times sent back (退回整改, 验收不合格)'),
  grades: z.object(Object.fromEntries(GRADES.map((g) => [g, z.int()])) as Record<(typeof GRADES)[number], z.ZodInt>),
});

const DepartmentRowSchema = ScoreRowSchema.extend({
  department: z.string(),
  closed: z.int().describe('closed (已销号)'),
  overdue: z.int().describe('red: past due and not submitted'),
});
const IndicatorRowSchema = ScoreRowSchema.extend({
  indicator: z.string().describe('the indicator code'),
  planId: z.string(),
});
const LeaderRowSchema = ScoreRowSchema.extend({ leader: z.string() });

const reportSchema = <K extends string, R extends z.ZodType>(key: K, row: R) =>
  z.object({
    generatedAt: z.string(),
    plan: z.string().optional(),
    ...({ [key]: z.array(row).describe('ranked by score, best first; ties by name') } as Record<K, z.ZodArray<R>>),
  });

/** The three boards: where each is served, its row schema, and what a row adds to the scoreboard's own. */
const BOARDS = [
  {
    path: 'departments',
    by: 'department',
    summary: 'Scoreboard per lead department (牵头部门)',
    row: DepartmentRowSchema,
    shape: (r: ScoreRow) => ({ department: r.name, ...r, closed: r.byState.closed, overdue: r.open.red }),
  },
  {
    path: 'indicators',
    by: 'indicator',
    summary: 'Scoreboard per indicator (评价指标)',
    row: IndicatorRowSchema,
    shape: (r: ScoreRow) => ({ indicator: r.name, planId: r.planId ?? '', ...r }),
  },
  {
    path: 'leaders',
    by: 'leader',
    summary: 'Scoreboard per responsible leader (责任领导)',
    row: LeaderRowSchema,
    shape: (r: ScoreRow) => ({ leader: r.name, ...r }),
  },
] as const satisfies ReadonlyArray<{ path: string; by: ScoreboardBy; summary: string; row: z.ZodType; shape: unknown }>;

const query = z.strictObject({ plan: PlanIdSchema.optional().describe('only this plan') });

export const reportRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { service, temporal, calendar }, done) => {
  /** One listing of the plan's (or every) measure, scored as `by`. */
  const rowsBy = async (by: ScoreboardBy, plan: string | undefined) =>
    scoreboard(await temporal(() => service.listAll(plan ? { plan } : {})), by, scoreboardNow(calendar));
  const schema = (summary: string, response: z.ZodType) => ({
    tags: ['reports'],
    summary: `${summary} (from visibility; eventually consistent)`,
    querystring: query,
    response: { 200: response, 400: problemResponse('The plan id is malformed'), ...STANDARD_PROBLEMS },
  });
  const stamp = (plan: string | undefined) => ({ generatedAt: new Date().toISOString(), ...(plan ? { plan } : {}) });

  for (const board of BOARDS) {
    app.get(
      `/api/reports/${board.path}`,
      { schema: schema(board.summary, reportSchema(board.path, board.row)) },
      async (request) => {
        const { plan } = request.query;
        const rows = await rowsBy(board.by, plan);
        const shape: (row: ScoreRow) => object = board.shape;
        return { ...stamp(plan), [board.path]: rows.map(shape) };
      },
    );
  }
  app.get(
    '/api/reports/bulletin',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The 督办通报 of a plan for a period as a Word document (200: application/vnd.openxmlformats-officedocument.wordprocessingml.document)',
        description:
          'Title, overall progress, departments ranked by score, 逾期未完成 and 逾期完成 units with their measures, ' +
          'measures sent back in the period, 表扬 and 批评. Queries every measure of the plan, as the 台账 does.',
        querystring: BulletinQuerySchema,
        response: {
          200: {
            description: 'The 督办通报 document',
            content: { [DOCX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } },
          },
          400: problemResponse('The plan id or a date is malformed, or until is before since'),
          404: problemResponse('The plan has no measures'),
          ...STANDARD_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { file, contentDisposition } = await bulletinDownload(service, request.query, {
        calendar,
        bound: (call) => temporal(call),
      });
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', contentDisposition)
        .send(file as never);
    },
  );
  app.get(
    '/api/ledger.xlsx',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The 台账 as an Excel workbook (200: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)',
        description: 'One row per 整改措施; queries every measure, so it is slower than the scoreboard.',
        querystring: z.strictObject({ plan: PlanIdSchema.optional().describe('only this plan') }),
        response: {
          200: {
            description: 'The 台账 workbook',
            content: { [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } },
          },
          400: problemResponse('The plan id is malformed'),
          ...STANDARD_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { plan } = request.query;
      const { file, contentDisposition } = await ledgerDownload(service, plan, (call) => temporal(call));
      // A Buffer goes out as it is (Fastify never serialises it); the typed reply only knows the JSON responses.
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', contentDisposition)
        .send(file as never);
    },
  );
  done();
};
