/**
 * `GET /api/reports/departments`: the scoreboard the plan links to department performance (三、具体要求) — per
 * lead department, its measures by state and light, how many are closed and how many are overdue. The same pure
 * scoreboard as `duban report` (src/reports/scoreboard.ts), computed from visibility alone so it stays cheap for
 * large plans (lateness is the DubanLate search attribute, set at SUBMIT).
 */
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PlanIdSchema } from '../../domain/plan';
import { ledgerDownload, XLSX_TYPE } from '../../reports/ledger-download';
import { departmentScoreboard } from '../../reports/scoreboard';
import type { RouteDeps } from '../deps';
import { problemResponse, STANDARD_PROBLEMS, StateCountsSchema } from '../schemas';

const LightCounts = z.object({ green: z.int(), yellow: z.int(), orange: z.int(), red: z.int(), grey: z.int() });

const DepartmentRowSchema = z.object({
  department: z.string(),
  total: z.int().describe('measures this department leads (牵头); one with several leads counts for each'),
  byState: StateCountsSchema,
  open: LightCounts.describe('measures not yet submitted (assigned, in_progress, paused) by light'),
  done: z.int().describe('verified or closed'),
  late: z.int().describe('submitted after the due time (逾期完成)'),
  closed: z.int().describe('closed (已销号)'),
  overdue: z.int().describe('red: past due and not submitted'),
  escalated: z.int().describe('reached the supervision group (escalation level ≥ 2)'),
  completion: z.number().describe('done / total, 0..1'),
});

const ReportSchema = z.object({
  generatedAt: z.string(),
  plan: z.string().optional(),
  departments: z.array(DepartmentRowSchema).describe('most overdue first, then most escalated, then by name'),
});

export const reportRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { service, temporal }, done) => {
  app.get(
    '/api/reports/departments',
    {
      schema: {
        tags: ['reports'],
        summary: 'Scoreboard per lead department (from visibility; eventually consistent)',
        querystring: z.strictObject({ plan: PlanIdSchema.optional().describe('only this plan') }),
        response: {
          200: ReportSchema,
          400: problemResponse('The plan id is malformed'),
          ...STANDARD_PROBLEMS,
        },
      },
    },
    async (request) => {
      const { plan } = request.query;
      const rows = await temporal(() => service.listAll(plan ? { plan } : {}));
      const departments = departmentScoreboard(rows).map((score) => ({
        ...score,
        closed: score.byState.closed,
        overdue: score.open.red,
      }));
      return { generatedAt: new Date().toISOString(), ...(plan ? { plan } : {}), departments };
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
