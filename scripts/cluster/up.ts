/**
 * `npm run cluster:up`: the cluster test suite's cluster, by hand — PostgreSQL, temporal-server, two duban workers
 * and the API in production mode, all on loopback in a temporary folder — until Ctrl-C, which stops everything and
 * removes the folder (DUBAN_CLUSTER_KEEP=1 keeps it, logs included). Prints how to reach it.
 */
import { startCluster, stopCluster } from './cluster';

async function main() {
  const cluster = await startCluster({ workers: Number(process.env.DUBAN_CLUSTER_WORKERS ?? 2) });
  const stop = () => {
    console.error('stopping the cluster…');
    stopCluster(cluster.root, { keep: process.env.DUBAN_CLUSTER_KEEP === '1' });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // The cluster's processes hold nothing in this event loop, so without this the command returned at once: Ctrl-C
  // then reached no handler, nothing removed the folder, and the next cluster run reaped the cluster as stale (its
  // owner, this process, was gone).
  setInterval(() => undefined, 2 ** 30);
  console.log(
    [
      `API:       ${cluster.apiUrl}  (coordinator token: ${cluster.tokens.coordinator})`,
      `Temporal:  ${cluster.temporalAddress}  namespace ${cluster.namespace}, task queue ${cluster.taskQueue}`,
      `Data:      ${cluster.dataDir}  (outbox.jsonl)`,
      `Tokens:    DUBAN_TOKENS_FILE=${cluster.tokensFile} DUBAN_MODE=production node bin/duban.js token <actor> --add`,
      `CLI:       TEMPORAL_ADDRESS=${cluster.temporalAddress} node bin/duban.js list`,
      `Logs:      ${cluster.root}/logs`,
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
