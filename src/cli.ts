/**
 * The `duban` command line. Each command is a thin adapter: arguments are validated with zod, the work is done by
 * the same service layer and importer the HTTP API uses, and errors exit non-zero with a sentence a person can act on.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from './config';
import { DubanError, EXIT_CODE } from './service/errors';
import type { MeasureService } from './service/measures';
import { connectClient } from './temporal/connection';
import { STATES } from './measure';
import { LightSchema, PersonEventTypes } from './domain/events';
import { parseOptions } from './commands/options';
import { MeasureFilterSchema } from './temporal/visibility-query';
import { SCOREBOARD_BY, type ScoreboardBy } from './reports/scoreboard';
import type { BulkAction } from './service/bulk';

// Each command loads only what it runs: a `duban worker` process then never holds the API (Fastify), the Excel
// writer, the importer or the benchmark in memory, and every command starts faster. (require, not import():
// under tsx's CommonJS hook a dynamic import() would go through Node's ESM loader, which cannot load .ts.)
/* eslint-disable @typescript-eslint/no-require-imports */
const load = {
  measures: () => require('./service/measures') as typeof import('./service/measures'),
  evidence: () => require('./evidence/create') as typeof import('./evidence/create'),
  dev: () => require('./commands/dev-command') as typeof import('./commands/dev-command'),
  worker: () => require('./worker/from-config') as typeof import('./worker/from-config'),
  api: () => require('./api/server') as typeof import('./api/server'),
  token: () => require('./commands/token-command') as typeof import('./commands/token-command'),
  importer: () => require('./commands/import-command') as typeof import('./commands/import-command'),
  plans: () => require('./service/plans') as typeof import('./service/plans'),
  planCommand: () => require('./commands/plan-command') as typeof import('./commands/plan-command'),
  measureCommands: () => require('./commands/measure-commands') as typeof import('./commands/measure-commands'),
  bulk: () => require('./commands/bulk-command') as typeof import('./commands/bulk-command'),
  reports: () => require('./commands/report-command') as typeof import('./commands/report-command'),
  calendarFile: () => require('./importer/calendar-file') as typeof import('./importer/calendar-file'),
  bulletin: () => require('./reports/bulletin-download') as typeof import('./reports/bulletin-download'),
  bulletinCommand: () => require('./commands/bulletin-command') as typeof import('./commands/bulletin-command'),
  bundle: () => require('./worker/bundle') as typeof import('./worker/bundle'),
  bench: () => require('../bench/bench') as typeof import('../bench/bench'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every subcommand (docker-compose and the docs are checked against this list). */
export const COMMANDS = [
  'dev',
  'worker',
  'api',
  'import',
  'plan',
  'status',
  'event',
  'list',
  'bulk',
  'token',
  'report',
  'ledger',
  'bulletin',
  'bundle',
  'bench',
] as const;

async function withService<T>(config: Config, fn: (service: MeasureService) => Promise<T>): Promise<T> {
  const { client, connection } = await connectOrExplain(config);
  try {
    const { MeasureService } = load.measures();
    return await fn(new MeasureService(client, undefined, load.evidence().createEvidenceStore(config)));
  } finally {
    await connection.close();
  }
}

async function connectOrExplain(config: Config) {
  try {
    return await connectClient(config.temporal);
  } catch (err) {
    throw new DubanError(
      'unavailable',
      `cannot reach Temporal at ${config.temporal.address} (${(err as Error).message}). Is \`npm start\` running, or TEMPORAL_ADDRESS set?`,
    );
  }
}

export function buildProgram(config: () => Config = () => loadConfig()): Command {
  const program = new Command('duban')
    .description('督办 — rectification plans as durable, self-escalating Temporal workflows')
    .showHelpAfterError();

  program
    .command('dev')
    .description('the embedded stack: Temporal dev server (SQLite) + Web UI, worker, HTTP API, seeds imported')
    .option('--no-seeds', 'do not import the plans in seeds/')
    .action(async (opts: { seeds: boolean }) => {
      const { runDev } = load.dev();
      await runDev(config(), { seeds: opts.seeds });
    });

  program
    .command('worker')
    .description('run a worker on the task queue (scale out by running more)')
    .action(async () => {
      const { runWorker } = load.worker();
      await runWorker(config());
    });

  program
    .command('api')
    .description('run the HTTP API')
    .action(async () => {
      const { runApiServer } = load.api();
      await runApiServer(config());
    });

  program
    .command('import <file>')
    .description('import a plan (Chinese document, JSON or YAML) and start one workflow per measure')
    .option('--plan-id <id>', 'plan id (slug); derived from the file name otherwise')
    .option('--plan <id>', 'the same as --plan-id')
    .option('--deadline <YYYY-MM-DD>', 'plan-wide deadline for measures without their own 时限')
    .option('--dry-run', 'parse and show the plan; start nothing')
    .option('--apply', 'a plan imported already: apply the difference (amend, start, cancel); otherwise only print it')
    .option('--json', 'machine-readable output')
    .option('--review <file.yaml>', 'write what was read as an editable YAML plan, doubts as comments; start nothing')
    .action(async (file: string, opts: { planId?: string; deadline?: string; dryRun?: boolean; json?: boolean }) => {
      const cfg = config();
      const { importCommand } = load.importer();
      await importCommand(
        async () => {
          const { client } = await connectOrExplain(cfg);
          return { client, taskQueue: cfg.temporal.taskQueue };
        },
        { file, ...opts },
        cfg.calendarFile,
      );
    });

  const plan = program.command('plan').description('a plan’s record: what was imported, and every revision');
  plan
    .command('show <planId>')
    .description('the plan as recorded: title, issuer, date, supervision group, source, revisions')
    .option('--json', 'machine-readable output')
    .action(async (planId: string, opts: { json?: boolean }) => {
      const { planShowCommand } = load.planCommand();
      const { PlanService } = load.plans();
      const { client, connection } = await connectOrExplain(config());
      try {
        await planShowCommand(new PlanService(client), { planId, ...opts });
      } finally {
        await connection.close();
      }
    });

  program
    .command('status <measure>')
    .description('one measure: <planId>/<measureId> or its workflow id duban/<planId>/<measureId>')
    .option('--json', 'machine-readable output')
    .action(async (ref: string, opts: { json?: boolean }) => {
      const { statusCommand } = load.measureCommands();
      await withService(config(), (service) => statusCommand(service, ref, opts));
    });

  program
    .command('event <workflowId> <EVENT>')
    .description(`send an event (${PersonEventTypes.join(', ')}); VERIFY takes {"grade": "优秀" | "良好" | "合格"}`)
    .requiredOption('--as <actor>', "who sends it: 'dept:<部门>', 'leader:<姓名>', supervisor, coordinator")
    .option('--data <json>', 'the payload, e.g. \'{"percent": 60, "note": "方案已起草"}\'')
    .option('--json', 'machine-readable output')
    .option(
      '--key <idempotency-key>',
      'send it idempotently: the same key again learns the outcome, never applies twice',
    )
    .option('--timeout <seconds>', 'how long to wait for the measure to answer (default 30)')
    .option('--operator', 'in production mode: acknowledge acting as --as with Temporal access, not a person’s token')
    .option(
      '--attach <file>',
      'upload a file as 佐证材料 and attach it (REPORT_PROGRESS, SUBMIT; repeatable)',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option(
      '--part <title|unit|YYYY-MM-DD>',
      'SPLIT (分解): one part for a unit, its due date optional (repeatable)',
      (part: string, parts: string[]) => [...parts, part],
      [] as string[],
    )
    .action(
      async (
        ref: string,
        type: string,
        opts: {
          as: string;
          data?: string;
          json?: boolean;
          key?: string;
          timeout?: string;
          operator?: boolean;
          attach: string[];
          part: string[];
        },
      ) => {
        const { eventCommand } = load.measureCommands();
        const settings = config();
        await withService(settings, (service) =>
          eventCommand(service, ref, type, { ...opts, production: settings.mode === 'production' }),
        );
      },
    );

  program
    .command('list')
    .description('list measures from Temporal visibility')
    .option('--plan <id>')
    .addOption(new Option('--state <state>').choices(STATES))
    .addOption(new Option('--light <light>').choices(LightSchema.options))
    .option('--lead <牵头部门>')
    .option('--leader <责任领导>')
    .option('--parent <workflowId>', '分解: the parts of this measure (duban/<planId>/<measureId>)')
    .option('--json', 'machine-readable output')
    .action(async ({ json, ...filters }: Record<string, string | boolean | undefined>) => {
      const filter = parseOptions(MeasureFilterSchema, filters); // bad options fail before any connection
      const { listCommand } = load.measureCommands();
      await withService(config(), (service) => listCommand(service, filter, Boolean(json)));
    });

  program
    .command('bulk')
    .description('one action on every measure a filter matches (supervision group / coordinator): see --help')
    .argument('<action>', 'extend (直接延期), remind (催办 now), reassign (改派) or cancel (撤销)')
    .option('--plan <id>')
    .option('--indicator <code>')
    .option('--lead <牵头部门>')
    .addOption(new Option('--light <light>').choices(['green', 'yellow', 'red']))
    .addOption(new Option('--state <state>').choices(STATES))
    .option('--as <actor>', 'supervisor or coordinator', 'supervisor')
    .option('--due <YYYY-MM-DD>', 'extend: the new due date (end of that day, Beijing time) or an instant')
    .option('--reason <text>', 'extend, reassign, cancel: why')
    .option('--note <text>', 'remind: what the 催办 says')
    .option('--to-lead <units>', 'reassign: the new 牵头部门, 、-separated')
    .option('--to-support <units>', 'reassign: the new 配合部门, 、-separated ("" for none)')
    .option('--dry-run', 'list what would change and what would be refused; send nothing')
    .option('--key <idempotency-key>', 'run it idempotently: the same key again learns each measure’s outcome')
    .option('--json', 'machine-readable output')
    .action(async (action: string, opts: Record<string, string | boolean | undefined>) => {
      const { plan, indicator, lead, light, state, ...rest } = opts;
      const filter = parseOptions(MeasureFilterSchema, { plan, indicator, lead, light, state });
      if (!['extend', 'remind', 'reassign', 'cancel'].includes(action)) {
        throw new DubanError('bad_request', `<action>: one of extend, remind, reassign, cancel (not "${action}")`);
      }
      const { bulkCommand } = load.bulk();
      await withService(config(), (service) =>
        bulkCommand(service, action as BulkAction, filter, rest as unknown as Parameters<typeof bulkCommand>[3]),
      );
    });

  program
    .command('token <actor>')
    .description("print a working API bearer token for an actor, e.g. duban token 'dept:自然资源规划建设局'")
    .option('--add', 'production: create a new token and store its hash in the tokens file (DUBAN_TOKENS_FILE)')
    .option('--note <text>', 'with --add: who the token is for')
    .action((actor: string, opts: { add?: boolean; note?: string }) => {
      const { tokenCommand } = load.token();
      tokenCommand(config(), actor, opts);
    });

  program
    .command('report')
    .description(
      'the scoreboard (考核统计): score, rank, timeliness, rejections and grades per department, indicator or leader',
    )
    .option('--plan <id>')
    .addOption(new Option('--by <what>', 'one row per').choices(SCOREBOARD_BY).default('department'))
    .option('--json', 'machine-readable output')
    .action(async (opts: { plan?: string; json?: boolean; by: ScoreboardBy }) => {
      const filter = parseOptions(MeasureFilterSchema, { plan: opts.plan });
      const cfg = config();
      const { reportCommand } = load.reports();
      const { loadCalendarFile } = load.calendarFile();
      const calendar = loadCalendarFile(cfg.calendarFile);
      await withService(cfg, (service) =>
        reportCommand(service, filter, { json: Boolean(opts.json), by: opts.by, calendar }),
      );
    });

  program
    .command('ledger')
    .description('export the 台账 (one row per 整改措施) as an Excel workbook')
    .requiredOption('--out <file.xlsx>', 'where to write it')
    .option('--plan <id>', 'only this plan')
    .option('--force', 'replace the --out file if it exists')
    .action(async (opts: { out: string; plan?: string; force?: boolean }) => {
      const filter = parseOptions(MeasureFilterSchema, { plan: opts.plan });
      if (!/\.xlsx$/i.test(opts.out)) {
        throw new DubanError('bad_request', `--out: the ledger is an Excel file, e.g. --out 台账.xlsx`);
      }
      const { ledgerCommand } = load.reports();
      await withService(config(), (service) => ledgerCommand(service, filter, opts.out, Boolean(opts.force)));
    });

  program
    .command('bulletin')
    .description('write the 督办通报 of a plan for a period as a Word document (.docx)')
    .requiredOption('--plan <id>', 'the plan')
    .requiredOption('--since <YYYY-MM-DD>', 'first day of the period (Beijing time)')
    .option('--until <YYYY-MM-DD>', 'last day of the period (default: today)')
    .requiredOption('--out <file.docx>', 'where to write it')
    .option('--force', 'replace the --out file if it exists')
    .action(async (opts: { plan: string; since: string; until?: string; out: string; force?: boolean }) => {
      const { BulletinQuerySchema } = load.bulletin();
      const query = parseOptions(BulletinQuerySchema, { plan: opts.plan, since: opts.since, until: opts.until });
      if (!/\.docx$/i.test(opts.out)) {
        throw new DubanError('bad_request', `--out: the bulletin is a Word file, e.g. --out 通报.docx`);
      }
      const cfg = config();
      const { bulletinCommand } = load.bulletinCommand();
      const calendar = load.calendarFile().loadCalendarFile(cfg.calendarFile);
      await withService(cfg, (service) =>
        bulletinCommand(service, query, { out: opts.out, force: Boolean(opts.force), calendar }),
      );
    });

  program
    .command('bundle')
    .description('pre-build the workflow bundle for production workers (DUBAN_WORKFLOW_BUNDLE)')
    .option('--out <file>', 'where to write it', path.join('dist', 'workflow-bundle.js'))
    .action(async (opts: { out: string }) => {
      const { buildWorkflowBundle } = load.bundle();
      const code = await buildWorkflowBundle();
      mkdirSync(path.dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, code);
      console.log(`workflow bundle: ${opts.out} (${Math.round(code.length / 1024)} KiB)`);
    });

  program
    .command('bench')
    .description('benchmark duban against raw Temporal SDK calls in the same run (about 4 minutes at the default size)')
    .option('--size <n>', 'measures: a number, "default" (1000) or "smoke"', 'default')
    .option('--json', 'one JSON object; ratios are the keys ending in "Ratio"')
    .option(
      '--temporal <host:port>',
      'an existing Temporal server for both sides (e.g. npm run cluster:up) instead of a dev server',
    )
    .option('--namespace <name>', 'its namespace, with duban’s search attributes registered', 'default')
    .action(async (opts: { size: string; json?: boolean; temporal?: string; namespace: string }) => {
      const { runBench } = load.bench();
      await runBench({ size: opts.size, json: opts.json, temporal: opts.temporal, namespace: opts.namespace });
    });

  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof DubanError) {
      if (!err.details.printed) console.error(`error: ${err.message}`);
      process.exitCode = EXIT_CODE[err.kind];
      return;
    }
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
