/**
 * The 督办工作台 in a real browser: playwright-core driving Debian's chromium (/usr/bin/chromium, or
 * DUBAN_CHROMIUM; nothing is downloaded) against the real API (app.listen on an ephemeral port) and the real Temporal
 * dev server with a worker. A department signs in, finds its measure in 我的待办, signs for it, reports progress and
 * submits; a refused action shows its reason; the supervision group verifies it and sends another back with a
 * reason the 流转记录 shows; the board filters by light; the 台账 downloads with the cookie; a phone-sized
 * viewport renders the inbox without horizontal scrolling; axe-core finds no WCAG A/AA violation and the sign-in
 * works from the keyboard. Screenshots go to <tmp>/screenshots (and to docs/screenshots with
 * DUBAN_README_SCREENSHOTS=1).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app';
import { addToken, createAuthenticator, devToken } from '../../src/auth/tokens';
import type { Plan } from '../../src/domain/plan';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { MeasureService } from '../../src/service/measures';
import { axeViolations, shot as saveShot } from '../support/browser';
import { smallPlan, uniquePlanId } from './fixtures';
import { openBrowserSuite, type BrowserSuite } from './browser-suite';
import { eventually, type TestEnv } from './harness';

// Names of this file's own: other test files share the Temporal server and its visibility.
const LEAD = '工作台测试局';
const SUPPORT = '工作台配合局';
const OTHER = '工作台另一局';
const LEADER = '王督办';
const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'plans');

let suite: BrowserSuite | undefined;
let env: TestEnv;
let service: MeasureService;
let base: string;
let browser: Browser;
let desktop: BrowserContext;
let shots: string;
const planId = uniquePlanId('wb');
const started = Date.now();

/** Three measures: 2.1 due in two days (yellow), 2.2 due 2099 (green), 2.3 another department's, past due (red). */
function workbenchPlan(): Plan {
  const plan = smallPlan({ id: planId, measures: 3 });
  const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const texts = ['压缩审批时限。即将到期。', '推行联合验收。长期推进。', '清理历史遗留项目。已过期。'];
  const dues = [soon, plan.defaultDueAt, '2020-01-01T23:59:59+08:00'];
  const units = { lead: [LEAD], support: [SUPPORT], leaders: [LEADER] };
  plan.title = '工作台测试整改方案';
  plan.indicators = plan.indicators.map((indicator) => ({
    ...indicator,
    ...units,
    measures: indicator.measures.map((m, i) => ({
      ...m,
      ...units,
      ...(i === 2 ? { lead: [OTHER] } : {}),
      title: texts[i]!.split('。')[0]! + '。',
      text: texts[i]!,
      dueAt: dues[i]!,
    })),
  }));
  return plan;
}

const href = (measureId: string) => `/app/measures/${planId}/${measureId}`;

const shot = (page: Page, name: string, readme = false) => saveShot(page, shots, name, readme);

/** Reloads until `locator` matches (visibility is eventually consistent). */
async function untilShown(page: Page, locator: () => Locator) {
  await eventually(async () => {
    if ((await locator().count()) > 0) return true;
    await page.reload();
    return false;
  });
}

/**
 * Signs `who` in through the dev picker. The two offices' inbox is narrowed to this file's plan: the other test
 * files' measures share the server, and their workers are gone.
 */
async function signIn(context: BrowserContext, who: string): Promise<Page> {
  // A page without a session goes to the sign-in first, and comes back after it.
  await context.clearCookies();
  const page = await context.newPage();
  const office = who === '联合督导组' || who === '统筹协调办公室';
  const inbox = office ? `/app/inbox?plan=${planId}` : '/app/inbox';
  await page.goto(`${base}${inbox}`);
  expect(page.url()).toContain('/app/login');
  await page.getByRole('button', { name: who, exact: true }).click();
  await page.waitForURL(`${base}${inbox}`);
  return page;
}

