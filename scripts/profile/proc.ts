/** What the CPU-reading profile scripts share: a process's CPU time from /proc, and running a script's main. */
import { execFileSync } from 'node:child_process';
import { procStat } from '../../bench/memory-phase';

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** User + system CPU time of `pid` so far, in ms (Linux). */
export function cpuMsOf(pid: number): number {
  return procStat(pid).cpuTicks * TICK_MS;
}

/** Runs a script's main and exits with its outcome (the stack's child processes would keep it alive). */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
