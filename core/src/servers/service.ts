import type {
  AuditLog,
  BusEvent,
  DatabaseService,
  EventBus,
  Extensions,
  JobQueue,
  KeyValueStore,
  Logger,
  TemplateUsage,
} from '@pteronimbus/sdk';
import type { LimitsService } from '../limits/index.ts';
import type { OperatorGateway } from '../operator-gateway/index.ts';
import type { TenantDirectory } from '../tenants/index.ts';
import { PinnedTemplates } from './catalog.ts';
import { ServerCommands } from './commands.ts';
import { InstallOutputs } from './install-output.ts';
import { ClusterLiveness } from './liveness.ts';
import { ServerMetrics } from './metrics.ts';
import { DesiredStatePublisher } from './publishing.ts';
import { ServerReads } from './reads.ts';
import { OperatorRelay, type RelayAnswer } from './relay.ts';
import {
  StatusIngest,
  type ClusterEventPayload,
  type InstallPayload,
  type StatusPayload,
} from './status.ts';
import { ServerStore } from './store.ts';
import { DEFAULT_SERVER_TIMING, type ServerTiming } from './types.ts';

/** Everything the servers module needs from core. */
export interface ServersOptions {
  db: DatabaseService;
  gateway: OperatorGateway;
  events: EventBus;
  /** Prefixed for this module. */
  kv: KeyValueStore;
  jobs: JobQueue;
  audit: AuditLog;
  logger: Logger;
  tenants: Pick<TenantDirectory, 'tenant'>;
  /** Ceilings, cluster grants and exposure policy a super admin sets. */
  limits: LimitsService;
  extensions: Extensions;
  /** The player query protocol of a game, from the registry's operator hints. */
  queryProtocolOf: (gameId: string) => string | null;
  /** Keys the HMAC of console commands in the audit log (never the commands themselves). */
  consoleAuditKey?: Buffer;
  timing?: Partial<ServerTiming>;
}

/** Only for services built without a key (unit tests): core always passes one. */
const CONSOLE_AUDIT_FALLBACK_KEY = Buffer.from('pteronimbus console audit');

/**
 * Core's game servers: desired state out to the operators, status, console and metrics back. It
 * wires the units that do each job and follows the bus for them.
 */
export class ServersService {
  readonly store: ServerStore;
  readonly timing: Readonly<ServerTiming>;
  readonly #o: ServersOptions;
  readonly #liveness: ClusterLiveness;
  readonly #reads: ServerReads;
  readonly #commands: ServerCommands;
  readonly #relay: OperatorRelay;
  readonly #status: StatusIngest;
  readonly #metrics: ServerMetrics;
  readonly #publisher: DesiredStatePublisher;
  readonly #log: Logger;
  readonly #unsubscribe: Array<() => Promise<void>> = [];

