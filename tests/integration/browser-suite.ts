/**
 * What every browser test file opens first: a test env on the shared Temporal server, its screenshots folder, the
 * measure service, the API (workbench included) on a loopback port, and Debian's chromium with a desktop-sized
 * Chinese context. `close()` ends them in reverse.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { MeasureService } from '../../src/service/measures';
import { launchChromium } from '../support/browser';
import { serveApi, testEnv, type TestEnv } from './harness';

export interface BrowserSuite {
  env: TestEnv;
  service: MeasureService;
  api: Awaited<ReturnType<typeof serveApi>>;
  base: string;
  browser: Browser;
  desktop: BrowserContext;
  shots: string;
  close(): Promise<void>;
}

export async function openBrowserSuite(): Promise<BrowserSuite> {
  const env = await testEnv();
  const shots = path.join(env.dataDir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  const api = await serveApi(env);
  const browser = await launchChromium();
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  return {
    env,
    service: new MeasureService(env.client),
    api,
    base: api.base,
    browser,
    desktop,
    shots,
    async close() {
      await browser.close();
      await api.close();
      await env.close();
    },
  };
}