/** The action form headed `label` (one per allowed event). */
const actionForm = (page: Page, label: string) =>
  page.locator('form.action', { has: page.getByRole('heading', { name: label, exact: true }) });

async function act(page: Page, label: string, fill: Record<string, string> = {}) {
  const form = actionForm(page, label);
  for (const [field, value] of Object.entries(fill)) {
    const select = form.getByRole('combobox', { name: field });
    if (await select.count()) await select.selectOption(value);
    else await form.getByLabel(field).fill(value);
  }
  await form.getByRole('button', { name: label, exact: true }).click();
  await page.waitForLoadState();
}

/** The hrefs of the links `locator` matches, in page order. */
async function hrefs(locator: Locator): Promise<Array<string | null>> {
  return Promise.all((await locator.all()).map((a) => a.getAttribute('href')));
}

/** What the page evaluates `expression` to (a string: no DOM types here). */
const inPage = <T>(page: Page, expression: string) => page.evaluate<T>(expression);

beforeAll(async () => {
  suite = await openBrowserSuite();
  ({ env, service, base, browser, desktop, shots } = suite);
  const report = await startPlan(env.client, workbenchPlan(), DEFAULT_POLICY, { taskQueue: env.taskQueue });
  expect(report.started).toBe(3);
  // The sign-in page lists departments from visibility: wait until the plan is listed there.
  await eventually(async () => (await service.listAll({ plan: planId })).length === 3);
});

afterAll(async () => {
  await suite?.close();
  console.log(`workbench browser test: ${Math.round((Date.now() - started) / 1000)} s, screenshots in ${shots}`);
});

