import { parseArgs } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { LINK_FIELD_MANAGER } from '@pteronimbus/sdk';
import { KubeClient } from '../kube/client.ts';
import { SYSTEM_NAMESPACE } from '../names.ts';
import { LinkConfigMissing } from './errors.ts';
import { joinCluster } from './join.ts';

/** What `pteronimbus-operator join` prints on success (never the credential). */
export interface JoinOutcome {
  clusterId: string;
  coreUrl: string;
}

/**
 * `pteronimbus-operator join --url <panel> --token <join token>`: registers the cluster and
 * stores the credential. The flags fall back to `PTERONIMBUS_CORE_URL` and
 * `PTERONIMBUS_JOIN_TOKEN`, so a Helm install can join from values. The panel URL must be https;
 * `--insecure-http` (or `PTERONIMBUS_INSECURE_HTTP=true`) allows http for local development.
 */
export async function runJoinCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  kubeConfig: KubeConfig,
  operatorVersion: string,
): Promise<JoinOutcome> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      namespace: { type: 'string' },
      'insecure-http': { type: 'boolean' },
    },
    strict: true,
  });
  const url = values.url ?? env.PTERONIMBUS_CORE_URL;
  const token = values.token ?? env.PTERONIMBUS_JOIN_TOKEN;
  if (!url) throw LinkConfigMissing('--url (or PTERONIMBUS_CORE_URL) is required');
  if (!token) throw LinkConfigMissing('--token (or PTERONIMBUS_JOIN_TOKEN) is required');
  const client = new KubeClient(kubeConfig, { fieldManager: LINK_FIELD_MANAGER });
  try {
    const config = await joinCluster(client, {
      url,
      token,
      operatorVersion,
      namespace: values.namespace ?? env.PTERONIMBUS_NAMESPACE ?? SYSTEM_NAMESPACE,
      insecureHttp: values['insecure-http'] === true || env.PTERONIMBUS_INSECURE_HTTP === 'true',
    });
    return { clusterId: config.clusterId, coreUrl: config.coreUrl };
  } finally {
    await client.close();
  }
}
