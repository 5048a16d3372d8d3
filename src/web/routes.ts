/**
 * The 督办工作台 (issue 14): server-rendered pages under /app, served by the API process over the same service
 * layer and the same tokens. A page authenticates by the session cookie holding a bearer token, which the API's
 * Authenticator checks exactly as it checks `Authorization: Bearer`; what an actor may do is still the
 * workflow's answer (service.getFor's `allowed`, and the update validator's refusals). Forms post back here and
 * are read with zod; anything refused is shown on the page, in Chinese, never a 500.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteDeps, WorkbenchSettings } from '../api/deps';
import { issuePageToken, PAGE_TOKEN_PATTERN, redeemPageToken } from '../api/page-token';
import { devToken, TokenActorSchema } from '../auth/tokens';
import { PersonEventTypes, type EventType, type EvidenceRef, type Light } from '../domain/events';
import { MeasureRefIdSchema, PlanIdSchema } from '../domain/plan';
import { shanghaiDate } from '../measure';
import { bulletinDownload, BulletinQuerySchema, DOCX_TYPE } from '../reports/bulletin-download';
import { ledgerDownload, XLSX_TYPE } from '../reports/ledger-download';
import { departmentScoreboard, scoreboardNow } from '../reports/scoreboard';
import { DubanError, HTTP_STATUS, isTemporalUnavailable } from '../service/errors';
import { MeasureFilterSchema, type MeasureFilter } from '../temporal/visibility-query';
import { createDirectory } from './directory';
import { readEventForm } from './event-form';
import { readMultipartForm } from './evidence-form';
import { MAX_ATTACHMENTS } from '../domain/events';
import { MAX_EVIDENCE_BYTES } from '../evidence/limits';
import { contentDisposition, downloadEvidence } from '../service/evidence-files';
import { withoutEmpty } from './form-fields';
import { html } from './html';
import { registerBulkRoutes } from './bulk-routes';
import { registerImportRoutes } from './import-routes';
import { loadInbox } from './inbox';
import { page, SCRIPT, STYLESHEET } from './layout';
import { boardPage } from './pages/board-page';
import { inboxPage } from './pages/inbox-page';
import { loginPage } from './pages/login-page';
import { measurePage, type Refusal } from './pages/measure-page';
import { measureHref } from './pages/parts';
import { scoreboardPage } from './pages/scoreboard-page';
import { clearSession, isCrossSite, safeNext, sessionToken, setSession } from './session';
import { LIGHT_ORDER, refusalText, UPLOAD_REFUSALS } from './words';

const BOARD_PAGE_SIZE = 30;
const HTML_TYPE = 'text/html; charset=utf-8';

const ParamsSchema = z.strictObject({ planId: PlanIdSchema, measureId: MeasureRefIdSchema });
const EvidenceParamsSchema = ParamsSchema.extend({ id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) });
const BoardQuerySchema = MeasureFilterSchema.pick({ plan: true, lead: true, leader: true, light: true, state: true })
  .extend({ pageToken: z.string().regex(PAGE_TOKEN_PATTERN).optional() })
  .strict();
const PlanQuerySchema = z.object({ plan: PlanIdSchema.optional() });
const LoginSchema = z.object({
  actor: TokenActorSchema.optional(),
  token: z.string().max(4096).optional(),
  next: z.string().optional(),
});

/** A failed page's status: the service's kinds, Fastify's own client errors (415, 413 …) as they are, else 500. */
function errorStatus(err: Error & { statusCode?: number }): number {
  if (err instanceof DubanError) return HTTP_STATUS[err.kind];
  if (isTemporalUnavailable(err)) return 503;
  const status = err.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

export function workbenchRoutes(settings: WorkbenchSettings): FastifyPluginCallback<RouteDeps> {
  return (app: FastifyInstance, deps: RouteDeps, done) => {
    const { service, auth, temporal } = deps;
    const directory = createDirectory(service);
    const send = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type(HTML_TYPE).send(body);

    // The workbench's pages are HTML for people, not part of the API: kept out of /api/openapi.json.
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });

    // The 报送进展 and 提交 forms carry 佐证材料 files (multipart/form-data), at the API's limits (one byte over, so
    // the store refuses an oversize file instead of busboy silently truncating it).
    void app.register(fastifyMultipart, {
      limits: { fileSize: MAX_EVIDENCE_BYTES + 1, files: MAX_ATTACHMENTS, fields: 20 },
    });

    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, parsed) => {
      parsed(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
      const status = errorStatus(err);
      if (status === 500) request.log.error({ err }, 'workbench error');
      const text =
        status === 404
          ? '没有找到这项内容。'
          : status === 503
            ? '暂时无法连接流程服务（Temporal），请稍后刷新。'
            : status === 413
              ? '提交的内容太大。'
              : status < 500
                ? '请求无效，请返回后重试。'
                : `系统出错，请联系管理员并提供编号 ${request.id}。`;
      return send(
        reply,
        page(
          { title: '出错了', actor: request.actor || undefined },
          html`<p class="refusal" role="alert">${text}</p>
            <p><a href="/app/inbox">返回我的待办</a></p>`,
        ),
        status,
      );
    });

    // Every page but the sign-in and the stylesheet needs a valid session; a form from another site is refused.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'POST' && isCrossSite(request)) {
        return send(reply, page({ title: '请求被拒绝' }, html`<p class="refusal">跨站提交的表单不予受理。</p>`), 403);
      }
      if (request.routeOptions.config.public) return;
      const token = sessionToken(request);
      const actor = token ? await auth.authenticate(token) : undefined;
      if (!actor) {
        if (token) clearSession(request, reply);
        const next = request.method === 'GET' ? request.url : '/app/inbox';
        return reply.redirect(`/app/login?next=${encodeURIComponent(next)}`, 303);
      }
      request.actor = actor;
    });

    app.get('/app/assets/app.css', { config: { public: true } }, (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(STYLESHEET),
    );
    app.get('/app/assets/app.js', { config: { public: true } }, (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(SCRIPT),
    );
    app.get('/app', { config: { public: true } }, (_request, reply) => reply.redirect('/app/inbox', 303));

    const renderLogin = async (reply: FastifyReply, next: string, error?: string, status = 200) => {
      const dev = settings.mode === 'dev';
      const dir = dev ? await temporal(directory).catch(() => undefined) : undefined;
      return send(
        reply,
        loginPage({
          dev,
          directory: dir ?? (dev ? { plans: [], departments: [], leaders: [] } : undefined),
          next,
          error,
        }),
        status,
      );
    };

    app.get('/app/login', { config: { public: true } }, async (request, reply) =>
      renderLogin(reply, safeNext((request.query as Record<string, unknown>).next)),
    );

    app.post('/app/login', { config: { public: true } }, async (request, reply) => {
      const form = LoginSchema.safeParse(request.body ?? {});
      const next = safeNext(form.success ? form.data.next : undefined);
      if (!form.success) return renderLogin(reply, next, '登录信息不符合要求。', 400);
      let token: string | undefined;
      if (form.data.actor && settings.mode === 'dev') token = devToken(form.data.actor, settings.dataDir);
      else if (form.data.token?.trim()) token = form.data.token.trim();
      const actor = token ? await auth.authenticate(token) : undefined;
      if (!token || !actor) return renderLogin(reply, next, '令牌无效（未知、已撤销或来自其他数据目录）。', 401);
      setSession(request, reply, token);
      return reply.redirect(next, 303);
    });

    app.post('/app/logout', { config: { public: true } }, (request, reply) => {
      clearSession(request, reply);
      return reply.redirect('/app/login', 303);
    });

    app.get('/app/inbox', async (request, reply) => {
      const query = PlanQuerySchema.safeParse(withoutEmpty(request.query));
      const plan = query.success ? query.data.plan : undefined;
      const [dir, inbox] = await temporal(() => Promise.all([directory(), loadInbox(service, request.actor, plan)]), 3);
      return send(reply, inboxPage(request.actor, inbox, { directory: dir, plan }));
    });

    const showMeasure = async (
      request: FastifyRequest,
      reply: FastifyReply,
      ref: { planId: string; measureId: string },
      extra: { done?: EventType; refusal?: Refusal; status?: number } = {},
    ) => {
      const [view, timeline] = await temporal(() =>
        Promise.all([service.getFor(ref, request.actor), service.timeline(ref)]),
      );
      return send(reply, measurePage({ actor: request.actor, view, timeline, ...extra }), extra.status);
    };

    const measureParams = (request: FastifyRequest) => {
      const params = ParamsSchema.safeParse(request.params);
      if (!params.success) throw new DubanError('not_found', 'no such measure');
      return params.data;
    };

    app.get('/app/measures/:planId/:measureId', async (request, reply) => {
      const done = z.enum(PersonEventTypes).safeParse((request.query as Record<string, unknown>).done);
      return showMeasure(request, reply, measureParams(request), done.success ? { done: done.data } : {});
    });

    app.post('/app/measures/:planId/:measureId/events', async (request, reply) => {
      const ref = measureParams(request);
      let body: unknown = request.body ?? {};
      let files: EvidenceRef[] = [];
      if (request.isMultipart()) {
        try {
          const multipart = await temporal(() => readMultipartForm(request, service, ref, request.actor));
          body = multipart.fields;
          files = multipart.files;
        } catch (err) {
          const kind = err instanceof DubanError ? err.kind : errorStatus(err as Error) === 413 ? 'too_large' : '';
          const text = UPLOAD_REFUSALS[kind];
          if (!text) throw err;
          return showMeasure(request, reply, ref, {
            refusal: { text, detail: (err as Error).message },
            status: kind in HTTP_STATUS ? HTTP_STATUS[kind as keyof typeof HTTP_STATUS] : 400,
          });
        }
      }
      const form = readEventForm(body, files);
      if (!form.ok) {
        const type = z.enum(PersonEventTypes).safeParse(form.type);
        const text = `${type.success ? refusalText('bad_request', type.data, {}) : '表单内容不符合要求。'}${form.errors.join('；')}`;
        return showMeasure(request, reply, ref, { refusal: { text }, status: 400 });
      }
      try {
        await temporal(() => service.send(ref, request.actor, form.event));
      } catch (err) {
        if (!(err instanceof DubanError) || !['forbidden', 'conflict', 'bad_request'].includes(err.kind)) throw err;
        const details = err.details as { state?: string; allowed?: string[] };
        const refusal = { text: refusalText(err.kind, form.event.type, details), detail: err.message };
        return showMeasure(request, reply, ref, {
          refusal,
          status: err.kind === 'forbidden' ? 403 : err.kind === 'conflict' ? 409 : 400,
        });
      }
      return reply.redirect(`${measureHref(ref)}?done=${form.event.type}`, 303);
    });

    // A 佐证材料 file, for whoever may read this measure's files (the same service call as the API's download).
    app.get('/app/measures/:planId/:measureId/evidence/:id', async (request, reply) => {
      const params = EvidenceParamsSchema.safeParse(request.params);
      if (!params.success) throw new DubanError('not_found', 'no such file');
      const { id, ...ref } = params.data;
      const { ref: file, data } = await temporal(() => downloadEvidence(service, ref, request.actor, id));
      return reply
        .type(file.type)
        .header('content-disposition', contentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .send(data);
    });

    app.get('/app/board', async (request, reply) => {
      const query = BoardQuerySchema.safeParse(withoutEmpty(request.query));
      const { pageToken, ...filter }: { pageToken?: string } & MeasureFilter = query.success ? query.data : {};
      const serviceToken = pageToken ? redeemPageToken(pageToken) : undefined;
      const { light: _light, ...withoutLight } = filter;
      const [dir, result, perLight] = await temporal(() =>
        Promise.all([
          directory(),
          service.list(filter, { pageSize: BOARD_PAGE_SIZE, nextPageToken: serviceToken }),
          Promise.all(LIGHT_ORDER.map((light) => service.count({ ...withoutLight, light }))),
        ]),
      );
      const counts = Object.fromEntries(LIGHT_ORDER.map((light, i) => [light, perLight[i] ?? 0])) as Record<
        Light,
        number
      >;
      const total = filter.light ? counts[filter.light] : perLight.reduce((a, b) => a + b, 0);
      const nextParams = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
      if (result.nextPageToken) nextParams.set('pageToken', issuePageToken(result.nextPageToken));
      const nextHref = result.nextPageToken ? `/app/board?${nextParams.toString()}` : undefined;
      const error = query.success ? undefined : '筛选条件不符合要求，已显示全部措施。';
      return send(
        reply,
        boardPage({
          actor: request.actor,
          directory: dir,
          filter,
          counts,
          total,
          items: result.items,
          nextHref,
          error,
        }),
      );
    });

    app.get('/app/scoreboard', async (request, reply) => {
      const query = PlanQuerySchema.safeParse(withoutEmpty(request.query));
      const plan = query.success ? query.data.plan : undefined;
      const [dir, rows] = await temporal(() => Promise.all([directory(), service.listAll(plan ? { plan } : {})]));
      return send(
        reply,
        scoreboardPage({
          actor: request.actor,
          directory: dir,
          plan,
          rows: departmentScoreboard(rows, scoreboardNow(deps.calendar)),
          today: shanghaiDate(Date.now()),
        }),
      );
    });

    // One directory for every page: an import refreshes what the board, the bulk page and the sign-in offer.
    registerImportRoutes(app, deps, send, directory);
    registerBulkRoutes(app, deps, send, directory);

    // The 台账 for a signed-in person: the same file as GET /api/ledger.xlsx, authenticated by the session cookie.
    // The 督办通报 of one plan for a period, the Word document the API's /api/reports/bulletin answers.
    app.get('/app/bulletin.docx', async (request, reply) => {
      const query = BulletinQuerySchema.safeParse(withoutEmpty(request.query));
      // A bad period is the workbench's usual 400 page; the form only offers valid ones.
      if (!query.success) throw new DubanError('bad_request', `bulletin: ${query.error.issues[0]?.message ?? ''}`);
      const { file, contentDisposition } = await bulletinDownload(service, query.data, {
        calendar: deps.calendar,
        bound: (call) => temporal(call),
      });
      return reply.type(DOCX_TYPE).header('content-disposition', contentDisposition).send(file);
    });

    app.get('/app/ledger.xlsx', async (request, reply) => {
      const query = PlanQuerySchema.safeParse(withoutEmpty(request.query));
      const plan = query.success ? query.data.plan : undefined;
      const { file, contentDisposition } = await ledgerDownload(service, plan, (call) => temporal(call));
      return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition).send(file);
    });

    done();
  };
}
