import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  type V1Job,
  type V1Node,
  type V1Pod,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KubeHandle } from './harness.ts';

/** A container of a pod the simulated kubelet runs. */
export interface ContainerRef {
  namespace: string;
  pod: string;
  container: string;
}

/** Options of {@link startKubelet}. */
export interface KubeletOptions {
  /** The Node it registers as. Default `pn-test-node`. */
  nodeName?: string;
  /** Only StatefulSets and Jobs matching this label selector get pods. Default: all. */
  selector?: string;
  /** How often it looks for work. Default 250 ms. */
  intervalMs?: number;
  /** What a container prints when it starts. Default: nothing. */
  boot?: (ref: ContainerRef) => string[];
  /** What a container prints for a line on its stdin. Default: the line itself. */
  onInput?: (ref: ContainerRef, line: string) => string[];
  /** Whether a StatefulSet pod is ready. Default: as soon as it runs. */
  ready?: (ref: ContainerRef, log: readonly string[]) => boolean;
  /** How a Job ends once its pod printed its output. Default `Complete`; `null` leaves it running. */
  jobOutcome?: (job: { namespace: string; name: string }) => 'Complete' | 'Failed' | null;
}

/** A running simulated kubelet. */
export interface Kubelet {
  readonly nodeName: string;
  /** The HTTPS port the apiserver reaches it on. */
  readonly port: number;
  /** Appends lines to a container's log, as its process would print them. */
  print(ref: ContainerRef, ...lines: string[]): void;
  /** Everything a container printed so far. */
  log(ref: ContainerRef): readonly string[];
  /** Every line written to a container's stdin so far. */
  stdin(ref: ContainerRef): readonly string[];
  /** One round of work now (pods for StatefulSets and Jobs, their status). */
  tick(): Promise<void>;
  /** Stops serving and removes the Node. */
  stop(): Promise<void>;
}

interface Container {
  lines: string[];
  stdin: string[];
  partial: string;
  followers: Set<ServerResponse>;
}

const isNotFound = (err: unknown) => (err as { code?: number }).code === 404;
const isConflict = (err: unknown) => (err as { code?: number }).code === 409;
const keyOf = (ref: ContainerRef) => `${ref.namespace}/${ref.pod}/${ref.container}`;

/**
 * Plays what a test cluster lacks between the apiserver and a container runtime: the
 * StatefulSet and Job controllers (one pod each, bound to its Node) and a kubelet serving pod
 * logs and attach over HTTPS, reached through the real apiserver's proxy exactly as on a real
 * node. Containers are simulated: each has a log that boot lines, stdin echoes and
 * {@link Kubelet.print} append to. Nothing runs for real.
 */
