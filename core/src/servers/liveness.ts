import type { KeyValueStore, Logger } from '@pteronimbus/sdk';
import type { OperatorGateway } from '../operator-gateway/index.ts';

/** What {@link ClusterLiveness} needs. */
export interface LivenessOptions {
  /** Shared between replicas: each cluster's last sign of life. */
  kv: Pick<KeyValueStore, 'get' | 'set'>;
  gateway: Pick<OperatorGateway, 'connected'>;
  logger: Pick<Logger, 'warn'>;
  /** A cluster that sent nothing (and whose link is down) this long makes its servers stale. */
  staleAfterMs: number;
}

/**
 * Whether each cluster is alive, as every replica sees it. Operators report status only when it
 * changes: the replica holding a link vouches for its cluster while the link is up (it says so to
 * the others through the key-value store, a few times per staleness period), so only a cluster
 * whose link is gone goes stale.
 */
export class ClusterLiveness {
  readonly #o: LivenessOptions;
  readonly #marked = new Map<string, number>();
  readonly #cache = new Map<string, { stale: boolean; at: number }>();
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(options: LivenessOptions) {
    this.#o = options;
  }

  /** Records a sign of life of a cluster whose link this replica holds. */
  async markAlive(clusterId: string, force = false): Promise<void> {
    const now = Date.now();
    const last = this.#marked.get(clusterId) ?? 0;
    // Many frames a second may arrive; a few writes per staleness period are enough.
    if (!force && now - last < this.#o.staleAfterMs / 4) return;
    this.#marked.set(clusterId, now);
    this.#cache.delete(clusterId);
    await this.#o.kv.set(`alive:${clusterId}`, String(now), { ttlMs: this.#o.staleAfterMs });
  }

  /** Whether what a cluster reported may be out of date. */
  async isStale(clusterId: string): Promise<boolean> {
    // The link is up here: this replica vouches for the cluster without asking anyone.
    if (this.#o.gateway.connected().includes(clusterId)) return false;
    // A list page asks for every cluster it shows; a second-old answer is fresh enough for it.
    const cached = this.#cache.get(clusterId);
    const now = Date.now();
    if (cached && now - cached.at < Math.min(1_000, this.#o.staleAfterMs / 4)) return cached.stale;
    const stale = (await this.#o.kv.get(`alive:${clusterId}`)) === null;
    this.#cache.set(clusterId, { stale, at: now });
    return stale;
  }

  /** Vouches for every cluster whose link this replica holds, now and then periodically. */
  start(): void {
    this.stop();
    const beat = () => {
      for (const id of this.#o.gateway.connected())
        this.markAlive(id, true).catch((err: unknown) =>
          this.#o.logger.warn({ err, clusterId: id }, 'cluster liveness not recorded'),
        );
    };
    beat();
    this.#heartbeat = setInterval(beat, Math.max(50, Math.floor(this.#o.staleAfterMs / 3)));
    this.#heartbeat.unref();
  }

  stop(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }
}
