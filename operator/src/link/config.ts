import type { KubeClient } from '../kube/client.ts';
import { CONFIG_SECRET } from '../config.ts';
import { SYSTEM_NAMESPACE } from '../names.ts';
import { LinkConfigMissing } from './errors.ts';

/** What the link needs to dial core, as kept in the Secret `pteronimbus-operator`. */
export interface LinkConfig {
  /** Base URL of the panel, e.g. `https://panel.example.com`. */
  coreUrl: string;
  clusterId: string;
  /** The cluster credential core handed out at registration. */
  credential: string;
  /** Core's Ed25519 public key, base64 SPKI DER. */
  coreSigningKey: string;
}

const KEYS = ['coreUrl', 'clusterId', 'credential', 'coreSigningKey'] as const;

/** Reads the link config from the Secret; `undefined` before the cluster has joined. */
export async function readLinkConfig(
  client: KubeClient,
  namespace = SYSTEM_NAMESPACE,
): Promise<LinkConfig | undefined> {
  const secret = await client.get<{ data?: Record<string, string> }>(
    'Secret',
    namespace,
    CONFIG_SECRET,
  );
  if (!secret) return undefined;
  const data = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );
  const missing = KEYS.filter((k) => !data[k]);
  if (missing.length === KEYS.length) return undefined;
  if (missing.length > 0)
    throw LinkConfigMissing(`Secret ${CONFIG_SECRET} lacks ${missing.join(', ')}`);
  return {
    coreUrl: data.coreUrl!,
    clusterId: data.clusterId!,
    credential: data.credential!,
    coreSigningKey: data.coreSigningKey!,
  };
}

/** Writes (server-side apply) the link config into the Secret, leaving its other keys alone. */
export async function writeLinkConfig(
  client: KubeClient,
  config: LinkConfig,
  namespace = SYSTEM_NAMESPACE,
): Promise<void> {
  await client.apply({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: CONFIG_SECRET, namespace },
    type: 'Opaque',
    data: Object.fromEntries(
      KEYS.map((k) => [k, Buffer.from(config[k], 'utf8').toString('base64')]),
    ),
  });
}
