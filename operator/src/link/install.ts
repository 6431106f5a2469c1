import type { KubeConfig } from '@kubernetes/client-node';
import type { OperatorMessage } from '@pteronimbus/sdk';
import type { KubeClient, KubeObject } from '../kube/client.ts';
import { WatchedInformer } from '../kube/informer.ts';
import { readPodLog, type PodLogStream } from '../kube/logs.ts';
import {
  LABEL_COMPONENT,
  LABEL_MANAGED_BY,
  LABEL_SERVER,
  LABEL_TENANT,
  MANAGED_BY,
} from '../names.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { LinkLogsFailed } from './errors.ts';

/** The container of an install Job's pod (see the reconciler's `buildInstallJob`). */
export const INSTALL_CONTAINER = 'install';

/** What the relay needs of the link. */
export interface InstallLink {
  send(message: OperatorMessage): boolean;
  onConnected(fn: () => void): void;
}

/** Options of {@link InstallLogRelay}. */
export interface InstallLogRelayOptions {
  kubeConfig: KubeConfig;
  client: KubeClient;
  link: InstallLink;
  /** An install that ended longer ago than this is not relayed (after a restart). Default 10 min. */
  recentMs?: number;
  log?: Logger;
}

type InstallPod = KubeObject & {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; name?: string }>;
  };
  status?: {
    containerStatuses?: Array<{
      name: string;
      state?: {
        running?: unknown;
        terminated?: { finishedAt?: string };
      };
    }>;
  };
};

/** Where an install pod belongs: its tenant, server and Job. */
function installOf(pod: InstallPod) {
  const labels = pod.metadata.labels ?? {};
  const job =
    pod.metadata.ownerReferences?.find((o) => o.kind === 'Job')?.name ??
    labels['batch.kubernetes.io/job-name'] ??
    labels['job-name'];
  const tenantId = labels[LABEL_TENANT];
  const name = labels[LABEL_SERVER];
  return tenantId && name && job
    ? { tenantId, namespace: pod.metadata.namespace, name, job }
    : undefined;
}

/**
 * Follows the log of every install Job's pod and relays it to core (`install.output`, then
 * `install.end`), so the panel shows an install as it runs. The operator starts this by itself
 * (core need not ask): a pod is followed once its container has started, from the start of its
 * log, the first frame marked `restart`. A follow cut by a lost link is started over once the
 * link is back; a log that cannot be read (no kubelet, not allowed) ends with the reason and is
 * not tried again, so a broken kubelet costs one request per install, not a loop.
 */
export class InstallLogRelay {
  readonly #o: InstallLogRelayOptions;
  readonly #informer: WatchedInformer<InstallPod>;
  readonly #log: Logger;
  /** Follows in progress by pod uid. */
  readonly #active = new Map<string, { stream: PodLogStream | undefined; cut: boolean }>();
  readonly #done = new Set<string>();
  #stopped = false;

  constructor(options: InstallLogRelayOptions) {
    this.#o = options;
    this.#log = options.log ?? silentLogger;
    this.#informer = new WatchedInformer<InstallPod>(options.kubeConfig, options.client, 'Pod', {
      labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_COMPONENT}=install`,
    });
    this.#informer.onChange((pod, verb) => {
      if (verb === 'delete') {
        this.#active.get(pod.metadata.uid)?.stream?.stop();
        this.#active.delete(pod.metadata.uid);
        this.#done.delete(pod.metadata.uid);
      } else this.#consider(pod);
    });
    options.link.onConnected(() => {
      for (const pod of this.#informer.list()) this.#consider(pod);
    });
  }

  start(): Promise<void> {
    this.#stopped = false;
    return this.#informer.start();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const follow of this.#active.values()) follow.stream?.stop();
    this.#active.clear();
    await this.#informer.stop();
  }

  #consider(pod: InstallPod): void {
    const uid = pod.metadata.uid;
    if (this.#stopped || this.#active.has(uid) || this.#done.has(uid)) return;
    const target = installOf(pod);
    const state = pod.status?.containerStatuses?.find((c) => c.name === INSTALL_CONTAINER)?.state;
    if (!target || !(state?.running || state?.terminated)) return;
    const finished = state.terminated?.finishedAt ? Date.parse(state.terminated.finishedAt) : NaN;
    if (Date.now() - finished > (this.#o.recentMs ?? 600_000)) return;
    void this.#follow(pod, target);
  }

  async #follow(pod: InstallPod, target: NonNullable<ReturnType<typeof installOf>>) {
    const uid = pod.metadata.uid;
    const token = { stream: undefined as PodLogStream | undefined, cut: false };
    this.#active.set(uid, token);
    let first = true;
    try {
      token.stream = await readPodLog(
        this.#o.kubeConfig,
        { namespace: pod.metadata.namespace, pod: pod.metadata.name, container: INSTALL_CONTAINER },
        (data) => {
          if (token.cut) return;
          const sent = this.#o.link.send({
            type: 'install.output',
            ...target,
            data,
            ...(first ? { restart: true } : {}),
          });
          first = false;
          // The link went down: stop, and start over from the beginning once it is back.
          if (!sent) {
            token.cut = true;
            token.stream?.stop();
          }
        },
      );
      if (this.#stopped || this.#active.get(uid) !== token) token.stream.stop();
      await token.stream.done;
    } catch (err) {
      if (this.#active.get(uid) !== token) return;
      const error = LinkLogsFailed((err as Error).message ?? String(err));
      this.#log.warn(
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, err: error },
        'could not relay an install log',
      );
      this.#finish(
        uid,
        this.#o.link.send({
          type: 'install.end',
          ...target,
          error: { code: error.code, message: error.message },
        }),
      );
      return;
    }
    // Stopped, or the pod was deleted meanwhile: nothing more to say.
    if (this.#stopped || this.#active.get(uid) !== token) return;
    this.#finish(uid, !token.cut && this.#o.link.send({ type: 'install.end', ...target }));
  }

  /** Done once core has heard the end; otherwise it is followed again after a reconnect. */
  #finish(uid: string, delivered: boolean): void {
    this.#active.delete(uid);
    if (delivered) this.#done.add(uid);
  }
}
