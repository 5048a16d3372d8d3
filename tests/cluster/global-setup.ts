/**
 * The cluster suite's one cluster (scripts/cluster/cluster.ts): a fresh PostgreSQL folder, so nothing leaks between
 * runs, temporal-server, two `duban worker` processes and `duban api` in production mode. Teardown kills every
 * process it or a test started (the pids file) and removes the folder, also after failures; DUBAN_CLUSTER_KEEP=1
 * keeps the folder and its logs.
 */
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startCluster, stopCluster, type ClusterSettings } from '../../scripts/cluster/cluster';
import { clusterContacts } from './contacts';

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterSettings;
  }
}

let root: string | undefined;
const stop = () => {
  if (root) stopCluster(root, { keep: process.env.DUBAN_CLUSTER_KEEP === '1' });
  root = undefined;
};

export async function setup(project: TestProject) {
  // Even when vitest itself is interrupted, nothing of the cluster outlives it.
  process.once('exit', stop);
  const cluster = await startCluster({ workers: 2, contacts: clusterContacts });
  root = cluster.root;
  project.provide('cluster', cluster);
}

export function teardown() {
  stop();
}
