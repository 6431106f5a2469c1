import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeClient, KubeObject } from '../kube/client.ts';
import { KubeApiError } from '../errors.ts';
import { allCrds } from './definitions.ts';

/**
 * Applies both CRDs and resolves once the apiserver serves them. Helm installs them in a cluster;
 * tests, the benchmark and a bare `npm start` against a fresh cluster use this.
 */
export async function installCrds(client: KubeClient, timeoutMs = 60_000): Promise<void> {
  const crds = allCrds().map(({ crd }) => crd);
  for (const crd of crds) await client.apply(crd as unknown as KubeObject);
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const live = await client.get<{
        status?: { conditions?: { type: string; status: string }[] };
      }>('CustomResourceDefinition', undefined, crd.metadata.name);
      if (live?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        break;
      if (Date.now() > deadline) {
        throw KubeApiError('WAIT', crd.metadata.name, 'CRD not established in time', { status: 0 });
      }
      await sleep(200);
    }
  }
}
