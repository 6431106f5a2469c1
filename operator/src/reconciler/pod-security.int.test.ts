// Which Pod Security level a tenant namespace must allow for game pods, checked by the apiserver's
// own PodSecurity admission rather than by reading the standard.
import { KubeConfig } from '@kubernetes/client-node';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSpec, templateSpec } from '../../test/fixtures.ts';
import { KubeClient, type KubeObject } from '../kube/client.ts';
import { buildStatefulSet, resolveRuntime, type Runtime } from './children.ts';
import type { GameServer, GameTemplate } from './types.ts';

type PodTemplate = { metadata: KubeObject['metadata']; spec: Record<string, unknown> };

/** The game pod of a server whose template patches config files (so it has the init step). */
function gamePod(namespace: string): KubeObject {
  const template: GameTemplate = {
    metadata: { name: 'paper', namespace, uid: 't' },
    spec: templateSpec(),
  };
  const server: GameServer = {
    metadata: { name: 's1', namespace, uid: 'uid-1', generation: 1 },
    spec: serverSpec('t1'),
  };
  const rt = resolveRuntime(server, template, 'c1') as Runtime;
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

  const tryPod = async (level: 'baseline' | 'restricted') => {
    const namespace = `pss-${level}`;
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': level } },
    });
    return admin.request('POST', `/api/v1/namespaces/${namespace}/pods`, {
      body: gamePod(namespace),
      query: { dryRun: 'All' },
    });
  };

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
});
