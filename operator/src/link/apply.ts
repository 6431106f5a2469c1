import { createHash } from 'node:crypto';
import {
  LINK_ANNOTATIONS,
  TENANT_LABEL,
  canonicalJson,
  type DocumentMessage,
  type TenantSpec,
} from '@pteronimbus/sdk';
import type { KubeClient, KubeObject } from '../kube/client.ts';
import { API_VERSION, LABEL_MANAGED_BY, LABEL_TEMPLATE_VERSION, QUOTA_NAME } from '../names.ts';
import {
  DEFAULT_TENANT_SECURITY,
  isIpv6Cidr,
  type EgressPolicy,
  type PodSecurityPolicy,
  type TenantSecurity,
} from '../security.ts';

/** Name of each tenant namespace's NetworkPolicy. */
export const NETWORK_POLICY_NAME = 'pn-isolation';

/** Writes verified documents into the cluster. */
export interface DocumentApplier {
  apply(doc: DocumentMessage): Promise<void>;
}

const MANAGED_BY_LINK = 'pteronimbus-link';

function annotations(doc: DocumentMessage): Record<string, string> {
  const payload = canonicalJson({
    kind: doc.kind,
    tenantId: doc.tenantId,
    namespace: doc.namespace,
    name: doc.name,
    spec: doc.spec,
  });
  return {
    [LINK_ANNOTATIONS.signature]: doc.signature,
    [LINK_ANNOTATIONS.revision]: String(doc.revision),
    [LINK_ANNOTATIONS.payloadHash]: createHash('sha256').update(payload, 'utf8').digest('hex'),
    [LINK_ANNOTATIONS.keyId]: doc.kid,
  };
}

/** The Pod Security Admission labels of a tenant namespace. */
export function podSecurityLabels(policy: PodSecurityPolicy): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'warn', 'audit'] as const) {
    labels[`pod-security.kubernetes.io/${mode}`] = policy[mode];
    labels[`pod-security.kubernetes.io/${mode}-version`] = policy.version;
  }
  return labels;
}

/**
 * The egress rules of a tenant namespace: the cluster DNS on port 53, the namespace's own pods
 * (as its ingress allows), the internet without private, link-local (cloud metadata), loopback,
 * CGNAT and the cluster's own ranges, and the ranges the cluster admin lets through. Rules add
 * up, so an allowed range opens even inside a denied one.
 */
export function egressRules(policy: EgressPolicy): unknown[] {
  const dnsPorts = [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ];
  const rules: unknown[] = [
    {
      to: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': policy.dnsNamespace },
          },
          podSelector: { matchLabels: policy.dnsPodLabels },
        },
      ],
      ports: dnsPorts,
    },
    { to: [{ podSelector: {} }] },
  ];
  if (policy.internet) {
    const except = (v6: boolean) => policy.denyCidrs.filter((c) => isIpv6Cidr(c) === v6);
    rules.push({
      to: [
        { ipBlock: { cidr: '0.0.0.0/0', except: except(false) } },
        { ipBlock: { cidr: '::/0', except: except(true) } },
      ],
    });
  }
  if (policy.allowCidrs.length > 0)
    rules.push({ to: policy.allowCidrs.map((cidr) => ({ ipBlock: { cidr } })) });
  return rules;
}

/** The objects a Tenant document stands for: namespace, quota and network policy. */
export function tenantObjects(
  doc: DocumentMessage & { spec: TenantSpec },
  security: TenantSecurity = DEFAULT_TENANT_SECURITY,
): KubeObject[] {
  const spec = doc.spec;
  const labels = { [TENANT_LABEL]: doc.tenantId, [LABEL_MANAGED_BY]: MANAGED_BY_LINK };
  const namespace: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: doc.namespace,
      labels: { ...labels, ...podSecurityLabels(security.podSecurity) },
      // The signed spec travels with the namespace, so the reconciler can check the quota it reads.
      annotations: { ...annotations(doc), [LINK_ANNOTATIONS.tenantSpec]: canonicalJson(spec) },
    },
  };
  const quota: KubeObject = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: QUOTA_NAME, namespace: doc.namespace, labels },
    spec: {
      hard: {
        'limits.cpu': `${spec.quota.cpu}m`,
        'limits.memory': `${spec.quota.memory}Mi`,
        'requests.storage': `${spec.quota.disk}Mi`,
        'count/gameservers.pteronimbus.io': String(spec.quota.servers),
      },
    },
  };
  const ingress: unknown[] = [{ from: [{ podSelector: {} }] }];
  if (spec.gamePorts.length > 0) {
    ingress.push({
      ports: spec.gamePorts.map((p) => ({
        protocol: p.protocol,
        port: p.port,
        ...(p.endPort === undefined ? {} : { endPort: p.endPort }),
      })),
    });
  }
  const policy: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: NETWORK_POLICY_NAME, namespace: doc.namespace, labels },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress,
      egress: egressRules(security.egress),
    },
  };
  return [namespace, quota, policy];
}

