import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { PassThrough, Writable } from 'node:stream';
import { AppsV1Api, Attach, BatchV1Api, CoreV1Api, KubeConfig, Log } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startKube, type KubeHandle } from './harness.ts';
import { startKubelet, type Kubelet } from './kubelet.ts';

const NS = 'kubelet-test';

/** How long and how often to look again for state the apiserver converges to (`vi.waitFor`). */
const converge = { timeout: 60_000, interval: 200 };

const podSpec = {
  containers: [{ name: 'game', image: 'example/game:1', stdin: true }],
  restartPolicy: 'Always',
};

describe('simulated kubelet behind a real apiserver', () => {
  let kube: KubeHandle;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let kubelet: Kubelet;
  const game = { namespace: NS, pod: 'web-0', container: 'game' };

  beforeAll(async () => {
    kube = await startKube();
    kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    kubelet = await startKubelet(kube, {
      boot: (ref) =>
        ref.container === 'game' ? ['booting', 'Done! ready for players'] : ['install: ok'],
      onInput: (_ref, line) => [`> ${line}`, `ran ${line}`],
      ready: (_ref, log) => log.some((l) => l.startsWith('Done!')),
    });
    await core.createNamespace({ body: { metadata: { name: NS } } });
    await vi.waitFor(
      () => core.readNamespacedServiceAccount({ name: 'default', namespace: NS }),
      converge,
    );
  });

  afterAll(async () => {
    await kubelet?.stop();
    await kube?.stop();
  });

  it('registers a ready Node the apiserver reaches on its HTTPS port', async () => {
    const node = await core.readNode({ name: kubelet.nodeName });
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(kubelet.port);
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('runs a StatefulSet pod, serves its log and takes console input through attach', async () => {
    await kc.makeApiClient(AppsV1Api).createNamespacedStatefulSet({
      namespace: NS,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          serviceName: 'web',
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
        },
      },
    });
    const pod = await vi.waitFor(async () => {
      const p = await core.readNamespacedPod({ name: 'web-0', namespace: NS });
      expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
      return p;
    }, converge);
    expect(pod.spec?.nodeName).toBe(kubelet.nodeName);

    // A plain read of the log, through the apiserver's proxy to the kubelet.
    const text = await core.readNamespacedPodLog({
      name: 'web-0',
      namespace: NS,
      container: 'game',
    });
    expect(text).toBe('booting\nDone! ready for players\n');

    // Follow the log, then type a command through attach: the echo arrives on the followed log.
    let followed = '';
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        followed += chunk.toString();
        cb();
      },
    });
    await new Log(kc).log(NS, 'web-0', 'game', sink, {
      follow: true,
      tailLines: 1,
    });
    await vi.waitFor(async () => expect(followed).toBe('Done! ready for players\n'), converge);
    const stdin = new PassThrough();
    const socket = await new Attach(kc).attach(NS, 'web-0', 'game', null, null, stdin, false);
    stdin.write('say hello\n');
    await vi.waitFor(
      async () => expect(followed).toContain('> say hello\nran say hello\n'),
      converge,
    );
    socket.close();
    // The follow stays open until the kubelet stops: aborting it makes client-node's log stream
    // throw an unhandled AbortError, so the test leaves it be.
    expect(kubelet.stdin(game)).toEqual(['say hello']);
  });

  it('refuses a caller without a certificate from the cluster CA', async () => {
    // The cluster CA is trusted here, so only the missing client certificate can fail it.
    const ca = await readFile(kube.kubeletTls.ca);
    const res = await new Promise<string>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: kubelet.port, path: `/containerLogs/${NS}/web-0/game`, ca },
        () => resolve('answered'),
      );
      req.on('error', () => resolve('refused'));
      req.end();
    });
    expect(res).toBe('refused');
  });

  it('runs a Job pod, keeps its output and completes the Job', async () => {
    const batch = kc.makeApiClient(BatchV1Api);
    await batch.createNamespacedJob({
      namespace: NS,
      body: {
        metadata: { name: 'install' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              ...podSpec,
              containers: [{ name: 'install', image: 'x' }],
              restartPolicy: 'Never',
            },
          },
        },
      },
    });
    await vi.waitFor(async () => {
      const job = await batch.readNamespacedJob({ name: 'install', namespace: NS });
      expect(job.status?.conditions?.find((c) => c.type === 'Complete')?.status).toBe('True');
    }, converge);
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: 'job-name=install' });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0]!.status?.phase).toBe('Succeeded');
    const text = await core.readNamespacedPodLog({
      name: pods.items[0]!.metadata!.name!,
      namespace: NS,
      container: 'install',
    });
    expect(text).toBe('install: ok\n');
  });

  it('removes the pod when its StatefulSet scales to zero', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const sts = await apps.readNamespacedStatefulSet({ name: 'web', namespace: NS });
    sts.spec!.replicas = 0;
    await apps.replaceNamespacedStatefulSet({ name: 'web', namespace: NS, body: sts });
    await vi.waitFor(async () => {
      const list = await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=web' });
      // Gone for good, not only marked: the kubelet finishes a graceful deletion.
      expect(list.items).toHaveLength(0);
    }, converge);
  });
});
