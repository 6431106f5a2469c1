import type { KubeConfig } from '@kubernetes/client-node';
import type { ServerUsage } from '@pteronimbus/sdk';
import { hasStatus, KubeClient, type KubeObject } from '../kube/client.ts';
import {
  API_VERSION,
  LABEL_COMPONENT,
  LABEL_MANAGED_BY,
  LABEL_SERVER,
  MANAGED_BY,
} from '../names.ts';
import { childName } from '../reconciler/children.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { GameServer } from '../reconciler/types.ts';
import {
  composeUsage,
  podMetricsUsage,
  sameReadings,
  type CpuMemory,
  type NetworkCounters,
  type PodMetrics,
  type PodStats,
} from './readings.ts';

/** The field manager owning `status.usage`; the reconciler never touches the field. */
export const USAGE_FIELD_MANAGER = 'pteronimbus-operator-usage';

/** Where the resource metrics API lives when metrics-server (or another adapter) serves it. */
export const METRICS_API = '/apis/metrics.k8s.io/v1beta1';

/** Options of {@link UsageSampler}. */
export interface UsageSamplerOptions {
  kubeConfig: KubeConfig;
  /** The client to use (closed by {@link UsageSampler.stop}); one of its own by default. */
  client?: KubeClient;
  /** Time between samples. Default 60 s. */
  intervalMs?: number;
  /** How long an absent or forbidden source is left alone before it is asked again. Default 5 min. */
  recheckMs?: number;
  log?: Logger;
}

type Pod = KubeObject & {
  metadata: { name: string; namespace: string; uid?: string; labels?: Record<string, string> };
  spec?: { nodeName?: string };
  status?: { phase?: string };
};

/** A source that may be missing: when it was last found absent, and why. */
interface SourceState {
  absentUntil: number;
  reason: string | undefined;
}

/**
 * Samples what each running game server uses and writes it to the GameServer's `status.usage`,
 * from where the status reporter carries it to core. CPU and memory come from the resource
 * metrics API when the cluster serves it, network and disk from the kubelet summary when the
 * operator may read it; a source that is absent (404) or forbidden (403) is not asked again for a
 * while, so a cluster without metrics-server costs one request every few minutes, and what is not
 * measured is left out of `usage` rather than written as zero.
 */