describe('督办工作台 in chromium', () => {
  it('a department signs in, finds its measure in 我的待办, signs for it, reports progress and submits', async () => {
    const page = await signIn(desktop, LEAD);
    await untilShown(page, () => page.locator(`a[href="${href('2.1')}"]`));
    // Ordered by light, then deadline: the yellow 2.1 before the green 2.2; 2.3 is another department's.
    const links = await hrefs(page.locator(`.cards a[href^="/app/measures/${planId}/"]`));
    expect(links).toEqual([href('2.1'), href('2.2')]);
    await expect.poll(() => page.locator('.counts').first().innerText()).toMatch(/黄灯\s*1\s*项/);
    await shot(page, 'inbox', true);

    await page.locator(`a[href="${href('2.1')}"]`).click();
    await page.waitForURL(`${base}${href('2.1')}`);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain(LEAD);
    expect(facts).toContain(SUPPORT);
    expect(facts).toContain(LEADER);
    expect(facts).toContain('已交办');
    expect(await page.locator('.text').innerText()).toContain('压缩审批时限');
    // Exactly the actions the machine allows a lead department now (转办: it may hand the measure on).
    const forms = await page.locator('form.action h3').allInnerTexts();
    expect(forms).toEqual(['签收', '申请延期', '转办', '申请缓办', '分解']);

    await act(page, '签收');
    expect(page.url()).toContain('done=START');
    expect(await page.getByRole('status').innerText()).toContain('已签收');
    expect(await page.locator('dl.facts').innerText()).toContain('办理中');

    await act(page, '报送进展', { '完成进度（%）': '60', '进展情况（选填）': '审批流程已压缩到5个工作日' });
    const timeline = await page.locator('ol.timeline').innerText();
    expect(timeline).toContain('报送进展');
    expect(timeline).toContain('60% 审批流程已压缩到5个工作日');
    expect(timeline).toContain(LEAD);

    await act(page, '报结', { '说明（选填）': '已按期完成' });
    expect(page.url()).toContain('done=SUBMIT');
    expect(await page.locator('dl.facts').innerText()).toContain('已报结，待验收');
    await shot(page, 'measure-submitted');
    await page.close();
  });

  it('a refused action shows its reason in Chinese, and nothing is recorded', async () => {
    const page = await signIn(desktop, LEAD);
    await page.goto(`${base}${href('2.2')}`);
    // A deadline that is not later than the current one: the form is allowed, the workflow refuses this request.
    await act(page, '申请延期', { 新的完成时限: '2099-01-01', 延期理由: '需要更多时间' });
    const refusal = await page.getByRole('alert').innerText();
    expect(refusal).toContain('未能办理');
    expect(refusal).toContain('现在不能「申请延期」');
    expect(refusal).toContain('later than the current one');

    // A stale page: someone signed for the measure after this page was loaded.
    await page.goto(`${base}${href('2.2')}`);
    await service.send({ planId, measureId: '2.2' }, `dept:${LEAD}`, { type: 'START' });
    await act(page, '签收');
    expect(await page.getByRole('alert').innerText()).toContain('措施当前为「办理中」，现在不能「签收」');
    await shot(page, 'measure-refused');
    const entries = await service.timeline({ planId, measureId: '2.2' });
    expect(entries.map((e) => e.type)).toEqual(['START']);
    await service.send({ planId, measureId: '2.2' }, `dept:${LEAD}`, { type: 'SUBMIT' });
    await page.close();
  });

  it('the supervision group verifies one measure and sends another back with a reason', async () => {
    const page = await signIn(desktop, '联合督导组');
    await untilShown(page, () => page.locator(`a[href="${href('2.2')}"]`));
    expect(await page.locator(`.card:has(a[href="${href('2.1')}"]) .todo`).innerText()).toContain('验收、退回整改');

    await page.goto(`${base}${href('2.1')}`);
    // 验收 needs a 质量评定: without one the browser keeps the form on the page.
    await act(page, '验收', { '说明（选填）': '材料齐全，同意验收' });
    expect(page.url()).toBe(`${base}${href('2.1')}`);
    await act(page, '验收', { 质量评定: '良好', '说明（选填）': '材料齐全，同意验收' });
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('已验收');
    expect(facts).toContain('良好：材料齐全，同意验收');
    expect(await page.locator('ol.timeline').innerText()).toContain('质量评定 良好: 材料齐全，同意验收');

    await page.goto(`${base}${href('2.2')}`);
    // Required fields are checked by the browser first; an empty reason never leaves the page.
    await actionForm(page, '退回整改').getByRole('button', { name: '退回整改' }).click();
    expect(page.url()).toBe(`${base}${href('2.2')}`);
    await act(page, '退回整改', { 退回理由: '佐证材料不全，请补充验收报告' });
    expect(page.url()).toContain('done=REJECT');
    expect(await page.locator('dl.facts').innerText()).toContain('办理中');
    const timeline = await page.locator('ol.timeline').innerText();
    expect(timeline).toContain('退回整改 · 联合督导组');
    expect(timeline).toContain('佐证材料不全，请补充验收报告');
    await shot(page, 'measure-rejected');
    await page.close();
  });

  it('a department asks for more time and the responsible leader approves it', async () => {
    const dept = await signIn(desktop, LEAD);
    await dept.goto(`${base}${href('2.2')}`);
    await act(dept, '申请延期', { 新的完成时限: '2100-06-30', 延期理由: '联合验收涉及跨年度项目' });
    expect(dept.url()).toContain('done=REQUEST_EXTENSION');
    expect(await dept.locator('dl.facts').innerText()).toContain(
      '申请延至 2100-06-30：联合验收涉及跨年度项目（待审批）',
    );
    await dept.close();

    const page = await signIn(desktop, LEADER);
    await untilShown(page, () => page.locator(`.card:has(a[href="${href('2.2')}"]) .todo`));
    expect(await page.locator(`.card:has(a[href="${href('2.2')}"]) .todo`).innerText()).toContain('批准延期、不予延期');
    await page.goto(`${base}${href('2.2')}`);
    await act(page, '批准延期');
    expect(page.url()).toContain('done=APPROVE_EXTENSION');
    expect(await page.locator('dl.facts').innerText()).toContain('2100-06-30（原定 2099-12-31）');
    expect(await page.locator('ol.timeline').innerText()).toContain(`批准延期 · ${LEADER}（责任领导）`);
    await page.close();
  });

  it('the board filters by light, counts per light, and the 台账 downloads with the session', async () => {
    const page = await signIn(desktop, '联合督导组');
    await page.goto(`${base}/app/board?plan=${planId}`);
    await untilShown(page, () => page.locator(`.card.red a[href="${href('2.3')}"]`));
    expect(await page.locator('.cards .card').count()).toBe(3);
    expect(await page.getByLabel('每 60 秒自动刷新').isChecked()).toBe(true);
    await page.getByLabel('亮灯', { exact: true }).selectOption('red');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/light=red/);
    expect(page.url()).toContain(`plan=${planId}`);
    const cards = await hrefs(page.locator('.cards a'));
    expect(cards).toEqual([href('2.3')]);
    expect(await page.locator('.counts').innerText()).toMatch(/红灯\s*1\s*项[\s\S]*绿灯\s*2\s*项/);
    await page.goto(`${base}/app/board?plan=${planId}`);
    await shot(page, 'board', true);

    await page.goto(`${base}/app/scoreboard?plan=${planId}`);
    expect(await page.locator('table').innerText()).toContain(OTHER);
    expect(await page.locator('table thead').innerText()).toMatch(/名次[\s\S]*得分[\s\S]*按时率/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('下载整改台账').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.close();
  });

  it('the coordinator previews a document with its doubts, then imports and starts another', async () => {
    const dept = await signIn(desktop, LEAD);
    const refused = await dept.goto(`${base}/app/import`);
    expect(refused?.status()).toBe(403);
    expect(await dept.getByRole('link', { name: '导入方案' }).count()).toBe(0);
    await dept.close();

    const page = await signIn(desktop, '统筹协调办公室');
    await page.getByRole('link', { name: '导入方案' }).click();
    await page.getByLabel('方案全文').fill(readFileSync(path.join(FIXTURES, 'review-gaps.txt'), 'utf8'));
    await page.getByRole('button', { name: '预览' }).click();
    await page.waitForLoadState();
    expect(await page.locator('h2', { hasText: '识别结果' }).innerText()).toContain('共 4 项措施');
    expect(await page.locator('#m0-lead').inputValue()).toBe('市市场监管局');
    const doubts = await page.locator('ul.doubts').innerText();
    expect(doubts).toMatch(/须处理\s*第 7 行：措施 1\.2：没有找到牵头部门/);
    await shot(page, 'import-preview');

    const imported = uniquePlanId('wbimp');
    await page.goto(`${base}/app/import`);
    await page.getByLabel('方案全文').fill(readFileSync(path.join(FIXTURES, 'responsible-units.txt'), 'utf8'));
    await page.getByLabel('方案编号（选填').fill(imported);
    await page.getByRole('button', { name: '导入并启动' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toMatch(new RegExp(`方案 ${imported} 已导入：新启动 4 项`));
    await page.locator(`a[href="/app/measures/${imported}/1.1"]`).click();
    expect(await page.locator('dl.facts').innerText()).toContain('区金融服务中心');
    await shot(page, 'imported-measure');
    await page.close();
  });

  it('a phone-sized viewport renders the inbox without horizontal scrolling', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await signIn(phone, LEAD);
    await untilShown(page, () => page.locator(`a[href="${href('2.2')}"]`));
    const widths = await inPage<{ scroll: number; client: number }>(
      page,
      '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
    );
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.client).toBe(390);
    await shot(page, 'inbox-phone', true);
    await page.goto(`${base}${href('2.2')}`);
    const measureWidth = await inPage<number>(page, 'document.documentElement.scrollWidth');
    expect(measureWidth).toBeLessThanOrEqual(390);
    await phone.close();
  });

  it('every form control is labelled (axe-core) and the sign-in works from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/app/login?next=${encodeURIComponent(`/app/inbox?plan=${planId}`)}`);
    expect(await axeViolations(page)).toEqual([]);
    // Tab to the supervision group's button and press Enter.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await inPage<string>(page, "document.activeElement?.textContent?.trim() ?? ''")) === '联合督导组') break;
    }
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/app/inbox?plan=${planId}`);
    expect(await axeViolations(page)).toEqual([]);
    const pages = [
      href('2.2'),
      `/app/board?plan=${planId}`,
      `/app/scoreboard?plan=${planId}`,
      '/app/import',
      '/app/bulk',
    ];
    for (const url of pages) {
      await page.goto(`${base}${url}`);
      expect(await axeViolations(page), url).toEqual([]);
    }
    await context.close();
  });
});

describe('the workbench in production mode', () => {
  let prod: FastifyInstance;
  let token: string;

  beforeAll(() => {
    const tokensFile = path.join(env.dataDir, 'prod-tokens.json');
    token = addToken(tokensFile, 'supervisor');
    const auth = createAuthenticator({ mode: 'production', tokensFile, dataDir: env.dataDir });
    prod = buildApp({ service, client: env.client, taskQueue: env.taskQueue, auth });
  });
  afterAll(async () => prod?.close());

  const form = (fields: Record<string, string>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

  it('signs in with a token from the tokens file only, into an HttpOnly cookie that authenticates the pages', async () => {
    const away = await prod.inject({ url: '/app/inbox' });
    expect(away.statusCode).toBe(303);
    expect(away.headers.location).toBe('/app/login?next=%2Fapp%2Finbox');
    const login = await prod.inject({ url: '/app/login' });
    expect(login.body).toContain('使用令牌登录');
    expect(login.body).not.toContain('name="actor"');

    // No dev picker in production, and a dev token is not a token there.
    const picked = await prod.inject({ method: 'POST', url: '/app/login', ...form({ actor: 'supervisor' }) });
    expect(picked.statusCode).toBe(401);
    const dev = await prod.inject({
      method: 'POST',
      url: '/app/login',
      ...form({ token: devToken('supervisor', env.dataDir) }),
    });
    expect(dev.statusCode).toBe(401);
    expect(dev.body).toContain('令牌无效');

    const ok = await prod.inject({ method: 'POST', url: '/app/login', ...form({ token, next: '/app/board' }) });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/app/board');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/^duban_session=[^;]+; Path=\/app; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    // One plan's inbox: the shared test server also holds other files' measures whose workers are gone, and an
    // office's inbox across all plans would wait on each of their queries (29 s, for nothing this test checks).
    const inbox = await prod.inject({ url: `/app/inbox?plan=${planId}`, headers: { cookie: cookie.split(';')[0]! } });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('联合督导组');
  });

  it('refuses cross-site form posts and answers bad requests with a page, never a 500', async () => {
    const cookie = `duban_session=${encodeURIComponent(token)}`;
    const FORM = 'application/x-www-form-urlencoded';
    const post = (measureId: string, payload: string, headers: Record<string, string> = {}) =>
      prod.inject({ method: 'POST', url: `${href(measureId)}/events`, headers: { cookie, ...headers }, payload });
    const crossSite = await post('2.1', 'type=CLOSE', { origin: 'http://evil.example', 'content-type': FORM });
    expect(crossSite.statusCode).toBe(403);
    // The 报送进展 and 提交 forms are multipart (佐证材料): a malformed multipart body is a bad request, with a page.
    const multipart = await post('2.1', '--x--', { 'content-type': 'multipart/form-data; boundary=x' });
    expect(multipart.statusCode).toBe(400);
    expect(multipart.headers['content-type']).toContain('text/html');
    const unknown = await prod.inject({ url: `/app/measures/${planId}/9.9`, headers: { cookie } });
    expect(unknown.statusCode).toBe(404);
    const badEvent = await post('2.2', 'type=REJECT&reason=', { 'content-type': FORM });
    expect(badEvent.statusCode).toBe(400);
    expect(badEvent.body).toContain('理由：请填写');
  });
});
