/**
 * The browser tests' shared pieces: Debian's chromium through playwright-core (nothing downloaded), screenshots into
 * the run's folder (and docs/screenshots with DUBAN_README_SCREENSHOTS=1), axe-core's WCAG A/AA check, and the dev
 * sign-in by the actor's button.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = process.env.DUBAN_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** A full-page screenshot `<dir>/<name>.png`; `readme`: also docs/screenshots when DUBAN_README_SCREENSHOTS=1. */
export async function shot(page: Page, dir: string, name: string, readme = false): Promise<void> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (readme && process.env.DUBAN_README_SCREENSHOTS === '1') {
    mkdirSync(path.join(ROOT, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(file, path.join(ROOT, 'docs', 'screenshots', `${name}.png`));
  }
}

/** Runs axe-core in the page (WCAG 2.x A and AA rules); the violations as "rule: targets". */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  return page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
}

/**
 * Signs `who` in through the dev picker, starting from `landing` (a page without a session goes to the sign-in
 * first, and comes back after it).
 */
export async function signInAs(context: BrowserContext, base: string, who: string, landing: string): Promise<Page> {
  await context.clearCookies();
  const page = await context.newPage();
  await page.goto(`${base}${landing}`);
  if (!page.url().includes('/app/login')) throw new Error(`expected the sign-in page, got ${page.url()}`);
  // The picker lists departments from visibility (cached briefly): a new department shows up after a reload.
  const button = page.getByRole('button', { name: who, exact: true });
  for (let i = 0; (await button.count()) === 0 && i < 60; i++) {
    await page.waitForTimeout(1000);
    await page.reload();
  }
  await button.click();
  await page.waitForURL(`${base}${landing}`);
  return page;
}