  constructor(options: ServersOptions) {
    const { gateway, events, limits, tenants } = options;
    this.#o = options;
    this.#log = options.logger.child({ module: 'servers' });
    const timing = Object.freeze({ ...DEFAULT_SERVER_TIMING, ...options.timing });
    this.timing = timing;
    const store = (this.store = new ServerStore(options.db));
    const install = new InstallOutputs(options.kv, events);
    const templates = new PinnedTemplates(options.extensions);
    this.#liveness = new ClusterLiveness({
      kv: options.kv,
      gateway,
      logger: this.#log,
      staleAfterMs: timing.staleAfterMs,
    });
    const reads = (this.#reads = new ServerReads({
      store,
      liveness: this.#liveness,
      templates,
      install,
      sampleIntervalMs: timing.sampleIntervalMs,
    }));
    this.#publisher = new DesiredStatePublisher({
      store,
      gateway,
      templates,
      quotaOf: async (tenantId) =>
        limits.quota(tenantId, (await tenants.tenant(tenantId))?.settings.quotas),
      wrote: (tenantId) => reads.wrote(tenantId),
    });
    this.#commands = new ServerCommands({
      store,
      templates,
      publisher: this.#publisher,
      reads,
      install,
      limits,
      tenants,
      gateway,
      audit: options.audit,
      events,
    });
    this.#relay = new OperatorRelay({
      store,
      gateway,
      liveness: this.#liveness,
      events,
      audit: options.audit,
      logger: options.logger,
      consoleAuditKey: options.consoleAuditKey ?? CONSOLE_AUDIT_FALLBACK_KEY,
      relayTimeoutMs: timing.relayTimeoutMs,
      logsQuietMs: timing.logsQuietMs,
    });
    this.#metrics = new ServerMetrics({
      store,
      jobs: options.jobs,
      gateway,
      extensions: options.extensions,
      logger: this.#log,
      queryProtocolOf: options.queryProtocolOf,
      sampleIntervalMs: timing.sampleIntervalMs,
      playerQueryTimeoutMs: timing.playerQueryTimeoutMs,
    });
    this.#status = new StatusIngest({
      store,
      gateway,
      liveness: this.#liveness,
      install,
      events,
      logger: options.logger,
      wrote: (tenantId) => reads.wrote(tenantId),
      resumeRestart: (server) => this.#commands.resumeRestart(server),
      running: async (clusterId, server) => {
        await this.#relay.followConsole(clusterId, server);
        await this.#metrics.schedule(server);
      },
    });
  }

  /** Follows what operators report and samples running servers. */
  async start(): Promise<void> {
    const handle =
      <T>(what: string, fn: (e: BusEvent<T>) => Promise<void>) =>
      (e: BusEvent<T>) => {
        fn(e).catch((err: unknown) => this.#log.error({ err, topic: e.topic }, `${what} failed`));
      };
    this.#unsubscribe.push(
      await this.#o.events.subscribe(
        'server.status',
        handle('server status', (e) => this.#status.status(e.payload as StatusPayload)),
      ),
      await this.#o.events.subscribe(
        'server.install',
        handle('install output', (e) => this.#status.install(e.payload as InstallPayload)),
      ),
      await this.#o.events.subscribe(
        'cluster.*',
        handle('cluster message', (e) => this.#onCluster(e)),
      ),
    );
    this.#metrics.start();
    this.#liveness.start();
  }

  async stop(): Promise<void> {
    this.#liveness.stop();
    for (const off of this.#unsubscribe.splice(0)) await off();
  }

  // `cluster.<id>.<channel>`: relayed answers go to the relay, the rest is status.
  async #onCluster(event: BusEvent<unknown>) {
    const [, clusterId, channel] = event.topic.split('.');
    if (!clusterId || channel === 'link') return;
    if (channel === 'console' || channel === 'logs') {
      await this.#relay.receive(clusterId, event.payload as RelayAnswer);
      if (channel === 'logs' && this.#o.gateway.connected().includes(clusterId))
        await this.#liveness.markAlive(clusterId);
      return;
    }
    await this.#status.cluster(clusterId, event.payload as ClusterEventPayload);
  }

  // -- reads -----------------------------------------------------------------------------------

  get: ServerReads['get'] = (...a) => this.#reads.get(...a);
  listJson: ServerReads['listJson'] = (...a) => this.#reads.listJson(...a);
  installOutput: ServerReads['installOutput'] = (...a) => this.#reads.installOutput(...a);
  installHistory: ServerReads['installHistory'] = (...a) => this.#reads.installHistory(...a);

  // -- changes ---------------------------------------------------------------------------------

  create: ServerCommands['create'] = (...a) => this.#commands.create(...a);
  action: ServerCommands['action'] = (...a) => this.#commands.action(...a);
  update: ServerCommands['update'] = (...a) => this.#commands.update(...a);
  moveTemplate: ServerCommands['moveTemplate'] = (...a) => this.#commands.moveTemplate(...a);
  remove: ServerCommands['remove'] = (...a) => this.#commands.remove(...a);
  tenantUninstalled: ServerCommands['tenantUninstalled'] = (...a) =>
    this.#commands.tenantUninstalled(...a);
  tenantLimitsChanged: DesiredStatePublisher['tenantLimitsChanged'] = (...a) =>
    this.#publisher.tenantLimitsChanged(...a);

  // -- console, logs and metrics ---------------------------------------------------------------

  command: OperatorRelay['command'] = (...a) => this.#relay.command(...a);
  logs: OperatorRelay['logs'] = (...a) => this.#relay.logs(...a);
  consoleHistory: OperatorRelay['consoleHistory'] = (...a) => this.#relay.consoleHistory(...a);
  sample: ServerMetrics['sample'] = (...a) => this.#metrics.sample(...a);
  metrics: ServerMetrics['metrics'] = (...a) => this.#metrics.metrics(...a);

  /** Answers the templates library's "is this template in use?". */
  readonly templateUsage: TemplateUsage = {
    usersOf: async (ref) =>
      (await this.store.usersOfTemplate(ref.id, ref.scope === 'tenant' ? ref.tenantId : null)).map(
        (s) => ({
          type: 'server',
          id: s.id,
          name: s.name,
          tenantId: s.tenantId,
          version: s.templateVersion,
        }),
      ),
  };
}
