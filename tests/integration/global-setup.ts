/**
 * Integration tests run against a real Temporal dev server (the official CLI, in memory, no UI) started once here,
 * and one workflow bundle built once and shared by every test worker.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { ensureTemporalCli } from '../../src/temporal/binary';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { buildWorkflowBundle } from '../../src/worker/bundle';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundle: string;
  }
}

let server: DevServer | undefined;

export async function setup(project: TestProject) {
  ensureTemporalCli();
  const [devServer, code] = await Promise.all([startDevServer({ uiPort: false }), buildWorkflowBundle()]);
  server = devServer;
  const bundlePath = path.join(mkdtempSync(path.join(tmpdir(), 'duban-bundle-')), 'workflows.js');
  writeFileSync(bundlePath, code);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundle', bundlePath);
}

export async function teardown() {
  await server?.stop();
}
