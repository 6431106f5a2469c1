import { readFile } from 'node:fs/promises';
import { get } from 'node:https';
import {
  ApiException,
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  VersionApi,
  type V1OwnerReference,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKube, type KubeHandle } from './harness.ts';

const NS = 'harness-test';
const GROUP = 'test.pteronimbus.dev';
const gadget = { group: GROUP, version: 'v1', namespace: NS, plural: 'gadgets' };

/** How long and how often to look again for state the apiserver converges to (`vi.waitFor`). */
const converge = { timeout: 90_000, interval: 500 };

const isNotFound = (err: unknown): boolean => err instanceof ApiException && err.code === 404;

async function expectGone(read: () => Promise<unknown>, timeoutMs?: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const gone = await read().then(
        () => false,
        (err: unknown) => {
          if (isNotFound(err)) return true;
          throw err;
        },
      );
      if (!gone) throw new Error('still present');
    },
    { ...converge, timeout: timeoutMs ?? converge.timeout },
  );
}

describe('kube harness', () => {
  let kube: KubeHandle;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let extensions: ApiextensionsV1Api;
  let kc: KubeConfig;

  beforeAll(async () => {
    kube = await startKube();
    kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    extensions = kc.makeApiClient(ApiextensionsV1Api);
  });
  afterAll(async () => {
    await kube?.stop();
  });

  it('is the real Kubernetes release, on loopback', async () => {
    expect(kube.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.36.3');
  });

  it('rejects anonymous requests through RBAC', async () => {
    const ca = await readFile(kube.caCertPath);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${kube.server}/api/v1/namespaces`, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('stores a namespace and a ConfigMap', async () => {
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'settings' }, data: { motd: 'hello' } },
    });
    const read = await core.readNamespacedConfigMap({ name: 'settings', namespace: NS });
    expect(read.data).toEqual({ motd: 'hello' });
  });

  it('serves a custom resource with a working status subresource', async () => {
    await extensions.createCustomResourceDefinition({
      body: {
        metadata: { name: `gadgets.${GROUP}` },
        spec: {
          group: GROUP,
          scope: 'Namespaced',
          names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: { type: 'object', properties: { size: { type: 'integer' } } },
                    status: { type: 'object', properties: { phase: { type: 'string' } } },
                  },
                },
              },
            },
          ],
        },
      },
    });
    await vi.waitFor(async () => {
      const crd = await extensions.readCustomResourceDefinition({ name: `gadgets.${GROUP}` });
      const established = crd.status?.conditions?.find((c) => c.type === 'Established');
      if (established?.status !== 'True') throw new Error('CRD not established yet');
    }, converge);

    // Established can precede the endpoint being served by a moment.
    await vi.waitFor(
      () =>
        custom.createNamespacedCustomObject({
          ...gadget,
          body: {
            apiVersion: `${GROUP}/v1`,
            kind: 'Gadget',
            metadata: { name: 'g1' },
            spec: { size: 1 },
          },
        }),
      converge,
    );

    const created = await custom.getNamespacedCustomObject({ ...gadget, name: 'g1' });
    await custom.replaceNamespacedCustomObjectStatus({
      ...gadget,
      name: 'g1',
      body: { ...created, status: { phase: 'Ready' } },
    });
    const afterStatus = await custom.getNamespacedCustomObject({ ...gadget, name: 'g1' });
    expect(afterStatus.status).toEqual({ phase: 'Ready' });
    // A status write is not a spec change.
    expect(afterStatus.metadata.generation).toBe(1);

    // With the subresource enabled, writes to the main resource ignore status.
    await custom.replaceNamespacedCustomObject({
      ...gadget,
      name: 'g1',
      body: { ...afterStatus, spec: { size: 2 }, status: { phase: 'Overwritten' } },
    });
    const afterSpec = await custom.getNamespacedCustomObject({ ...gadget, name: 'g1' });
    expect(afterSpec.spec).toEqual({ size: 2 });
    expect(afterSpec.status).toEqual({ phase: 'Ready' });
    expect(afterSpec.metadata.generation).toBe(2);
  });

  it('keeps every object across an apiserver restart', async () => {
    await kube.restartApiserver();
    const g1 = await custom.getNamespacedCustomObject({ ...gadget, name: 'g1' });
    expect(g1.spec).toEqual({ size: 2 });
    expect(g1.status).toEqual({ phase: 'Ready' });
    const settings = await core.readNamespacedConfigMap({ name: 'settings', namespace: NS });
    expect(settings.data).toEqual({ motd: 'hello' });
    // Still writable after the restart, not just readable.
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'after-restart' } },
    });
  });

  it('deletes a ConfigMap when the ConfigMap owning it is deleted', async () => {
    const owner = await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'owner' } },
    });
    const ref: V1OwnerReference = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'owner',
      uid: owner.metadata!.uid!,
    };
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'owned', ownerReferences: [ref] } },
    });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace: NS });
    await expectGone(() => core.readNamespacedConfigMap({ name: 'owned', namespace: NS }));
  });

  it('deletes a ConfigMap when the custom object owning it is deleted', async () => {
    const g1 = await custom.getNamespacedCustomObject({ ...gadget, name: 'g1' });
    await core.createNamespacedConfigMap({
      namespace: NS,
      body: {
        metadata: {
          name: 'g1-config',
          ownerReferences: [
            { apiVersion: `${GROUP}/v1`, kind: 'Gadget', name: 'g1', uid: g1.metadata.uid },
          ],
        },
      },
    });
    await custom.deleteNamespacedCustomObject({ ...gadget, name: 'g1' });
    // The garbage collector rediscovers custom resources every 30 s, so allow for that.
    await expectGone(
      () => core.readNamespacedConfigMap({ name: 'g1-config', namespace: NS }),
      150_000,
    );
  });

  it('admits pods once the default service account exists', async () => {
    await vi.waitFor(
      () => core.readNamespacedServiceAccount({ name: 'default', namespace: NS }),
      converge,
    );
    const pod = await core.createNamespacedPod({
      namespace: NS,
      body: {
        metadata: { name: 'game' },
        spec: { containers: [{ name: 'game', image: 'example.invalid/game:1' }] },
      },
    });
    expect(pod.spec?.serviceAccountName).toBe('default');
  });

  it('finishes deleting a namespace and its contents', async () => {
    await core.deleteNamespace({ name: NS });
    await expectGone(() => core.readNamespace({ name: NS }), 150_000);
  });
});
