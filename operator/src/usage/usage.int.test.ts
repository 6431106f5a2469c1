import { readFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { GameServerStatus } from '@pteronimbus/sdk';
import { startKube, type KubeHandle } from '@pteronimbus/kube-harness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { converge } from '../../test/converge.ts';
import { serverSpec, signedServer } from '../../test/fixtures.ts';
import { installCrds } from '../crds/install.ts';
import { KubeClient, type KubeObject } from '../kube/client.ts';
import {
  LABEL_COMPONENT,
  LABEL_MANAGED_BY,
  LABEL_SERVER,
  LABEL_TENANT,
  MANAGED_BY,
} from '../names.ts';
import { USAGE_FIELD_MANAGER, UsageSampler } from './sampler.ts';

const TENANT = 'u1';
const NS = `pn-${TENANT}`;

type Server = KubeObject & { status?: GameServerStatus };

describe('usage sampler on a real apiserver', () => {
  let kube: KubeHandle;
  let kc: KubeConfig;
  let admin: KubeClient;
  let sampler: UsageSampler;
  let client: KubeClient;
  const logged: string[] = [];
  const server = async (name: string) => (await admin.get<Server>('GameServer', NS, name))!;

  const gamePod = async (name: string) => {
    const pod = `${name}-0`;
    await admin.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: pod,
        namespace: NS,
        labels: {
          [LABEL_MANAGED_BY]: MANAGED_BY,
          [LABEL_SERVER]: name,
          [LABEL_TENANT]: TENANT,
          [LABEL_COMPONENT]: 'game',
        },
      },
      spec: { containers: [{ name: 'game', image: 'game' }] },
    });
    await admin.mergePatch('Pod', NS, pod, { status: { phase: 'Running' } }, 'status');
    return pod;
  };

  beforeAll(async () => {
    kube = await startKube({ gc: false });
    kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    admin = new KubeClient(kc, { fieldManager: 'test-admin' });
    await installCrds(admin);
    await admin.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { [LABEL_TENANT]: TENANT } },
    });
    const record = (fields: object | string, msg?: string) => {
      const { source, reason } =
        typeof fields === 'object' ? (fields as Record<string, unknown>) : {};
      logged.push([msg, source, reason].filter(Boolean).join(' '));
    };
    client = new KubeClient(kc, { fieldManager: USAGE_FIELD_MANAGER });
    sampler = new UsageSampler({
      kubeConfig: kc,
      client,
      intervalMs: 3_600_000,
      log: { info: record, warn: record, error: record },
    });
  });

  afterAll(async () => {
    await sampler?.stop();
    await admin?.close();
    await kube?.stop();
  });

  it('reports usage as unavailable where the cluster has no metrics, and stops asking', async () => {
    await admin.create(signedServer(undefined, NS, 'bare', serverSpec(TENANT)));
    await admin.create(signedServer(undefined, NS, 'idle', serverSpec(TENANT)));
    await gamePod('bare');

    await sampler.tick();
    const bare = await server('bare');
    // Sampled (the time is there), nothing measured: no metrics API, no node to ask.
    expect(Object.keys(bare.status?.usage ?? { missing: true })).toEqual(['sampledAt']);
    expect((await server('idle')).status?.usage).toBeUndefined();

    // Nothing new to say: the next sample writes nothing, and the absent metrics API is not
    // asked again until the recheck time (two reads: the servers and the pods).
    const gets = client.calls.get('GET') ?? 0;
    await sampler.tick();
    expect((client.calls.get('GET') ?? 0) - gets).toBe(2);
    expect(client.calls.get('PATCH')).toBe(1);
    expect((await server('bare')).metadata?.resourceVersion).toBe(bare.metadata?.resourceVersion);
    expect(logged).toEqual(['usage source unavailable resource metrics API not served']);
  });

  it('keeps values unavailable when the kubelet summary cannot be read, without failing', async () => {
    await admin.create(signedServer(undefined, NS, 'busy', serverSpec(TENANT)));
    const pod = await gamePod('busy');
    // A node whose kubelet the apiserver will not proxy to (a loopback address): the summary
    // request fails, as it does where the operator may not read `nodes/proxy`.
    await admin.request('POST', '/api/v1/nodes', {
      body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } },
    });
    await admin.request('PATCH', '/api/v1/nodes/node-a/status', {
      contentType: 'application/merge-patch+json',
      body: {
        status: {
          addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        },
      },
    });
    await admin.request('POST', `/api/v1/namespaces/${NS}/pods/${pod}/binding`, {
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: pod, namespace: NS },
        target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' },
      },
    });
    await sampler.tick();
    const usage = (await server('busy')).status?.usage;
    expect(Object.keys(usage ?? { missing: true })).toEqual(['sampledAt']);
    expect(logged.filter((l) => l.startsWith('usage source unavailable'))).toEqual([
      'usage source unavailable resource metrics API not served',
      'usage source unavailable kubelet summary of node-a failed (400)',
    ]);

    // The pod goes away: the usage goes with it rather than staying as a stale reading.
    // No kubelet confirms a graceful deletion here: delete at once, as a kubelet would end.
    await admin.request('DELETE', `/api/v1/namespaces/${NS}/pods/${pod}`, {
      body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 },
    });
    await sampler.tick();
    expect((await server('busy')).status?.usage).toBeUndefined();
    expect(logged.filter((l) => l.startsWith('usage sample failed'))).toEqual([]);
  });

  it('reads CPU and memory from the resource metrics API once the cluster serves it', async () => {
    // A tiny metrics adapter behind a real APIService: the apiserver's aggregator proxies
    // metrics.k8s.io to it, as it does to metrics-server.
    const served: string[] = [];
    const adapter = createServer(
      {
        cert: await readFile(kube.kubeletTls.cert),
        key: await readFile(kube.kubeletTls.key),
      },
      (req, res) => {
        const path = new URL(req.url ?? '/', 'https://adapter').pathname;
        served.push(path);
        res.setHeader('content-type', 'application/json');
        if (path === '/apis/metrics.k8s.io/v1beta1') {
          res.end(
            JSON.stringify({
              kind: 'APIResourceList',
              apiVersion: 'v1',
              groupVersion: 'metrics.k8s.io/v1beta1',
              resources: [
                {
                  name: 'pods',
                  singularName: '',
                  namespaced: true,
                  kind: 'PodMetrics',
                  verbs: ['get', 'list'],
                },
              ],
            }),
          );
        } else if (path === '/apis/metrics.k8s.io/v1beta1/pods') {
          res.end(
            JSON.stringify({
              kind: 'PodMetricsList',
              apiVersion: 'metrics.k8s.io/v1beta1',
              metadata: {},
              items: [
                {
                  metadata: { name: 'metered-0', namespace: NS },
                  timestamp: new Date().toISOString(),
                  window: '15s',
                  containers: [{ name: 'game', usage: { cpu: '125m', memory: '512Mi' } }],
                },
              ],
            }),
          );
        } else {
          res.statusCode = 404;
          res.end(
            JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404 }),
          );
        }
      },
    );
    await new Promise<void>((resolve) => adapter.listen(0, '127.0.0.1', resolve));
    const port = (adapter.address() as AddressInfo).port;
    await admin.create(signedServer(undefined, NS, 'metered', serverSpec(TENANT)));
    await gamePod('metered');
    const own = new UsageSampler({ kubeConfig: kc, intervalMs: 3_600_000, recheckMs: 1_000 });
    try {
      // Before the API is served: unavailable.
      await own.tick();
      expect(Object.keys((await server('metered')).status?.usage ?? {})).toEqual(['sampledAt']);

      await admin.create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'metrics-adapter', namespace: 'default' },
        spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ port }] },
      });
      await admin.request('POST', '/apis/apiregistration.k8s.io/v1/apiservices', {
        body: {
          apiVersion: 'apiregistration.k8s.io/v1',
          kind: 'APIService',
          metadata: { name: 'v1beta1.metrics.k8s.io' },
          spec: {
            group: 'metrics.k8s.io',
            version: 'v1beta1',
            service: { name: 'metrics-adapter', namespace: 'default', port },
            insecureSkipTLSVerify: true,
            groupPriorityMinimum: 100,
            versionPriority: 100,
          },
        },
      });
      await vi.waitFor(
        async () => {
          const r = await admin.request<{ resources?: unknown[] }>(
            'GET',
            '/apis/metrics.k8s.io/v1beta1',
          );
          expect(r.resources).toHaveLength(1);
        },
        { ...converge, timeout: 60_000 },
      );

      // Asked again after the recheck time, and now measured.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await own.tick();
      expect((await server('metered')).status?.usage).toMatchObject({
        cpu: 125,
        memory: 512 * 2 ** 20,
      });
      expect(served).toContain('/apis/metrics.k8s.io/v1beta1/pods');
    } finally {
      await own.stop();
      adapter.closeAllConnections();
      await new Promise<void>((resolve) => adapter.close(() => resolve()));
    }
  });
});
