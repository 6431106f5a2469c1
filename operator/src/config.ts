import { hostname } from 'node:os';
import { KubeConfig } from '@kubernetes/client-node';
import { toPublicKey } from '@pteronimbus/sdk';
import type { KeyObject } from 'node:crypto';
import { OperatorConfigInvalid } from './errors.ts';
import { KubeClient } from './kube/client.ts';
import { DEFAULT_OPERATOR_IMAGE, SYSTEM_NAMESPACE } from './names.ts';
import {
  loadTenantSecurity,
  loadWorkloadSecurity,
  type TenantSecurity,
  type WorkloadSecurity,
} from './security.ts';

/** The Secret holding the operator's runtime config, written at install and by the join. */
export const CONFIG_SECRET = 'pteronimbus-operator';

/** The reconciler's share of the runtime config. */
export interface OperatorConfig {
  kubeConfig: KubeConfig;
  clusterId: string;
  publicKey: KeyObject;
  identity: string;
  namespace: string;
  httpPort: number;
  installCrds: boolean;
  /** The operator's own image (`PTERONIMBUS_OPERATOR_IMAGE`), for the config-file init step. */
  operatorImage: string;
  /** How tenant namespaces are fenced in: egress and Pod Security labels. */
  tenantSecurity: TenantSecurity;
  /** Runtime class and install deadline of game pods and install Jobs. */
  workloadSecurity: WorkloadSecurity;
  /** Every key of the config Secret, decoded, for the link's use (`coreUrl`, `credential`). */
  secret: Record<string, string>;
}

/** The kubeconfig at `KUBECONFIG`, or the pod's service account inside a cluster. */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (env.KUBECONFIG) kc.loadFromFile(env.KUBECONFIG);
    else kc.loadFromCluster();
    if (!kc.getCurrentCluster()) throw new TypeError('it names no current cluster');
    // An in-cluster config without the service environment has a server like `https://:`.
    new URL(kc.getCurrentCluster()?.server ?? '');
  } catch (err) {
    throw OperatorConfigInvalid(
      'KUBECONFIG',
      `${(err as Error).message} (unset, it means the pod's service account inside a cluster)`,
    );
  }
  return kc;
}

/**
 * Reads the config: environment variables first (`PTERONIMBUS_CLUSTER_ID`,
 * `PTERONIMBUS_CORE_SIGNING_KEY`), then the keys `clusterId` and `coreSigningKey` of the Secret
 * `pteronimbus-operator` in the operator's namespace. Fails naming the first missing setting.
 */
export async function loadOperatorConfig(
  env: NodeJS.ProcessEnv = process.env,
): Promise<OperatorConfig> {
  const kubeConfig = loadKubeConfig(env);
  // Checked before anything is read from the cluster: a bad setting stops start-up at once.
  const tenantSecurity = loadTenantSecurity(env);
  const workloadSecurity = loadWorkloadSecurity(env);
  const namespace = env.PTERONIMBUS_NAMESPACE ?? env.POD_NAMESPACE ?? SYSTEM_NAMESPACE;
  const client = new KubeClient(kubeConfig);
  let secret: Record<string, string>;
  try {
    const found = await client.get<{ data?: Record<string, string> }>(
      'Secret',
      namespace,
      CONFIG_SECRET,
    );
    secret = Object.fromEntries(
      Object.entries(found?.data ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v, 'base64').toString('utf8'),
      ]),
    );
  } finally {
    await client.close();
  }
  const clusterId = env.PTERONIMBUS_CLUSTER_ID ?? secret.clusterId;
  if (!clusterId)
    throw OperatorConfigInvalid(
      'PTERONIMBUS_CLUSTER_ID',
      `not set, and Secret ${CONFIG_SECRET} has no clusterId`,
    );
  const keyText = env.PTERONIMBUS_CORE_SIGNING_KEY ?? secret.coreSigningKey;
  if (!keyText) {
    throw OperatorConfigInvalid(
      'PTERONIMBUS_CORE_SIGNING_KEY',
      `not set, and Secret ${CONFIG_SECRET} has no coreSigningKey`,
    );
  }
  let publicKey: KeyObject;
  try {
    publicKey = toPublicKey(keyText);
  } catch (err) {
    throw OperatorConfigInvalid('PTERONIMBUS_CORE_SIGNING_KEY', (err as Error).message);
  }
  const port = Number(env.PTERONIMBUS_OPERATOR_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw OperatorConfigInvalid('PTERONIMBUS_OPERATOR_PORT', 'must be a port number');
  }
  return {
    kubeConfig,
    clusterId,
    publicKey,
    identity: env.POD_NAME ?? hostname(),
    namespace,
    httpPort: port,
    installCrds: env.PTERONIMBUS_INSTALL_CRDS === 'true',
    operatorImage: env.PTERONIMBUS_OPERATOR_IMAGE || DEFAULT_OPERATOR_IMAGE,
    tenantSecurity,
    workloadSecurity,
    secret,
  };
}
