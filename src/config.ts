/**
 * Configuration from the environment, parsed once with zod: a wrong value fails at start with the variable's
 * name. The same variables serve the embedded dev stack and a production cluster (docker-compose, Temporal Cloud).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from './temporal/names';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalPath = z.string().min(1).optional();

export const EnvSchema = z.object({
  DUBAN_DATA_DIR: z.string().min(1).default('.data'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  /** mTLS (self-hosted or Temporal Cloud): client certificate, key and optional server CA, as file paths. */
  TEMPORAL_TLS_CERT: optionalPath,
  TEMPORAL_TLS_KEY: optionalPath,
  TEMPORAL_TLS_CA: optionalPath,
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  /** Temporal Cloud API key (implies TLS). */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  /** The HTTP API's port. */
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** "dev": `duban token` prints tokens signed with a local secret; "production": tokens file only. */
  DUBAN_MODE: z.enum(['dev', 'production']).default('dev'),
  DUBAN_TOKENS_FILE: optionalPath,
  /** The workbench's address as people reach it (links in notices); dev mode defaults to the API's own address. */
  DUBAN_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DUBAN_CONTACTS_FILE: optionalPath,
  /** Extra days off and days worked for the working-day calendar (src/importer/calendar-file.ts). */
  DUBAN_CALENDAR_FILE: optionalPath,
  /** A workflow bundle built by `npm run build` (production workers skip bundling at start). */
  DUBAN_WORKFLOW_BUNDLE: optionalPath,
  /**
   * Measures wake rarely (a timer days away, a person's event), so a small cache costs a short replay now and then
   * and bounds a worker's memory; the SDK's own default grows with the heap (about 2,300 with a 4 GB heap, several
   * GB of RSS). 250 is what `npm run bench` measures.
   */
  DUBAN_WORKER_MAX_CACHED_WORKFLOWS: positiveInt.default(250),
  DUBAN_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.optional(),
  DUBAN_WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.optional(),
  /** Stack frames captured in workflow code (src/worker/stack-frames.ts; 5 by default, V8's own default is 10). */
  DUBAN_WORKFLOW_STACK_FRAMES: positiveInt.max(100).optional(),
  /**
   * 佐证材料 (evidence files): a folder (default `<dataDir>/evidence`), or an S3-compatible bucket when
   * DUBAN_EVIDENCE_S3_BUCKET is set. Without the access key pair the SDK's default credential chain is used.
   */
  DUBAN_EVIDENCE_DIR: optionalPath,
  DUBAN_EVIDENCE_S3_BUCKET: z.string().min(3).max(63).optional(),
  DUBAN_EVIDENCE_S3_ENDPOINT: z.url().optional(),
  DUBAN_EVIDENCE_S3_REGION: z.string().min(1).default('us-east-1'),
  DUBAN_EVIDENCE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  DUBAN_EVIDENCE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs: what MinIO and most self-hosted servers need; "false" for virtual-hosted buckets. */
  DUBAN_EVIDENCE_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  DUBAN_EVIDENCE_S3_PREFIX: z.string().max(200).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid configuration in the environment:\n${problems}`);
  }
  const e = parsed.data;
  if ((e.TEMPORAL_TLS_CERT === undefined) !== (e.TEMPORAL_TLS_KEY === undefined)) {
    throw new Error('Invalid configuration: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be given together');
  }
  if ((e.DUBAN_EVIDENCE_S3_ACCESS_KEY_ID === undefined) !== (e.DUBAN_EVIDENCE_S3_SECRET_ACCESS_KEY === undefined)) {
    throw new Error(
      'Invalid configuration: DUBAN_EVIDENCE_S3_ACCESS_KEY_ID and DUBAN_EVIDENCE_S3_SECRET_ACCESS_KEY must be given together',
    );
  }
  const dataDir = path.resolve(e.DUBAN_DATA_DIR);
  return {
    dataDir,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS_CERT
        ? {
            cert: e.TEMPORAL_TLS_CERT,
            key: e.TEMPORAL_TLS_KEY!,
            ca: e.TEMPORAL_TLS_CA,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      apiKey: e.TEMPORAL_API_KEY,
      uiPort: e.TEMPORAL_UI_PORT,
    },
    api: { port: e.PORT, host: e.HOST },
    mode: e.DUBAN_MODE,
    publicUrl: e.DUBAN_PUBLIC_URL ?? (e.DUBAN_MODE === 'dev' ? `http://${e.HOST}:${e.PORT}` : undefined),
    tokensFile: e.DUBAN_TOKENS_FILE ?? path.join(dataDir, 'tokens.json'),
    contactsFile: e.DUBAN_CONTACTS_FILE ?? defaultContactsFile(dataDir),
    calendarFile: e.DUBAN_CALENDAR_FILE ?? defaultDataFile(dataDir, 'calendar'),
    worker: {
      bundlePath: e.DUBAN_WORKFLOW_BUNDLE,
      maxCachedWorkflows: e.DUBAN_WORKER_MAX_CACHED_WORKFLOWS,
      maxConcurrentWorkflowTaskExecutions: e.DUBAN_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      maxConcurrentActivityTaskExecutions: e.DUBAN_WORKER_MAX_CONCURRENT_ACTIVITIES,
      stackFrames: e.DUBAN_WORKFLOW_STACK_FRAMES,
    },
    evidence: e.DUBAN_EVIDENCE_S3_BUCKET
      ? {
          kind: 's3' as const,
          bucket: e.DUBAN_EVIDENCE_S3_BUCKET,
          endpoint: e.DUBAN_EVIDENCE_S3_ENDPOINT,
          region: e.DUBAN_EVIDENCE_S3_REGION,
          credentials: e.DUBAN_EVIDENCE_S3_ACCESS_KEY_ID
            ? {
                accessKeyId: e.DUBAN_EVIDENCE_S3_ACCESS_KEY_ID,
                secretAccessKey: e.DUBAN_EVIDENCE_S3_SECRET_ACCESS_KEY!,
              }
            : undefined,
          forcePathStyle: e.DUBAN_EVIDENCE_S3_FORCE_PATH_STYLE,
          prefix: e.DUBAN_EVIDENCE_S3_PREFIX,
        }
      : { kind: 'folder' as const, dir: path.resolve(e.DUBAN_EVIDENCE_DIR ?? path.join(dataDir, 'evidence')) },
    logLevel: e.LOG_LEVEL,
  };
}

/** `contacts.json`, `contacts.yaml` or `contacts.yml` in the data folder, whichever exists (JSON when none does). */
function defaultContactsFile(dataDir: string): string {
  return defaultDataFile(dataDir, 'contacts');
}

/** `<base>.json`, `<base>.yaml` or `<base>.yml` in the data folder, whichever exists (JSON when none does). */
function defaultDataFile(dataDir: string, base: string): string {
  const names = ['json', 'yaml', 'yml'].map((ext) => path.join(dataDir, `${base}.${ext}`));
  return names.find((file) => existsSync(file)) ?? names[0]!;
}
