// Which Pod Security level a tenant namespace must allow for game pods, checked by the apiserver's
// own PodSecurity admission rather than by reading the standard.
import { KubeConfig } from '@kubernetes/client-node';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSpec, templateSpec } from '../../test/fixtures.ts';
import { KubeClient, type KubeObject } from '../kube/client.ts';
import { sampleTenantSpec } from '@pteronimbus/testing';
import type { DocumentMessage, TenantSpec } from '@pteronimbus/sdk';
import { FENCE_FIELD_MANAGER, refenceTenants, tenantObjects } from '../link/apply.ts';
import { loadTenantSecurity, type WorkloadSecurity } from '../security.ts';
import { buildInstallJob, buildStatefulSet, resolveRuntime, type Runtime } from './children.ts';
import type { GameServer, GameTemplate } from './types.ts';

type PodTemplate = { metadata: KubeObject['metadata']; spec: Record<string, unknown> };

function runtimeIn(namespace: string): Runtime {
  const template: GameTemplate = {
    metadata: { name: 'paper', namespace, uid: 't' },
    spec: templateSpec(),
  };
  const server: GameServer = {
    metadata: { name: 's1', namespace, uid: 'uid-1', generation: 1 },
    spec: serverSpec('t1'),
  };
  return resolveRuntime(server, template, 'c1') as Runtime;
}

/** The pod of a server's install Job. */
function installPod(namespace: string, workload?: WorkloadSecurity): KubeObject {
  const job = buildInstallJob(runtimeIn(namespace), workload) as unknown as {
    spec: { template: PodTemplate };
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...job.spec.template.metadata, name: 's1-install-0-x', namespace },
    spec: job.spec.template.spec,
  };
}

/** The game pod of a server whose template patches config files (so it has the init step). */
function gamePod(namespace: string): KubeObject {
  const rt = runtimeIn(namespace);
  const sts = buildStatefulSet(rt, 1, 'h') as unknown as {
    spec: { template: PodTemplate };
  };
  const pod = sts.spec.template;
  expect((pod.spec.initContainers as unknown[]).length).toBe(1);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...pod.metadata, name: 's1-0', namespace },
    spec: pod.spec,
  };
}

