import {
  playerQueryExtensionPoint,
  type Extensions,
  type JobQueue,
  type Logger,
} from '@pteronimbus/sdk';
import { ServerNotFound } from '../errors/codes.ts';
import { queryTarget, type OperatorGateway } from '../operator-gateway/index.ts';
import type { MetricsSample, ServerRecord, ServerStore } from './store.ts';
import { arr, str, usageOf } from './view.ts';

/** How long samples are kept. */
export const METRICS_RETENTION_MS = 24 * 3_600_000;
/** The job that samples a running server's metrics. */
export const SAMPLE_JOB = 'core.servers.sample';

/** What {@link ServerMetrics} needs. */
export interface MetricsOptions {
  store: Pick<ServerStore, 'get' | 'addSample' | 'pruneSamples' | 'samples'>;
  jobs: Pick<JobQueue, 'add' | 'process'>;
  gateway: Pick<OperatorGateway, 'getCluster'>;
  extensions: Pick<Extensions, 'get'>;
  logger: Pick<Logger, 'warn' | 'debug'>;
  /** The player query protocol of a game, from the registry's operator hints. */
  queryProtocolOf: (gameId: string) => string | null;
  /** Period of samples of a running server. */
  sampleIntervalMs: number;
  /** Give up a player query after this long. */
  playerQueryTimeoutMs: number;
}

/**
 * Metrics of running servers: a sample each period (the usage the operator last reported and a
 * player query through the game plugin's protocol), kept for a day.
 */
export class ServerMetrics {
  readonly #o: MetricsOptions;

  constructor(options: MetricsOptions) {
    this.#o = options;
  }

  /** Takes the samples that come due, on whichever replica the job queue picks. */
  start(): void {
    this.#o.jobs.process<{ tenantId: string; serverId: string }>(
      SAMPLE_JOB,
      async (job) => this.#sampleJob(job.data.tenantId, job.data.serverId),
      { concurrency: 4 },
    );
  }

  /** Samples a server once a period from now on, while it runs. */
  async schedule(server: Pick<ServerRecord, 'id' | 'tenantId'>): Promise<void> {
    const delayMs = this.#o.sampleIntervalMs;
    // One job per server and period, whoever asks for it.
    const slot = Math.floor((Date.now() + delayMs) / this.#o.sampleIntervalMs);
    await this.#o.jobs.add(
      SAMPLE_JOB,
      { tenantId: server.tenantId, serverId: server.id },
      { jobId: `${server.id}-${slot}`, delayMs },
    );
  }

  /**
   * Takes one metrics sample of a server: the usage its operator last reported and a player
   * query through the game plugin's protocol. What cannot be measured is `null`, never zero.
   */
  async sample(tenantId: string, serverId: string): Promise<MetricsSample> {
    const server = await this.#o.store.get(tenantId, serverId);
    if (!server) throw ServerNotFound(serverId);
    const usage = usageOf(server.status);
    const players = await this.#players(server);
    const sample: MetricsSample = {
      at: new Date(),
      ...usage,
      playersOnline: players?.online ?? null,
      playersMax: players?.max ?? null,
    };
    await this.#o.store.addSample(serverId, sample);
    await this.#o.store.pruneSamples(serverId, new Date(Date.now() - METRICS_RETENTION_MS));
    return sample;
  }

  /** The metrics of a server over the last `rangeMs`. */
  async metrics(tenantId: string, serverId: string, rangeMs: number) {
    const server = await this.#o.store.get(tenantId, serverId);
    if (!server) throw ServerNotFound(serverId);
    const series = await this.#o.store.samples(serverId, new Date(Date.now() - rangeMs));
    const last = series[series.length - 1];
    return {
      serverId,
      stepSeconds: Math.round(this.#o.sampleIntervalMs / 1000),
      current: {
        ...usageOf(server.status),
        playersOnline: last?.playersOnline ?? null,
        playersMax: last?.playersMax ?? null,
        reportedAt: server.statusAt?.toISOString() ?? null,
        // When the operator measured the usage; `null` when it never did.
        sampledAt: str((server.status?.usage as Record<string, unknown> | undefined)?.sampledAt),
      },
      series: series.map((s) => ({ ...s, at: s.at.toISOString() })),
    };
  }

  async #sampleJob(tenantId: string, serverId: string) {
    const server = await this.#o.store.get(tenantId, serverId);
    if (!server || server.desiredState !== 'Running' || str(server.status?.phase) !== 'Running')
      return;
    await this.sample(tenantId, serverId);
    await this.schedule(server);
  }

  async #players(server: ServerRecord): Promise<{ online: number; max: number } | null> {
    const status = server.status ?? {};
    if (str(status.phase) !== 'Running') return null;
    const protocol = this.#o.queryProtocolOf(server.gameId);
    const query = protocol
      ? this.#o.extensions.get(playerQueryExtensionPoint).find((q) => q.protocol === protocol)
      : undefined;
    const host = str(status.address);
    const ports = arr(status.ports) as Array<{ name?: string; port?: number; nodePort?: number }>;
    const port = ports.find((p) => p.name === 'game') ?? ports[0];
    const number = server.exposure === 'NodePort' ? (port?.nodePort ?? port?.port) : port?.port;
    if (!query || !host || !Number.isInteger(number) || number! < 1 || number! > 65535) return null;
    // The address comes from the operator: core only connects where the server may be reached
    // from outside, or inside one of the networks a super admin set for its cluster.
    const cluster = await this.#o.gateway.getCluster(server.clusterId).catch(() => null);
    const target = await queryTarget(host, cluster?.queryNetworks ?? []);
    if (!target.ok) {
      this.#o.logger.warn(
        { serverId: server.id, clusterId: server.clusterId, reason: target.reason },
        'refused the player query address the operator reported',
      );
      return null;
    }
    try {
      const result = await query.query({
        host: target.address,
        port: number!,
        timeoutMs: this.#o.playerQueryTimeoutMs,
      });
      return { online: result.online, max: result.max };
    } catch (err) {
      this.#o.logger.debug({ err, serverId: server.id, protocol }, 'player query failed');
      return null;
    }
  }
}