export class UsageSampler {
  readonly #client: KubeClient;
  readonly #log: Logger;
  readonly #intervalMs: number;
  readonly #recheckMs: number;
  readonly #metrics: SourceState = { absentUntil: 0, reason: undefined };
  readonly #summary = new Map<string, SourceState>();
  readonly #counters = new Map<string, NetworkCounters>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(options: UsageSamplerOptions) {
    this.#client =
      options.client ?? new KubeClient(options.kubeConfig, { fieldManager: USAGE_FIELD_MANAGER });
    this.#log = options.log ?? silentLogger;
    this.#intervalMs = options.intervalMs ?? 60_000;
    this.#recheckMs = options.recheckMs ?? 300_000;
  }

  /** Samples every interval, the first one interval from now. */
  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
    await this.#client.close();
  }

  /** One sample of every server; a sample still running is joined, not doubled. */
  tick(): Promise<void> {
    this.#running ??= this.#sample()
      .catch((err: unknown) => this.#log.warn({ err }, 'usage sample failed'))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #sample(): Promise<void> {
    const [servers, pods] = await Promise.all([
      this.#client.list<GameServer>('GameServer'),
      this.#client.list<Pod>(
        'Pod',
        undefined,
        `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_COMPONENT}=game`,
      ),
    ]);
    const running = new Map<string, Pod>();
    for (const pod of pods.items) {
      const server = pod.metadata.labels?.[LABEL_SERVER];
      if (server && pod.status?.phase === 'Running')
        running.set(`${pod.metadata.namespace}/${server}`, pod);
    }
    const [metrics, stats] = await Promise.all([
      this.#podMetrics(),
      this.#nodeStats([...running.values()]),
    ]);
    const now = new Date().toISOString();
    const seen = new Set<string>();
    for (const server of servers.items) {
      const { namespace, name } = server.metadata;
      const pod = running.get(`${namespace}/${name}`);
      const previous = server.status?.usage;
      if (!pod) {
        if (previous) await this.#write(server, undefined);
        continue;
      }
      const key = `${namespace}/${pod.metadata.name}`;
      seen.add(pod.metadata.uid ?? key);
      const usage = this.#usage(pod, name, metrics?.get(key), stats.get(key));
      // An unchanged "nothing measured" is not written again every minute.
      if (previous && Object.keys(usage).length === 0 && sameReadings(previous, usage)) continue;
      await this.#write(server, { ...usage, sampledAt: now });
    }
    for (const uid of this.#counters.keys()) if (!seen.has(uid)) this.#counters.delete(uid);
  }

  #usage(
    pod: Pod,
    serverName: string,
    metrics: CpuMemory | undefined,
    stats: PodStats | undefined,
  ): Omit<ServerUsage, 'sampledAt'> {
    const uid = pod.metadata.uid ?? `${pod.metadata.namespace}/${pod.metadata.name}`;
    const { usage, counters } = composeUsage({
      metrics,
      stats,
      before: this.#counters.get(uid),
      claimName: childName(serverName, 'data'),
    });
    if (counters) this.#counters.set(uid, counters);
    return usage;
  }

  async #write(server: GameServer, usage: ServerUsage | undefined): Promise<void> {
    const { name, namespace } = server.metadata;
    try {
      if (usage)
        await this.#client.apply(
          {
            apiVersion: API_VERSION,
            kind: 'GameServer',
            metadata: { name, namespace },
            status: { usage },
          },
          { subresource: 'status' },
        );
      // A merge patch, not an apply without the field: a status left empty would be refused.
      else
        await this.#client.mergePatch(
          'GameServer',
          namespace,
          name,
          { status: { usage: null } },
          'status',
        );
    } catch (err) {
      if (!hasStatus(err, 404)) throw err;
    }
  }

  /** CPU and memory by `namespace/pod`, or nothing when the metrics API is not there. */
  async #podMetrics(): Promise<Map<string, CpuMemory> | undefined> {
    if (Date.now() < this.#metrics.absentUntil) return undefined;
    try {
      const list = await this.#client.request<{ items?: PodMetrics[] }>(
        'GET',
        `${METRICS_API}/pods`,
        { query: { labelSelector: `${LABEL_MANAGED_BY}=${MANAGED_BY},${LABEL_COMPONENT}=game` } },
      );
      this.#found(this.#metrics, 'resource metrics API');
      const byPod = new Map<string, CpuMemory>();
      for (const item of list.items ?? []) {
        const { namespace, name } = item.metadata ?? {};
        if (namespace && name) byPod.set(`${namespace}/${name}`, podMetricsUsage(item));
      }
      return byPod;
    } catch (err) {
      this.#absent(this.#metrics, 'resource metrics API', err);
      return undefined;
    }
  }

  /** Kubelet summaries of the nodes running `pods`, by `namespace/pod`. */
  async #nodeStats(pods: Pod[]): Promise<Map<string, PodStats>> {
    const nodes = new Set(pods.flatMap((p) => (p.spec?.nodeName ? [p.spec.nodeName] : [])));
    const byPod = new Map<string, PodStats>();
    await Promise.all(
      [...nodes].map(async (node) => {
        const state = this.#summary.get(node) ?? { absentUntil: 0, reason: undefined };
        this.#summary.set(node, state);
        if (Date.now() < state.absentUntil) return;
        try {
          const summary = await this.#client.request<{ pods?: PodStats[] }>(
            'GET',
            `/api/v1/nodes/${encodeURIComponent(node)}/proxy/stats/summary`,
          );
          this.#found(state, `kubelet summary of ${node}`);
          for (const pod of summary.pods ?? []) {
            const { namespace, name } = pod.podRef ?? {};
            if (namespace && name) byPod.set(`${namespace}/${name}`, pod);
          }
        } catch (err) {
          this.#absent(state, `kubelet summary of ${node}`, err);
        }
      }),
    );
    for (const node of this.#summary.keys()) if (!nodes.has(node)) this.#summary.delete(node);
    return byPod;
  }

  #found(state: SourceState, what: string): void {
    if (state.reason !== undefined)
      this.#log.info({ source: what }, 'usage source available again');
    state.reason = undefined;
    state.absentUntil = 0;
  }

  /**
   * Not served (404) or not allowed (403) is a state of the cluster, asked again after a while;
   * anything else (a timeout, an adapter that is down) is tried again at the next sample.
   */
  #absent(state: SourceState, what: string, err: unknown): void {
    const status = (err as { details?: { status?: number } }).details?.status ?? 0;
    const reason =
      status === 404 ? 'not served' : status === 403 ? 'forbidden' : `failed (${status})`;
    if (status === 404 || status === 403) state.absentUntil = Date.now() + this.#recheckMs;
    if (state.reason !== reason)
      this.#log.info({ source: what, reason, err }, 'usage source unavailable');
    state.reason = reason;
  }
}