/** The custom resource a GameTemplate or GameServer document stands for. */
export function customObject(doc: DocumentMessage): KubeObject {
  const labels: Record<string, string> = {
    [TENANT_LABEL]: doc.tenantId,
    [LABEL_MANAGED_BY]: MANAGED_BY_LINK,
  };
  // Core names each template version's object `<template>-v<N>`; the reconciler matches a server's
  // pinned version against this label. A forged label can only cause a mismatch, never a run.
  const version = doc.kind === 'GameTemplate' ? /-v(\d+)$/.exec(doc.name)?.[1] : undefined;
  if (version) labels[LABEL_TEMPLATE_VERSION] = version;
  return {
    apiVersion: API_VERSION,
    kind: doc.kind,
    metadata: {
      name: doc.name,
      namespace: doc.namespace,
      labels,
      annotations: annotations(doc),
    },
    spec: doc.spec ?? {},
  };
}

/** Field manager of the fence brought up to date in existing tenant namespaces. */
export const FENCE_FIELD_MANAGER = 'pteronimbus-fence';

/**
 * Brings every tenant namespace the link wrote earlier up to the current fence: its Pod Security
 * labels and the egress rules of its NetworkPolicy. The quota, the ingress rules and the signed
 * annotations stay as the tenant's document wrote them. Run when the link starts, so an upgrade
 * or changed settings reach every tenant at once instead of with its next document. `client`
 * must be made with `fieldManager: FENCE_FIELD_MANAGER`, so the link's own fields stay its own.
 * Gives back the namespaces it could not update, with the reason.
 */
export async function refenceTenants(
  client: KubeClient,
  security: TenantSecurity = DEFAULT_TENANT_SECURITY,
): Promise<{ namespace: string; error: string }[]> {
  const failed: { namespace: string; error: string }[] = [];
  const namespaces = await client.list(
    'Namespace',
    undefined,
    `${TENANT_LABEL},${LABEL_MANAGED_BY}=${MANAGED_BY_LINK}`,
  );
  for (const ns of namespaces.items) {
    const namespace = String(ns.metadata?.name);
    try {
      await client.apply({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: podSecurityLabels(security.podSecurity) },
      });
      // Only a policy the link wrote: a partial one of its own would drop every ingress.
      if (await client.get('NetworkPolicy', namespace, NETWORK_POLICY_NAME)) {
        await client.apply({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: NETWORK_POLICY_NAME, namespace },
          spec: {
            podSelector: {},
            policyTypes: ['Ingress', 'Egress'],
            egress: egressRules(security.egress),
          },
        });
      }
    } catch (err) {
      failed.push({ namespace, error: (err as Error).message });
    }
  }
  return failed;
}

/** Applies documents with server-side apply (field manager `pteronimbus-link`). */
export class KubeApplier implements DocumentApplier {
  readonly #client: KubeClient;
  readonly #security: TenantSecurity;

  /** `client` must be made with `fieldManager: LINK_FIELD_MANAGER`. */
  constructor(client: KubeClient, security: TenantSecurity = DEFAULT_TENANT_SECURITY) {
    this.#client = client;
    this.#security = security;
  }

  async apply(doc: DocumentMessage): Promise<void> {
    if (doc.kind === 'Tenant') {
      // Deleting the namespace takes every object of the tenant with it.
      if (doc.deleted) await this.#client.delete('Namespace', undefined, doc.namespace);
      else
        for (const object of tenantObjects(
          doc as DocumentMessage & { spec: TenantSpec },
          this.#security,
        ))
          await this.#client.apply(object);
      return;
    }
    if (doc.deleted) await this.#client.delete(doc.kind, doc.namespace, doc.name);
    else await this.#client.apply(customObject(doc));
  }
}
