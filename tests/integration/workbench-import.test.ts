/**
 * The workbench's 导入方案 and 批量操作 in a real browser (playwright-core driving Debian's chromium, the real API
 * and the real Temporal dev server with a worker): the coordinator uploads a Word plan built here with `docx`, sees
 * its doubts in Chinese with the source line marked, corrects the lead departments in place and starts it — the
 * measures run with the corrected leads; a re-import with one deadline moved shows the amendment diff and applies
 * it only on 确认修订; the supervision group's bulk 延期 lists the measures in a dry run and the confirm extends
 * them (once); a department neither sees nor opens the bulk page; axe-core finds no WCAG A/AA violation on the new
 * pages. Also: an Excel task list reviewed on a phone without sideways scrolling, an unreadable upload refused in
 * Chinese, a review form of more fields than the workbench's other forms allow, a YAML plan file imported as it
 * stands. Screenshots go to <tmp>/duban-data-…/screenshots.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/tokens';
import { MeasureService } from '../../src/service/measures';
import { axeViolations, shot, signInAs } from '../support/browser';
import { uniquePlanId } from './fixtures';
import { openBrowserSuite, type BrowserSuite } from './browser-suite';
import { eventually, type TestEnv } from './harness';

// Names of this file's own: other test files share the Temporal server and its visibility.
const FIRST = '导入测试甲局';
const SECOND = '导入测试乙局';
const CORRECTED = '导入测试丙局';
const FILLED = '导入测试丁局';
const planId = uniquePlanId('wbdocx');
const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'plans');

/** The plan as a Word document: 1.2 names no lead (a doubt to settle), 1.3's lead is the one to correct. */
function planLines(opts: { filled?: boolean; firstDue?: string } = {}): string[] {
  return [
    '关于印发工作台导入测试整改方案的通知',
    '发布时间：2026-03-01',
    '一、整改任务',
    '（一）开办企业',
    '1．整改措施',
    `（1）压缩开办时间。推行开办企业“一日办结”。（牵头部门：${FIRST}。配合部门：${SECOND}。完成时限：${opts.firstDue ?? '2099年6月底前'}。）`,
    `（2）推行简易注销。扩大简易注销适用范围。${opts.filled ? `（牵头部门：${FILLED}。）` : ''}`,
    `（3）推行电子营业执照。实现电子营业执照跨部门应用。（牵头部门：${opts.filled ? CORRECTED : SECOND}。）`,
    '二、工作要求',
    '市纪委监委、市政府督查室要组成联合督导组，完成一个，验收一个，销号一个。各项整改工作务必要在2099年12月31日前高标准完成。',
  ];
}

async function docxFile(dir: string, name: string, lines: string[]): Promise<string> {
  const doc = new Document({
    sections: [{ children: lines.map((line) => new Paragraph({ children: [new TextRun(line)] })) }],
  });
  const file = path.join(dir, name);
  writeFileSync(file, await Packer.toBuffer(doc));
  return file;
}

let suite: BrowserSuite | undefined;
let env: TestEnv;
let service: MeasureService;
let base: string;
let browser: Browser;
let desktop: BrowserContext;
let shots: string;
const ref = (measureId: string) => ({ planId, measureId });

/** Uploads `file` on the import page with this file's plan id, and previews it. */
async function upload(page: Page, file: string) {
  await page.goto(`${base}/app/import`);
  await page.getByLabel('方案文件（Word').setInputFiles(file);
  await page.getByLabel('方案编号（选填').fill(planId);
  await page.getByRole('button', { name: '预览' }).click();
  await page.waitForLoadState();
}

beforeAll(async () => {
  suite = await openBrowserSuite();
  ({ env, service, base, browser, desktop, shots } = suite);
});

afterAll(async () => suite?.close());

