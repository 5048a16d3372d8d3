/** One place that turns configuration into a Temporal connection and client (plain, mTLS or Temporal Cloud API key). */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

export type TemporalSettings = Config['temporal'];

export function connectionOptions(t: Pick<TemporalSettings, 'address' | 'tls' | 'apiKey'>) {
  const tls = t.tls
    ? {
        serverNameOverride: t.tls.serverName,
        serverRootCACertificate: t.tls.ca ? readFileSync(t.tls.ca) : undefined,
        clientCertPair: { crt: readFileSync(t.tls.cert), key: readFileSync(t.tls.key) },
      }
    : t.apiKey
      ? true
      : undefined;
  return { address: t.address, tls, apiKey: t.apiKey };
}

export async function connectClient(t: Pick<TemporalSettings, 'address' | 'tls' | 'apiKey' | 'namespace'>) {
  const connection = await Connection.connect({ ...connectionOptions(t), connectTimeout: '5s' });
  return { connection, client: new Client({ connection, namespace: t.namespace }) };
}
