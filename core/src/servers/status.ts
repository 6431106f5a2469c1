import {
  publishToStream,
  streamTopics,
  type EventBus,
  type InstallEndMessage,
  type InstallOutputMessage,
  type Logger,
} from '@pteronimbus/sdk';
import type { OperatorGateway } from '../operator-gateway/index.ts';
import type { InstallOutputs } from './install-output.ts';
import type { ClusterLiveness } from './liveness.ts';
import { tenantEvent } from './notices.ts';
import { operatorCondition, operatorSummary } from './operator-text.ts';
import type { ServerRecord, ServerStore } from './store.ts';
import { serverView, str } from './view.ts';

/** A GameServer's status as its operator reported it, heard on the bus. */
export interface StatusPayload {
  clusterId: string;
  kind: string;
  tenantId: string;
  namespace: string;
  name: string;
  generation: number | null;
  status: Record<string, unknown> | null;
}

/** A frame of an install Job's output, heard on the bus. */
export type InstallPayload = (InstallOutputMessage | InstallEndMessage) & { clusterId: string };

/** A Kubernetes event an operator reported, heard on the bus. */
export interface ClusterEventPayload {
  type?: string;
  kind?: string;
  tenantId?: string | null;
  name?: string;
  eventType?: string;
  reason?: string;
  message?: string;
}

/** What {@link StatusIngest} needs. */
export interface StatusIngestOptions {
  store: Pick<ServerStore, 'get' | 'recordStatus'>;
  gateway: Pick<OperatorGateway, 'connected'>;
  liveness: Pick<ClusterLiveness, 'markAlive'>;
  install: Pick<InstallOutputs, 'handle'>;
  events: EventBus;
  logger: Pick<Logger, 'info'>;
  /** Told of every change of a tenant's servers this replica records. */
  wrote: (tenantId: string) => void;
  /** Starts a server again that stopped for a restart. */
  resumeRestart: (server: ServerRecord) => Promise<void>;
  /** A server started running: follow its console and sample its metrics. */
  running: (clusterId: string, server: ServerRecord) => Promise<void>;
}

/**
 * What operators report about servers, heard by every replica and handled by the one holding the
 * cluster's link: status (stored, published to the server's panels, a pending restart resumed),
 * install output, and Kubernetes events of a server.
 */
export class StatusIngest {
  readonly #o: StatusIngestOptions;
  /** Install frames being handled, one after another per cluster. */
  readonly #installChains = new Map<string, Promise<void>>();

  constructor(options: StatusIngestOptions) {
    this.#o = options;
  }

  #mine(clusterId: string): boolean {
    return this.#o.gateway.connected().includes(clusterId);
  }

  async status(p: StatusPayload): Promise<void> {
    if (!this.#mine(p.clusterId)) return;
    await this.#o.liveness.markAlive(p.clusterId);
    const recorded = await this.#o.store.recordStatus(
      p.clusterId,
      p.tenantId,
      p.name,
      p.status,
      p.generation,
    );
    if (!recorded || !recorded.changed) return;
    const { server, previous } = recorded;
    const { events } = this.#o;
    this.#o.wrote(server.tenantId);
    const reported = str(server.status?.message);
    if (reported !== null && reported !== operatorSummary(reported))
      this.#o.logger.info(
        { serverId: server.id, message: reported },
        'operator status message (full text)',
      );
    const phase = str(server.status?.phase);
    const before = str(previous?.phase);
    const view = serverView(server, false);
    await publishToStream(events, streamTopics.serverStatus(server.tenantId, server.id), {
      serverId: server.id,
      revision: server.revision,
      status: view.status,
    });
    if (phase !== before)
      await tenantEvent(events, server.tenantId, {
        type: 'server.status',
        serverId: server.id,
        phase,
        previousPhase: before,
      });
    if (phase === 'Installing' || before === 'Installing')
      await publishToStream(events, streamTopics.serverInstall(server.tenantId, server.id), {
        kind: 'status',
        serverId: server.id,
        phase,
        message: view.status.message,
        conditions: view.status.conditions,
      });
    if (
      server.pendingAction === 'restart' &&
      server.desiredState === 'Stopped' &&
      (phase === 'Stopped' || phase === 'Failed')
    )
      await this.#o.resumeRestart(server);
    if (phase === 'Running' && before !== 'Running') await this.#o.running(p.clusterId, server);
  }

  /**
   * An install frame. The replica holding the link keeps and publishes it, one frame of a
   * cluster after another so that output stays in the order the operator sent it.
   */
  install(p: InstallPayload): Promise<void> {
    if (!this.#mine(p.clusterId)) return Promise.resolve();
    const run = async () => {
      const server = await this.#o.store.get(p.tenantId, p.name);
      if (!server || server.clusterId !== p.clusterId) return;
      await this.#o.install.handle(server.tenantId, server.id, p);
    };
    const next = (this.#installChains.get(p.clusterId) ?? Promise.resolve()).then(run);
    const settled = next.catch(() => {});
    this.#installChains.set(p.clusterId, settled);
    void settled.then(() => {
      if (this.#installChains.get(p.clusterId) === settled) this.#installChains.delete(p.clusterId);
    });
    return next;
  }

  /** Anything else a cluster's operator reported: a GameServer's events reach its tenant. */
  async cluster(clusterId: string, m: ClusterEventPayload): Promise<void> {
    if (!this.#mine(clusterId)) return;
    await this.#o.liveness.markAlive(clusterId);
    if (m.type !== 'event' || m.kind !== 'GameServer' || !m.tenantId || !m.name) return;
    const server = await this.#o.store.get(m.tenantId, m.name);
    if (!server || server.clusterId !== clusterId) return;
    await tenantEvent(this.#o.events, m.tenantId, {
      type: 'server.event',
      serverId: server.id,
      eventType: m.eventType === 'Warning' ? 'Warning' : 'Normal',
      reason: operatorCondition({ type: 'Event', reason: m.reason })?.reason,
      message: operatorSummary(m.message),
    });
  }
}
