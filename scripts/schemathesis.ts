/**
 * `npm run test:schemathesis`: Schemathesis (a property-based API tester, from PyPI) against the API's own
 * /api/openapi.json, on the embedded stack `npm start` runs (a fresh data dir, free ports, the seed imported).
 * Every documented operation is called with generated valid and invalid input as a department, a leader and the
 * supervision group; every check but `positive_data_acceptance` must hold (that one expects every schema-valid
 * request to succeed, while page tokens are opaque and plan documents are judged by the importer, not by a schema).
 * Schemathesis is installed once into a virtualenv under ~/.cache/duban, pinned; a fixed seed makes runs repeatable
 * (DUBAN_SCHEMATHESIS_SEED to explore others). Prints one "[hostile figures] schemathesis" line per actor.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { devToken } from '../src/auth/tokens';
import { freePort } from '../src/temporal/ports';

const VERSION = '4.32.5';
const ROOT = path.resolve(__dirname, '..');
const VENV = path.join(homedir(), '.cache', 'duban', `schemathesis-${VERSION}`);
const BIN = path.join(VENV, 'bin', 'schemathesis');
const SEED = process.env.DUBAN_SCHEMATHESIS_SEED ?? '20261201';
const ACTORS = ['dept:自然资源规划建设局', 'leader:赵文良', 'supervisor'];

function install(): void {
  if (existsSync(BIN)) return;
  console.log(`installing schemathesis ${VERSION} into ${VENV}`);
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', `schemathesis==${VERSION}`], { stdio: 'inherit' });
}

async function main(): Promise<number> {
  install();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-schemathesis-'));
  const [temporalPort, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const dev = spawn(process.execPath, [path.join(ROOT, 'bin', 'duban.js'), 'dev'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DUBAN_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_UI_PORT: String(uiPort),
      PORT: String(apiPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`duban dev was not ready within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('duban is running.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    dev.stdout.on('data', onData);
    dev.stderr.on('data', onData);
    dev.once('exit', (code) => reject(new Error(`duban dev exited (${code}) before it was ready:\n${output}`)));
  });
  let failed = 0;
  try {
    for (const actor of ACTORS) {
      const run = spawnSync(
        BIN,
        [
          'run',
          `http://127.0.0.1:${apiPort}/api/openapi.json`,
          '--header',
          `Authorization: Bearer ${devToken(actor, dataDir)}`,
          '--checks',
          'all',
          '--exclude-checks',
          'positive_data_acceptance',
          '--max-examples',
          process.env.DUBAN_SCHEMATHESIS_EXAMPLES ?? '25',
          '--seed',
          SEED,
          '--generation-deterministic',
          '--no-color',
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const text = `${run.stdout}${run.stderr}`;
      const cases = /(\d+) generated/.exec(text)?.[1] ?? '?';
      const failures = /(\d+) unique failures?/.exec(text)?.[1] ?? (run.status === 0 ? '0' : '?');
      console.log(`[hostile figures] schemathesis as ${actor}: cases=${cases} failures=${failures} exit=${run.status}`);
      if (run.status !== 0) {
        failed += 1;
        console.log(text);
      }
    }
  } finally {
    dev.kill('SIGINT');
    await new Promise((resolve) => (dev.exitCode !== null ? resolve(null) : dev.once('exit', resolve)));
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
