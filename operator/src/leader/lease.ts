import { hasStatus, type KubeClient, type KubeObject } from '../kube/client.ts';

/** Options of {@link LeaderElector}. */
export interface LeaderElectorOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  /** This replica's identity (pod name). */
  identity: string;
  /** How long a lease holds without renewal. Default 15 s. */
  leaseDurationMs?: number;
  /** How often the leader renews and others retry. Default 2 s. */
  retryPeriodMs?: number;
  onStartedLeading: () => void | Promise<void>;
  onStoppedLeading: () => void | Promise<void>;
  onError?: (error: unknown) => void;
}

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** Microsecond time as the Lease API writes it. */
const microTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

/**
 * Leader election on a `coordination.k8s.io` Lease, as client-go's leaderelection does: the
 * holder renews the lease; another replica takes it over only once it expired; every write is
 * conditional on the resourceVersion read, so two replicas can never both win. A leader that
 * cannot renew within the lease duration steps down before anyone else can take over.
 */
export class LeaderElector {
  readonly #o: LeaderElectorOptions;
  readonly #durationMs: number;
  readonly #retryMs: number;
  #leading = false;
  #lastRenew = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = true;
  #busy: Promise<void> = Promise.resolve();

  constructor(options: LeaderElectorOptions) {
    this.#o = options;
    this.#durationMs = options.leaseDurationMs ?? 15_000;
    this.#retryMs = options.retryPeriodMs ?? 2_000;
  }

  /** Whether this replica holds the lease. */
  get isLeader(): boolean {
    return this.#leading;
  }

  /** Starts campaigning; resolves after the first attempt. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#tick();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#tick(), this.#retryMs);
    this.#timer.unref();
  }

  #tick(): Promise<void> {
    this.#busy = this.#busy.then(async () => {
      if (this.#stopped) return;
      try {
        const held = await this.#tryAcquireOrRenew();
        if (held) this.#lastRenew = Date.now();
        if (held && !this.#leading) {
          this.#leading = true;
          await this.#o.onStartedLeading();
        } else if (!held && this.#leading) {
          await this.#stepDown();
        }
      } catch (err) {
        this.#o.onError?.(err);
        // Not renewed in time: another replica may take over now, so this one must stop first.
        if (this.#leading && Date.now() - this.#lastRenew > this.#durationMs * 0.8)
          await this.#stepDown();
      }
      this.#schedule();
    });
    return this.#busy;
  }

  async #stepDown(): Promise<void> {
    this.#leading = false;
    await this.#o.onStoppedLeading();
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name, identity } = this.#o;
    const now = Date.now();
    const lease = await client.get<Lease>('Lease', namespace, name);
    const spec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.#durationMs / 1000),
      renewTime: microTime(now),
    };
    if (!lease) {
      try {
        await client.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec: { ...spec, acquireTime: microTime(now), leaseTransitions: 0 },
        });
        return true;
      } catch (err) {
        if (hasStatus(err, 409)) return false;
        throw err;
      }
    }
    const current = lease.spec ?? {};
    const holder = current.holderIdentity ?? '';
    const renewed = current.renewTime ? Date.parse(current.renewTime) : 0;
    const expired = renewed + (current.leaseDurationSeconds ?? 0) * 1000 < now;
    if (holder !== identity && holder !== '' && !expired) return false;
    const takeover = holder !== identity;
    try {
      await client.request(
        'PUT',
        `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${name}`,
        {
          body: {
            ...lease,
            spec: {
              ...current,
              ...spec,
              ...(takeover
                ? {
                    acquireTime: microTime(now),
                    leaseTransitions: (current.leaseTransitions ?? 0) + 1,
                  }
                : {}),
            },
          },
        },
      );
      return true;
    } catch (err) {
      // Someone else wrote the lease since it was read: they won this round.
      if (hasStatus(err, 409)) return false;
      throw err;
    }
  }

  /** Stops campaigning and, when leading, releases the lease so another replica takes over at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#busy;
    if (!this.#leading) return;
    await this.#stepDown();
    try {
      const lease = await this.#o.client.get<Lease>('Lease', this.#o.namespace, this.#o.name);
      if (lease?.spec?.holderIdentity === this.#o.identity) {
        await this.#o.client.request(
          'PUT',
          `/apis/coordination.k8s.io/v1/namespaces/${this.#o.namespace}/leases/${this.#o.name}`,
          {
            body: {
              ...lease,
              spec: { ...lease.spec, holderIdentity: '', renewTime: microTime(0) },
            },
          },
        );
      }
    } catch (err) {
      this.#o.onError?.(err);
    }
  }
}
