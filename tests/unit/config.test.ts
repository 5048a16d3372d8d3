// The environment → Config boundary: defaults a fresh deployment gets, overrides, and errors that name the variable.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('bounds the workflow cache by default and leaves the task limits to the SDK', () => {
    const { worker, temporal } = loadConfig({});
    expect(worker).toMatchObject({ maxCachedWorkflows: 250 });
    expect(worker.maxConcurrentWorkflowTaskExecutions).toBeUndefined();
    expect(temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default' });
  });

  it('takes tuning from the environment', () => {
    const { worker } = loadConfig({
      DUBAN_WORKER_MAX_CACHED_WORKFLOWS: '1000',
      DUBAN_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
      DUBAN_WORKFLOW_STACK_FRAMES: '10',
    });
    expect(worker).toMatchObject({
      maxCachedWorkflows: 1000,
      maxConcurrentWorkflowTaskExecutions: 20,
      stackFrames: 10,
    });
    expect(loadConfig({}).worker.stackFrames).toBeUndefined(); // the worker's own default (5) applies
    expect(() => loadConfig({ DUBAN_WORKFLOW_STACK_FRAMES: '0' })).toThrow(/DUBAN_WORKFLOW_STACK_FRAMES/);
  });

  it('links notices to the workbench: DUBAN_PUBLIC_URL, else the API’s own address in dev mode only', () => {
    expect(loadConfig({ PORT: '3100' }).publicUrl).toBe('http://127.0.0.1:3100');
    expect(loadConfig({ DUBAN_MODE: 'production' }).publicUrl).toBeUndefined();
    expect(loadConfig({ DUBAN_MODE: 'production', DUBAN_PUBLIC_URL: 'https://duban.example.gov.cn/' }).publicUrl).toBe(
      'https://duban.example.gov.cn/',
    );
    expect(() => loadConfig({ DUBAN_PUBLIC_URL: 'duban.example.gov.cn' })).toThrow(/DUBAN_PUBLIC_URL/);
    expect(() => loadConfig({ DUBAN_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/DUBAN_PUBLIC_URL/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ DUBAN_WORKER_MAX_CACHED_WORKFLOWS: 'lots' })).toThrow(
      /DUBAN_WORKER_MAX_CACHED_WORKFLOWS/,
    );
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/run/cert.pem' })).toThrow(/TEMPORAL_TLS_KEY/);
  });
});