export async function startKubelet(
  kube: KubeHandle,
  options: KubeletOptions = {},
): Promise<Kubelet> {
  const nodeName = options.nodeName ?? 'pn-test-node';
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const containers = new Map<string, Container>();

  const containerOf = (ref: ContainerRef): Container => {
    const key = keyOf(ref);
    let found = containers.get(key);
    if (!found) {
      found = { lines: [], stdin: [], partial: '', followers: new Set() };
      containers.set(key, found);
    }
    return found;
  };
  const print = (ref: ContainerRef, ...lines: string[]): void => {
    const c = containerOf(ref);
    for (const line of lines) {
      c.lines.push(line);
      for (const res of c.followers) res.write(`${line}\n`);
    }
  };
  const input = (ref: ContainerRef, chunk: string): void => {
    const c = containerOf(ref);
    const parts = (c.partial + chunk).split('\n');
    c.partial = parts.pop() ?? '';
    for (const line of parts) {
      c.stdin.push(line);
      print(ref, ...(options.onInput ? options.onInput(ref, line) : [line]));
    }
  };

  const [cert, key, ca] = await Promise.all([
    readFile(kube.kubeletTls.cert),
    readFile(kube.kubeletTls.key),
    readFile(kube.kubeletTls.ca),
  ]);
  // Only the apiserver (a client certificate from the cluster CA) may call, as on a real node.
  const server: Server = createServer({
    cert,
    key,
    ca,
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => serveLogs(req, res));
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) =>
      protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false,
  });
  server.on('upgrade', (req, socket, head) => {
    const ref = parsePath(req.url ?? '', 'attach');
    if (!ref) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, ref));
  });

  function attach(ws: WebSocket, ref: ContainerRef): void {
    // v4.channel.k8s.io: each binary frame starts with its channel; 0 is stdin.
    ws.on('message', (data: Buffer) => {
      if (data.length > 0 && data[0] === 0) input(ref, data.subarray(1).toString('utf8'));
    });
    ws.on('error', () => undefined);
  }

  function serveLogs(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const ref = req.method === 'GET' ? parsePath(url.pathname, 'containerLogs') : null;
    if (!ref || !containers.has(keyOf(ref))) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('container not found');
      return;
    }
    const c = containerOf(ref);
    const tail = url.searchParams.get('tailLines');
    const lines = tail === null ? c.lines : c.lines.slice(-Math.max(0, Number(tail)));
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    for (const line of lines) res.write(`${line}\n`);
    if (url.searchParams.get('follow') !== 'true') {
      res.end();
      return;
    }
    c.followers.add(res);
    const done = () => c.followers.delete(res);
    req.on('close', done);
    res.on('close', done);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await registerNode(core, nodeName, port);

  const boot = (ref: ContainerRef) => {
    if (containers.has(keyOf(ref))) return;
    containerOf(ref);
    if (options.boot) print(ref, ...options.boot(ref));
  };

  async function podFor(
    namespace: string,
    name: string,
    template: { metadata?: { labels?: Record<string, string> }; spec?: V1Pod['spec'] },
    owner: { apiVersion: string; kind: string; name: string; uid: string },
    extraLabels: Record<string, string> = {},
  ): Promise<V1Pod> {
    try {
      return await core.readNamespacedPod({ name, namespace });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const body: V1Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace,
        labels: { ...template.metadata?.labels, ...extraLabels },
        ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...template.spec!, nodeName },
    };
    try {
      return await core.createNamespacedPod({ namespace, body });
    } catch (err) {
      if (isConflict(err)) return core.readNamespacedPod({ name, namespace });
      throw err;
    }
  }

  async function setRunning(pod: V1Pod, ready: boolean): Promise<void> {
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const current = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (pod.status?.phase === 'Running' && (current?.status === 'True') === ready) return;
    const now = new Date();
    pod.status = {
      phase: 'Running',
      hostIP: '127.0.0.1',
      podIP: '127.0.0.1',
      startTime: pod.status?.startTime ?? now,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now },
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
      ],
      containerStatuses: names.map((name) => ({
        name,
        ready,
        restartCount: 0,
        image: pod.spec?.containers.find((c) => c.name === name)?.image ?? '',
        imageID: '',
        started: true,
        state: { running: { startedAt: now } },
      })),
    };
    await core.replaceNamespacedPodStatus({
      name: pod.metadata!.name!,
      namespace: pod.metadata!.namespace!,
      body: pod,
    });
  }

  async function statefulSets(): Promise<void> {
    const list = await apps.listStatefulSetForAllNamespaces(
      options.selector ? { labelSelector: options.selector } : {},
    );
    for (const sts of list.items as V1StatefulSet[]) {
      const { name, namespace, uid } = sts.metadata as {
        name: string;
        namespace: string;
        uid: string;
      };
      const podName = `${name}-0`;
      if ((sts.spec?.replicas ?? 1) === 0) {
        // As the StatefulSet controller does; the pod goes once finalizeDeleted sees it marked.
        await core.deleteNamespacedPod({ name: podName, namespace }).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
        continue;
      }
      const pod = await podFor(namespace, podName, sts.spec!.template, {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        name,
        uid,
      });
      const refs = (pod.spec?.containers ?? []).map((c) => ({
        namespace,
        pod: podName,
        container: c.name,
      }));
      refs.forEach(boot);
      const ready = refs.every((ref) =>
        options.ready ? options.ready(ref, containerOf(ref).lines) : true,
      );
      await setRunning(pod, ready);
    }
  }

  async function jobs(): Promise<void> {
    const list = await batch.listJobForAllNamespaces(
      options.selector ? { labelSelector: options.selector } : {},
    );
    for (const job of list.items as V1Job[]) {
      const done = job.status?.conditions?.some(
        (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      );
      if (done || job.spec?.suspend) continue;
      const { name, namespace, uid } = job.metadata as {
        name: string;
        namespace: string;
        uid: string;
      };
      const podName = `${name}-pod`;
      const pod = await podFor(
        namespace,
        podName,
        job.spec!.template,
        { apiVersion: 'batch/v1', kind: 'Job', name, uid },
        { 'job-name': name, 'batch.kubernetes.io/job-name': name },
      );
      const refs = (pod.spec?.containers ?? []).map((c) => ({
        namespace,
        pod: podName,
        container: c.name,
      }));
      const fresh = refs.filter((ref) => !containers.has(keyOf(ref)));
      refs.forEach(boot);
      if (fresh.length > 0) {
        // Give followers a round to see the output before the Job ends.
        await setRunning(pod, false);
        continue;
      }
      const outcome = options.jobOutcome ? options.jobOutcome({ namespace, name }) : 'Complete';
      if (outcome) await finish(job, pod, outcome);
    }
  }

  async function finish(job: V1Job, pod: V1Pod, outcome: 'Complete' | 'Failed'): Promise<void> {
    const now = new Date();
    const exitCode = outcome === 'Complete' ? 0 : 1;
    pod.status = {
      ...pod.status,
      phase: outcome === 'Complete' ? 'Succeeded' : 'Failed',
      containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
        name: c.name,
        ready: false,
        restartCount: 0,
        image: c.image ?? '',
        imageID: '',
        state: { terminated: { exitCode, startedAt: now, finishedAt: now } },
      })),
    };
    await core.replaceNamespacedPodStatus({
      name: pod.metadata!.name!,
      namespace: pod.metadata!.namespace!,
      body: pod,
    });
    const cond = (type: string, reason: string) => ({
      type,
      status: 'True',
      reason,
      message: reason,
      lastProbeTime: now,
      lastTransitionTime: now,
    });
    job.status =
      outcome === 'Complete'
        ? {
            startTime: job.status?.startTime ?? now,
            completionTime: now,
            succeeded: 1,
            conditions: [
              cond('SuccessCriteriaMet', 'CompletionsReached'),
              cond('Complete', 'CompletionsReached'),
            ],
          }
        : {
            startTime: job.status?.startTime ?? now,
            failed: 1,
            conditions: [
              cond('FailureTarget', 'BackoffLimitExceeded'),
              cond('Failed', 'BackoffLimitExceeded'),
            ],
          };
    await batch.replaceNamespacedJobStatus({
      name: job.metadata!.name!,
      namespace: job.metadata!.namespace!,
      body: job,
    });
  }

  // A pod bound to a node is deleted gracefully: the apiserver only marks it, and the node's
  // kubelet removes it once its containers stopped. The simulated containers stop at once.
  async function finalizeDeleted(): Promise<void> {
    const pods = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodeName}` });
    for (const pod of pods.items) {
      if (!pod.metadata?.deletionTimestamp) continue;
      const { name, namespace } = pod.metadata as { name: string; namespace: string };
      for (const key of [...containers.keys()])
        if (key.startsWith(`${namespace}/${name}/`)) containers.delete(key);
      await core
        .deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 })
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
    }
  }

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async (): Promise<void> => {
    await statefulSets();
    await jobs();
    await finalizeDeleted();
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      running = tick().catch(() => undefined);
      await running;
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
    }
  };
  void loop();

  return {
    nodeName,
    port,
    print,
    log: (ref) => containerOf(ref).lines,
    stdin: (ref) => containerOf(ref).stdin,
    tick,
    async stop() {
      stopped = true;
      await running;
      for (const c of containers.values()) for (const res of c.followers) res.end();
      for (const ws of wss.clients) ws.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // The apiserver keeps its connections alive; close() alone would wait for them forever.
      server.closeAllConnections();
      await closed;
      await core.deleteNode({ name: nodeName }).catch(() => undefined);
    },
  };
}

/** `/<kind>/<namespace>/<pod>/<container>` as the apiserver asks a kubelet for it. */
function parsePath(path: string, kind: 'containerLogs' | 'attach'): ContainerRef | null {
  const [pathname] = path.split('?');
  const parts = (pathname ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length !== 4 || parts[0] !== kind) return null;
  return { namespace: parts[1]!, pod: parts[2]!, container: parts[3]! };
}

async function registerNode(core: CoreV1Api, name: string, port: number): Promise<void> {
  const body: V1Node = { apiVersion: 'v1', kind: 'Node', metadata: { name } };
  let node: V1Node;
  try {
    node = await core.createNode({ body });
  } catch (err) {
    if (!isConflict(err)) throw err;
    node = await core.readNode({ name });
  }
  const now = new Date();
  node.status = {
    addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
    daemonEndpoints: { kubeletEndpoint: { Port: port } },
    capacity: { cpu: '8', memory: '32Gi', pods: '110' },
    allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'simulated kubelet is posting ready status',
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      },
    ],
  };
  await core.replaceNodeStatus({ name, body: node });
}