describe('导入方案 and 批量操作 in chromium', () => {
  it('the coordinator uploads a Word plan, reads its doubts in Chinese, corrects the leads in place and starts it', async () => {
    const page = await signInAs(desktop, base, '统筹协调办公室', '/app/import');
    await upload(page, await docxFile(env.dataDir, 'plan.docx', planLines()));

    expect(await page.locator('h2', { hasText: '识别结果' }).innerText()).toContain('共 3 项措施');
    const doubts = await page.locator('ul.doubts').innerText();
    expect(doubts).toMatch(/须处理\s*第 7 行：措施 1\.2：没有找到牵头部门/);
    expect(doubts).not.toMatch(/lead department/);
    // The doubt's line is marked in the document text beside it, and its link leads there.
    expect(await page.locator('#L7 mark').innerText()).toContain('推行简易注销');
    expect(await page.locator('ol.source li.flagged').count()).toBe(1);
    expect(await page.locator('ul.doubts a').getAttribute('href')).toBe('#L7');
    // Prefilled with what was understood.
    expect(await page.locator('#m0-lead').inputValue()).toBe(FIRST);
    expect(await page.locator('#m0-support').inputValue()).toBe(SECOND);
    expect(await page.locator('#m0-dueAt').inputValue()).toBe('2099-06-30');
    expect(await page.locator('#m1-lead').inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, shots, 'import-review');

    // A lead left empty is refused by the browser; a bad date by the server, in Chinese, keeping the edits.
    await page.locator('#m2-lead').fill(CORRECTED);
    await page.locator('#m1-lead').fill(FILLED);
    // A date the date picker would not let through, as an old browser's text field sends it.
    await page.evaluate(`(() => {
      const el = document.getElementById('m1-dueAt');
      el.type = 'text';
      el.value = '2099/13/40';
    })()`);
    await page.getByRole('button', { name: '导入并启动' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').innerText()).toContain('有 1 处更正不符合要求');
    expect(await page.locator('#m1-dueAt-error').innerText()).toContain('完成时限：请填写日期');
    expect(await page.locator('#m2-lead').inputValue()).toBe(CORRECTED);
    await page.locator('#m1-dueAt').fill('');

    await page.getByRole('button', { name: '导入并启动' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toMatch(
      new RegExp(`方案 ${planId} 已导入：新启动 3 项，已在办理 0 项`),
    );
    expect((await service.get(ref('1.3'))).lead).toEqual([CORRECTED]);
    const filled = await service.get(ref('1.2'));
    expect(filled.lead).toEqual([FILLED]);
    expect(filled.dueAt).toBeNull();
    await page.locator(`a[href="/app/measures/${planId}/1.3"]`).click();
    expect(await page.locator('dl.facts').innerText()).toContain(CORRECTED);
    await page.close();
  });

  it('on a phone, an Excel task list is reviewed without sideways scrolling; an unreadable file is refused in Chinese', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
    const page = await signInAs(phone, base, '统筹协调办公室', '/app/import');
    await page.getByLabel('方案文件（Word').setInputFiles(path.join(FIXTURES, 'task-list.xlsx'));
    await page.getByRole('button', { name: '预览' }).click();
    await page.waitForLoadState();
    expect(await page.locator('h2', { hasText: '识别结果' }).innerText()).toMatch(/共 \d+ 项措施/);
    expect(await page.locator('ul.doubts').innerText()).toContain('没有找到联合督导组');
    expect(await page.locator('ol.source li').count()).toBeGreaterThan(3);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, shots, 'import-review-phone');

    await page.goto(`${base}/app/import`);
    await page.getByLabel('方案文件（Word').setInputFiles({
      name: '方案.docx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('这不是 Word 文档'),
    });
    await page.getByRole('button', { name: '预览' }).click();
    await page.waitForLoadState();
    const refusal = await page.getByRole('alert').innerText();
    expect(refusal).toContain('无法读取上传的文件或表单');
    expect(refusal).toContain('方案.docx');
    await phone.close();
  });

  it('takes a review form with more fields than the evidence forms allow (four per measure)', async () => {
    const cookie = `duban_session=${encodeURIComponent(devToken('coordinator', env.dataDir))}`;
    const form = new FormData();
    const id = uniquePlanId('wbmany');
    const fields: Record<string, string> = {
      source: readFileSync(path.join(FIXTURES, 'review-gaps.txt'), 'utf8'),
      planId: id,
      filename: 'review-gaps.txt',
      corrections: '1',
      action: 'start',
    };
    for (let k = 0; k < 4; k++)
      Object.assign(fields, { [`m${k}-lead`]: FIRST, [`m${k}-support`]: '', [`m${k}-leaders`]: '' });
    for (let k = 0; k < 4; k++) fields[`m${k}-dueAt`] = '2099-12-31';
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    expect(Object.keys(fields).length).toBeGreaterThan(20);
    const answer = await fetch(`${base}/app/import`, { method: 'POST', headers: { cookie }, body: form });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(`方案 ${id} 已导入：新启动 4 项`);
    expect((await service.get({ planId: id, measureId: '1.2' })).lead).toEqual([FIRST]);

    // Bodies the forms never send are a page saying so, never a 500.
    const post = (url: string, type: string, body: string) =>
      fetch(`${base}${url}`, { method: 'POST', headers: { cookie, 'content-type': type }, body });
    const torn = await post('/app/import', 'multipart/form-data; boundary=x', '--x\r\nContent-Disp');
    expect(torn.status).toBe(400);
    expect(await torn.text()).toContain('无法读取上传的文件或表单');
    const FORM = 'application/x-www-form-urlencoded';
    const bogus = await post('/app/bulk', FORM, `plan=${planId}&action=explode&step=confirm`);
    expect(bogus.status).toBe(400);
    expect(await bogus.text()).toContain('请选择操作');
    const everything = await post('/app/bulk', FORM, 'action=remind&step=confirm');
    expect(everything.status).toBe(400);
    expect(await everything.text()).toContain('请至少选择一个筛选条件');
  });

  it('previews a YAML plan file as it stands and imports it (a plan file is edited, not corrected here)', async () => {
    const page = await signInAs(desktop, base, '统筹协调办公室', '/app/import');
    const id = uniquePlanId('wbyaml');
    await page.getByLabel('方案文件（Word').setInputFiles(path.join(FIXTURES, 'demo-plan.yaml'));
    await page.getByLabel('方案编号（选填').fill(id);
    await page.getByRole('button', { name: '预览' }).click();
    await page.waitForLoadState();
    expect(await page.locator('h2', { hasText: '预览' }).innerText()).toMatch(/识别出 \d+ 项措施/);
    expect(await page.locator('input[name^="m0-"]').count()).toBe(0);
    await page.getByRole('button', { name: '导入并启动' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toMatch(new RegExp(`方案 ${id} 已导入：新启动 \\d+ 项`));
    await page.close();
  });

  it('a re-import with one deadline moved shows the difference and applies it only on 确认修订', async () => {
    const page = await signInAs(desktop, base, '统筹协调办公室', '/app/import');
    const revised = planLines({ filled: true, firstDue: '2099年9月底前' });
    await upload(page, await docxFile(env.dataDir, 'plan-revised.docx', revised));
    expect(await page.locator('section[aria-labelledby="doubts-h"]').innerText()).toContain('没有存疑之处');
    // 1.2 was imported 持续推进 (corrected), the revision gives it the plan deadline: leave it as imported.
    await page.locator('#m1-dueAt').fill('');
    await page.getByRole('button', { name: '导入并启动' }).click();
    await page.waitForLoadState();

    const diff = page.locator('section.amendment');
    expect(await diff.locator('h2').innerText()).toContain('新增 0 项，删除 0 项，变更 1 项，未变 2 项');
    expect(await diff.locator('table').first().innerText()).toMatch(/1\.1[\s\S]*完成时限\s*2099-06-30\s*2099-09-30/);
    // Nothing changed yet.
    expect((await service.get(ref('1.1'))).dueAt).toBe('2099-06-30T23:59:59+08:00');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, shots, 'import-amendment');

    await page.getByRole('button', { name: '确认修订' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toMatch(/已修订为第 2 版：已修订 1 项/);
    expect((await service.get(ref('1.1'))).dueAt).toBe('2099-09-30T23:59:59+08:00');
    expect((await service.get(ref('1.3'))).lead).toEqual([CORRECTED]);
    await page.close();
  });

  it('the supervision group extends a plan in bulk: a dry run lists the measures, the confirm extends them', async () => {
    await eventually(async () => (await service.listAll({ plan: planId })).length === 3);
    const page = await signInAs(desktop, base, '联合督导组', `/app/board?plan=${planId}`);
    expect(await page.getByRole('link', { name: '批量操作', exact: true }).getAttribute('href')).toBe('/app/bulk');
    // From the board, with its filter.
    await page.getByRole('link', { name: '对这些措施批量操作' }).click();
    await page.waitForURL(`${base}/app/bulk?plan=${planId}`);
    expect(await page.getByLabel('整改方案').inputValue()).toBe(planId);
    await page.getByLabel('批量操作', { exact: true }).selectOption('extend');
    await page.getByLabel('新的完成时限（延期）').fill('2100-03-31');
    await page.getByRole('button', { name: '试运行' }).click();
    await page.waitForLoadState();
    // Without a reason the events' own schema refuses, named in Chinese.
    expect(await page.getByRole('alert').innerText()).toContain('请填写：理由');
    await page.getByLabel('理由（延期、改派、撤销）').fill('统一延至下一年度');
    await page.getByRole('button', { name: '试运行' }).click();
    await page.waitForLoadState();

    // 1.2 runs without a deadline (持续推进, as corrected at import): it would refuse, and says why.
    expect(await page.getByRole('status').innerText()).toContain('试运行：符合条件 3 项，将办理 2 项，将被拒绝 1 项');
    const rows = await page.locator('section table tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split(/\s/)[1])).toEqual(['1.1', '1.2', '1.3']);
    expect(rows[0]).toMatch(/将办理[\s\S]*2099-09-30[\s\S]*2100-03-31/);
    expect(rows[1]).toContain('将被拒绝');
    expect(await page.locator('tr.would_be_refused small').innerText()).not.toBe('');
    expect(rows[2]).toMatch(/将办理[\s\S]*2100-03-31/);
    expect((await service.get(ref('1.1'))).dueAt).toBe('2099-09-30T23:59:59+08:00');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, shots, 'bulk-dry-run');

    await page.getByRole('button', { name: '确认执行' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toContain('已执行「延期」：成功 2 项，被拒绝 1 项');
    for (const id of ['1.1', '1.3']) {
      expect((await service.get(ref(id))).dueAt).toBe('2100-03-31T23:59:59+08:00');
    }
    expect((await service.get(ref('1.2'))).dueAt).toBeNull();
    // The same confirm posted again (a double click, a reload) changes nothing twice: the key makes it idempotent.
    const timeline = await service.timeline(ref('1.1'));
    await page.goBack();
    await page.getByRole('button', { name: '确认执行' }).click();
    await page.waitForLoadState();
    expect((await service.timeline(ref('1.1'))).length).toBe(timeline.length);
    await shot(page, shots, 'bulk-done');

    // 催办 of a cancelled measure would be refused, and the dry run says so for that one only.
    await service.send(ref('1.3'), 'coordinator', { type: 'CANCEL', reason: '并入1.1' });
    await page.goto(`${base}/app/bulk?plan=${planId}`);
    await page.getByLabel('批量操作', { exact: true }).selectOption('remind');
    await page.getByRole('button', { name: '试运行' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toContain('将办理 2 项，将被拒绝 1 项');
    expect(await page.locator('tr.would_be_refused').innerText()).toContain('1.3');

    // 改派 of the indicator's measures to another lead: the dry run shows the lead after.
    await page.goto(`${base}/app/bulk?plan=${planId}&indicator=1&state=assigned`);
    await page.getByLabel('批量操作', { exact: true }).selectOption('reassign');
    await page.getByLabel('新的牵头部门（改派').fill(CORRECTED);
    await page.getByLabel('理由（延期、改派、撤销）').fill('职责调整');
    await page.getByRole('button', { name: '试运行' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('status').innerText()).toContain('符合条件 2 项，将办理 2 项');
    const after = await page.locator('tr.would_change td:last-child').allInnerTexts();
    expect(after.every((t) => t.includes(`牵头 ${CORRECTED}`))).toBe(true);
    await page.close();
  });

  it('a department neither sees the bulk page in its navigation nor opens it', async () => {
    const page = await signInAs(desktop, base, FIRST, '/app/inbox');
    expect(await page.getByRole('link', { name: '批量操作' }).count()).toBe(0);
    const refused = await page.goto(`${base}/app/bulk`);
    expect(refused?.status()).toBe(403);
    expect(await page.getByRole('alert').innerText()).toContain('只有联合督导组和统筹协调办公室可以批量操作');
    const posted = await page.evaluate<number>(
      `fetch('/app/bulk', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'plan=${planId}&action=remind&step=confirm' }).then((r) => r.status)`,
    );
    expect(posted).toBe(403);
    await page.close();
  });
});
