/** `npm run temporal:install` and the first step of `npm test`: make sure the Temporal CLI is here. */
import { execFileSync } from 'node:child_process';
import { ensureTemporalCli } from '../src/temporal/binary';

const cli = ensureTemporalCli();
if (cli.path) {
  const version = execFileSync(cli.path, ['--version'], { encoding: 'utf8' }).trim();
  console.error(`Temporal CLI (${cli.source}): ${cli.path} — ${version}`);
}
