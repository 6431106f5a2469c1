import { REGISTER_PATH, type RegisterResponse } from '@pteronimbus/sdk';
import type { KubeClient } from '../kube/client.ts';
import { SYSTEM_NAMESPACE } from '../names.ts';
import { writeLinkConfig, type LinkConfig } from './config.ts';
import { LinkJoinFailed, LinkJoinInsecure } from './errors.ts';

/** Options of {@link joinCluster}. */
export interface JoinOptions {
  /** Base URL of the panel. */
  url: string;
  /** The one-time join token a super admin created. */
  token: string;
  operatorVersion: string;
  kubernetesVersion?: string;
  namespace?: string;
  /**
   * Allow a plain `http://` panel URL. For local development only: the join token and the
   * credential would cross the network in the clear, and core's keys could be replaced.
   */
  insecureHttp?: boolean;
}

/** Whether `url` may be joined: https, or http when explicitly allowed. */
function checkPanelUrl(url: string, insecureHttp: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw LinkJoinInsecure(url);
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && insecureHttp)) return parsed;
  throw LinkJoinInsecure(`${parsed.protocol}//${parsed.host}`);
}

/**
 * Registers this cluster with core using a join token and keeps the credential and core's
 * signing key in the Secret `pteronimbus-operator`. The cluster is pending until a super admin
 * approves it; the link keeps retrying until then.
 */
export async function joinCluster(client: KubeClient, options: JoinOptions): Promise<LinkConfig> {
  const base = checkPanelUrl(options.url, options.insecureHttp === true);
  let answer: Response;
  try {
    answer = await fetch(new URL(REGISTER_PATH, base), {
      method: 'POST',
      // A redirect could carry the token to another scheme or host: none is followed.
      redirect: 'error',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token: options.token,
        operatorVersion: options.operatorVersion,
        ...(options.kubernetesVersion ? { kubernetesVersion: options.kubernetesVersion } : {}),
      }),
    });
  } catch (err) {
    throw LinkJoinFailed(`${options.url} cannot be reached (${(err as Error).message})`);
  }
  const body = (await answer.json().catch(() => ({}))) as Partial<RegisterResponse> & {
    error?: { code?: string; message?: string };
  };
  if (answer.status !== 201 || !body.clusterId || !body.credential || !body.coreSigningKey) {
    throw LinkJoinFailed(body.error?.message ?? `core answered ${answer.status}`, {
      status: answer.status,
      ...(body.error?.code ? { code: body.error.code } : {}),
    });
  }
  const config: LinkConfig = {
    coreUrl: options.url,
    clusterId: body.clusterId,
    credential: body.credential,
    coreSigningKey: body.coreSigningKey,
  };
  await writeLinkConfig(client, config, options.namespace ?? SYSTEM_NAMESPACE);
  return config;
}
