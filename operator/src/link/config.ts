import type { KeyObject } from 'node:crypto';
import { trustKeys, type KeyInput, type KeySet } from '@pteronimbus/sdk';
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

/** The ConfigMap holding the core keys the link last took (public keys: not a secret). */
export const LINK_KEYS_CONFIGMAP = 'pteronimbus-link-keys';

/** Core's keys an operator trusts, by key id, with the serial of the key set they came in. */
export interface CoreKeyRing {
  ring: Map<string, KeyObject>;
  serial: number;
}

/**
 * The core keys to trust: the key set the link stored after the last rotation it saw, else the
 * key the cluster joined with (`coreSigningKey` of the Secret, or `PTERONIMBUS_CORE_SIGNING_KEY`).
 */
export async function readCoreKeys(
  client: KubeClient,
  joinedWith: KeyInput,
  namespace = SYSTEM_NAMESPACE,
): Promise<CoreKeyRing> {
  const map = await client.get<{ data?: Record<string, string> }>(
    'ConfigMap',
    namespace,
    LINK_KEYS_CONFIGMAP,
  );
  const stored = map?.data?.keySet;
  if (stored) {
    const keySet = JSON.parse(stored) as Pick<KeySet, 'serial' | 'keys'>;
    return { ring: trustKeys(keySet.keys.map((k) => k.publicKey)), serial: keySet.serial };
  }
  return { ring: trustKeys([joinedWith]), serial: 0 };
}

/** Stores the key set the link took, so a restarted operator trusts the same keys. */
export async function writeCoreKeys(
  client: KubeClient,
  keySet: KeySet,
  namespace = SYSTEM_NAMESPACE,
): Promise<void> {
  await client.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: LINK_KEYS_CONFIGMAP, namespace },
    data: { keySet: JSON.stringify({ serial: keySet.serial, keys: keySet.keys }) },
  });
}