describe('game pods and Pod Security admission', () => {
  let kube: KubeHandle;
  let admin: KubeClient;
  const kc = () => {
    const config = new KubeConfig();
    config.loadFromFile(kube.kubeconfigPath);
    return config;
  };

  beforeAll(async () => {
    kube = await startKube({ gc: false });
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    admin = new KubeClient(kc, { fieldManager: 'test-admin' });
  });
  afterAll(async () => {
    await admin?.close();
    await kube?.stop();
  });

  const ensureNamespace = async (level: 'baseline' | 'restricted') => {
    const namespace = `pss-${level}`;
    if (!(await admin.get('Namespace', undefined, namespace)))
      await admin.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': level } },
      });
    return namespace;
  };
  const dryRunPod = (namespace: string, pod: KubeObject) =>
    admin.request('POST', `/api/v1/namespaces/${namespace}/pods`, {
      body: pod,
      query: { dryRun: 'All' },
    });
  const tryPod = async (level: 'baseline' | 'restricted') => {
    const namespace = await ensureNamespace(level);
    return dryRunPod(namespace, gamePod(namespace));
  };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: Error) => err,
    );

  it('are admitted where the baseline level is enforced', async () => {
    await expect(tryPod('baseline')).resolves.toMatchObject({ kind: 'Pod' });
  });

  it('are refused where the restricted level is enforced: the image picks the user', async () => {
    const refused = await tryPod('restricted').then(
      () => undefined,
      (err: Error) => err,
    );
    expect(refused?.message).toMatch(/violates PodSecurity "restricted/);
    // Escalation, seccomp and the game's capabilities are already as restricted asks; what is
    // left is the user (an egg image may run as root) and the config step's ownership rights.
    expect(refused?.message).not.toMatch(/allowPrivilegeEscalation|seccompProfile/);
    expect(refused?.message).toMatch(/runAsNonRoot/);
  });

  it('admit install pods where baseline is enforced; restricted refuses only their root user and capabilities', async () => {
    const baseline = await ensureNamespace('baseline');
    await expect(dryRunPod(baseline, installPod(baseline))).resolves.toMatchObject({ kind: 'Pod' });
    const restricted = await ensureNamespace('restricted');
    const refused = await failure(dryRunPod(restricted, installPod(restricted)));
    expect(refused?.message).toMatch(/violates PodSecurity "restricted/);
    expect(refused?.message).not.toMatch(/allowPrivilegeEscalation|seccompProfile/);
    expect(refused?.message).toMatch(/runAsNonRoot/);
    expect(refused?.message).toMatch(/unrestricted capabilities/);
  });

  describe('tenant namespaces as the link writes them', () => {
    const tenantDoc = (tenantId: string): DocumentMessage & { spec: TenantSpec } => ({
      type: 'document',
      revision: 1,
      kind: 'Tenant',
      tenantId,
      namespace: `pn-${tenantId}`,
      name: tenantId,
      spec: sampleTenantSpec,
      deleted: false,
      signature: 'unchecked-here',
      kid: 'unchecked-here',
    });

    it('enforce baseline: game and install pods are admitted, a privileged pod is not', async () => {
      const namespace = 'pn-pss';
      for (const object of tenantObjects(tenantDoc('pss'))) await admin.apply(object);
      const ns = await admin.get('Namespace', undefined, namespace);
      expect(ns?.metadata?.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
      await expect(dryRunPod(namespace, gamePod(namespace))).resolves.toMatchObject({
        kind: 'Pod',
      });
      await expect(dryRunPod(namespace, installPod(namespace))).resolves.toMatchObject({
        kind: 'Pod',
      });
      // In a user namespace too, where the cluster's nodes support it.
      await expect(
        dryRunPod(
          namespace,
          installPod(namespace, { installDeadlineSeconds: 1800, userNamespaces: true }),
        ),
      ).resolves.toMatchObject({ kind: 'Pod', spec: { hostUsers: false } });
      const escaping = installPod(namespace) as KubeObject & {
        spec: { hostNetwork?: boolean; containers: { securityContext?: object }[] };
      };
      escaping.spec.hostNetwork = true;
      escaping.spec.containers[0]!.securityContext = { privileged: true };
      const refused = await failure(dryRunPod(namespace, escaping));
      expect(refused?.message).toMatch(/violates PodSecurity "baseline:latest".*host namespaces/);
      expect(refused?.message).toMatch(/privileged/);
    });

    it('store the egress fence as written, with the cluster ranges and the allow-list', async () => {
      const security = loadTenantSecurity({
        PTERONIMBUS_CLUSTER_CIDRS: '198.18.0.0/16,fd00:96::/112',
        PTERONIMBUS_EGRESS_ALLOW_CIDRS: '10.0.0.53/32,169.254.20.10/32',
      });
      const objects = tenantObjects(tenantDoc('egress'), security);
      for (const object of objects) await admin.apply(object);
      const written = objects.find((o) => o.kind === 'NetworkPolicy') as KubeObject & {
        spec: unknown;
      };
      const stored = await admin.get<{ spec: { egress: unknown[] } }>(
        'NetworkPolicy',
        'pn-egress',
        String(written.metadata?.name),
      );
      // The apiserver checked every `except` lies inside its range and kept the rules as they are.
      expect(stored?.spec).toEqual(written.spec);
      expect(stored?.spec.egress).toHaveLength(4);
    });

    it('bring a namespace written before the fence up to it, leaving ingress, quota and annotations', async () => {
      const namespace = 'pn-older';
      const link = new KubeClient(kc(), { fieldManager: 'pteronimbus-link' });
      const fence = new KubeClient(kc(), { fieldManager: FENCE_FIELD_MANAGER });
      try {
        // What the link wrote before: no Pod Security labels, every egress allowed.
        for (const object of tenantObjects(tenantDoc('older'))) {
          const labels = Object.fromEntries(
            Object.entries(object.metadata?.labels ?? {}).filter(
              ([k]) => !k.startsWith('pod-security'),
            ),
          );
          const old = { ...object, metadata: { ...object.metadata, labels } } as KubeObject & {
            spec?: { egress?: unknown };
          };
          if (old.kind === 'NetworkPolicy') old.spec = { ...old.spec, egress: [{}] };
          await link.apply(old);
        }
        const before = await admin.get('Namespace', undefined, namespace);
        expect(before?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBeUndefined();

        expect(await refenceTenants(fence)).toEqual([]);

        const [ns, , policy] = tenantObjects(tenantDoc('older'));
        const after = await admin.get('Namespace', undefined, namespace);
        expect(after?.metadata?.labels).toEqual({
          ...ns!.metadata?.labels,
          'kubernetes.io/metadata.name': namespace,
        });
        expect(after?.metadata?.annotations).toMatchObject(ns!.metadata!.annotations!);
        const stored = await admin.get<{ spec: unknown }>(
          'NetworkPolicy',
          namespace,
          String(policy!.metadata?.name),
        );
        expect(stored?.spec).toEqual((policy as KubeObject & { spec: unknown }).spec);
        // The link's next write of the same document changes nothing and conflicts with nothing.
        for (const object of tenantObjects(tenantDoc('older'))) await link.apply(object);
        expect(
          (await admin.get<{ spec: unknown }>('NetworkPolicy', namespace, 'pn-isolation'))?.spec,
        ).toEqual(stored?.spec);
      } finally {
        await link.close();
        await fence.close();
      }
    });
  });
});
