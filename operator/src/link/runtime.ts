import type { KubeConfig } from '@kubernetes/client-node';
import { LINK_FIELD_MANAGER } from '@pteronimbus/sdk';
import { KubeClient } from '../kube/client.ts';
import { SYSTEM_NAMESPACE } from '../names.ts';
import type { Logger } from '../logger.ts';
import type { TenantSecurity } from '../security.ts';
import { FENCE_FIELD_MANAGER, KubeApplier, refenceTenants } from './apply.ts';
import {
  readCoreKeys,
  readLinkConfig,
  writeCoreKeys,
  type CoreKeyRing,
  type LinkConfig,
} from './config.ts';
import { LinkConfigMissing } from './errors.ts';
import { OperatorLink, type OperatorLinkOptions } from './link.ts';
import { KubeRelay } from './relay.ts';
import { ConfigMapRevisionStore, objectRevision } from './revisions.ts';
import { InstallLogRelay } from './install.ts';
import { StatusReporter } from './status.ts';
import { UsageSampler } from '../usage/sampler.ts';

/** Options of {@link startLink}. */
export interface StartLinkOptions {
  kubeConfig: KubeConfig;
  operatorVersion: string;
  /** Where the config Secret and the state ConfigMap live. Default `pteronimbus-system`. */
  namespace?: string;
  /** Given config instead of the Secret's. */
  config?: LinkConfig;
  /**
   * The core keys to trust, shared with the reconciler: the link replaces the ring's contents
   * when core rotates its key. Default: read from the cluster (see `readCoreKeys`).
   */
  keys?: CoreKeyRing;
  log?: Logger;
  /** Link timing (tests shorten it). */
  timing?: Pick<OperatorLinkOptions, 'initialBackoffMs' | 'maxBackoffMs' | 'heartbeatTimeoutMs'>;
  /** How tenant namespaces are fenced in (egress, Pod Security). Default the strict one. */
  tenantSecurity?: TenantSecurity;
  /** Time between usage samples (`status.usage`); `false` samples none. Default 60 s. */
  usageIntervalMs?: number | false;
}

/** A running link with its status reporter. */
export interface LinkHandle {
  link: OperatorLink;
  config: LinkConfig;
  stop(): Promise<void>;
}

/**
 * Reads the config, then starts the link to core, the GameServer status reporter, the usage
 * sampler whose `status.usage` the reporter carries, and the relay of install output.
 */
export async function startLink(options: StartLinkOptions): Promise<LinkHandle> {
  const namespace = options.namespace ?? SYSTEM_NAMESPACE;
  const client = new KubeClient(options.kubeConfig, { fieldManager: LINK_FIELD_MANAGER });
  try {
    const config = options.config ?? (await readLinkConfig(client, namespace));
    if (!config)
      throw LinkConfigMissing(
        'the cluster has not joined a panel yet (pteronimbus-operator join --url --token)',
      );
    let kubernetesVersion: string | undefined;
    try {
      kubernetesVersion = (await client.request<{ gitVersion?: string }>('GET', '/version'))
        .gitVersion;
    } catch {
      kubernetesVersion = undefined;
    }
    const keys = options.keys ?? (await readCoreKeys(client, config.coreSigningKey, namespace));
    const link = new OperatorLink({
      coreUrl: config.coreUrl,
      credential: config.credential,
      clusterId: config.clusterId,
      coreSigningKey: keys.ring,
      keySerial: keys.serial,
      onKeys: async (keySet) => {
        await writeCoreKeys(client, keySet, namespace);
        keys.serial = keySet.serial;
      },
      objectRevision: (doc) => objectRevision(client, doc),
      applier: new KubeApplier(client, options.tenantSecurity),
      revisions: new ConfigMapRevisionStore(client, namespace),
      relay: new KubeRelay(options.kubeConfig, client),
      operatorVersion: options.operatorVersion,
      ...(kubernetesVersion ? { kubernetesVersion } : {}),
      ...(options.log ? { logger: options.log } : {}),
      ...options.timing,
    });
    // Tenant namespaces written before an upgrade or a settings change get today's fence now.
    const fence = new KubeClient(options.kubeConfig, { fieldManager: FENCE_FIELD_MANAGER });
    try {
      for (const { namespace, error } of await refenceTenants(fence, options.tenantSecurity))
        options.log?.warn({ namespace, error }, 'could not update the fence of a tenant namespace');
    } catch (err) {
      options.log?.warn({ err }, 'could not list tenant namespaces to update their fence');
    } finally {
      await fence.close();
    }
    const status = new StatusReporter(options.kubeConfig, client, link);
    await status.start();
    const install = new InstallLogRelay({
      kubeConfig: options.kubeConfig,
      client,
      link,
      ...(options.log ? { log: options.log } : {}),
    });
    await install.start();
    link.start();
    const usage =
      options.usageIntervalMs === false
        ? undefined
        : new UsageSampler({
            kubeConfig: options.kubeConfig,
            ...(options.usageIntervalMs ? { intervalMs: options.usageIntervalMs } : {}),
            ...(options.log ? { log: options.log } : {}),
          });
    usage?.start();
    return {
      link,
      config,
      async stop() {
        await usage?.stop();
        await link.stop();
        await install.stop();
        await status.stop();
        await client.close();
      },
    };
  } catch (err) {
    await client.close();
    throw err;
  }
}
