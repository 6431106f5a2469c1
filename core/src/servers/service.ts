import { randomBytes } from 'node:crypto';
import {
  isPnError,
  playerQueryExtensionPoint,
  publishToStream,
  streamTopics,
  templateCatalogExtensionPoint,
  tenantNamespace,
  type AuditLog,
  type AuditSource,
  type BusEvent,
  type CatalogTemplateVersion,
  type ConsoleResultMessage,
  type DatabaseService,
  type EventBus,
  type Extensions,
  type GameServerSpec,
  type InstallEndMessage,
  type InstallOutputMessage,
  type JobQueue,
  type KeyValueStore,
  type Logger,
  type LogsDataMessage,
  type LogsEndMessage,
  type ParameterValue,
  type PortExposure,
  type Principal,
  type TemplateResources,
  type TemplateUsage,
} from '@pteronimbus/sdk';
import {
  ClusterCapacityExceeded,
  QuotaExceeded,
  ServerClusterOffline,
  ServerClusterRequired,
  ServerClusterUnavailable,
  ServerConsoleFailed,
  ServerExposureNotAllowed,
  ServerLogsFailed,
  ServerNotFound,
  ServerRelayTimeout,
  ServerTemplateNotFound,
} from '../errors/codes.ts';
import type { ResourceLimits } from '../config/schema.ts';
import { LIMIT_KEYS, type LimitsService } from '../limits/index.ts';
import { queryTarget, type OperatorGateway } from '../operator-gateway/index.ts';
import { InstallOutputs, type InstallOutput } from './install-output.ts';
import type { TenantDirectory, TenantSettings } from '../tenants/index.ts';
import {
  documentHash,
  gamePortRules,
  gameServerSpec,
  templateObjectName,
  tenantSpec,
} from './documents.ts';
import {
  assertParameters,
  assertUnlocked,
  carryOver,
  explicitValues,
  hiddenParameters,
  withoutHidden,
  type DroppedParameter,
} from './parameters.ts';
import {
  newServerId,
  ServerStore,
  type ListedServer,
  type MetricsSample,
  type ServerChange,
  type ServerFilter,
  type ServerRecord,
  type Sql,
  type TenantUsage,
} from './store.ts';
import { redactCommand } from '../audit/redact.ts';
import {
  operatorCode,
  operatorCondition,
  operatorConditions,
  operatorSummary,
} from './operator-text.ts';

/** Timing of the servers module; tests shorten it. */
export interface ServerTiming {
  /** A cluster that sent nothing (and whose link is down) this long makes its servers stale. */
  staleAfterMs: number;
  /** Period of metrics samples (player query and usage) of a running server. */
  sampleIntervalMs: number;
  /** How long a console command or a log request waits for the operator. */
  relayTimeoutMs: number;
  /** A log download ends once the operator has been quiet this long. */
  logsQuietMs: number;
  /** Give up a player query after this long. */
  playerQueryTimeoutMs: number;
}

/** Defaults of {@link ServerTiming}. */
export const DEFAULT_SERVER_TIMING: ServerTiming = Object.freeze({
  staleAfterMs: 60_000,
  sampleIntervalMs: 60_000,
  relayTimeoutMs: 5_000,
  logsQuietMs: 1_000,
  playerQueryTimeoutMs: 3_000,
});

/** How long samples are kept. */
export const METRICS_RETENTION_MS = 24 * 3_600_000;
/** The job that samples a running server's metrics. */
export const SAMPLE_JOB = 'core.servers.sample';

/**
 * Which parameters a caller deals with: `all`, or as a `member` without `template.manage`, who
 * neither sees parameters the template marks `userViewable: false` nor changes those it marks
 * `userEditable: false` (or not viewable).
 */
export type ParameterAccess = 'all' | 'member';

/** Who asks for a change, for the audit log. */
export interface Actor {
  principal: Principal | null;
  /** Default `all` (the system, template managers, super admins). */
  parameterAccess?: ParameterAccess;
  requestId?: string;
  source: AuditSource;
}

/** The actions of `POST /servers/:serverId/actions/:action`. */
export const SERVER_ACTIONS = ['start', 'stop', 'restart', 'kill', 'reinstall'] as const;
/** See {@link SERVER_ACTIONS}. */
export type ServerAction = (typeof SERVER_ACTIONS)[number];

/** A new server as asked for. */
export interface CreateServerInput {
  name: string;
  templateId: string;
  templateVersion?: number | undefined;
  parameters?: Record<string, unknown> | undefined;
  resources?: Partial<TemplateResources> | undefined;
  exposure?: PortExposure | undefined;
  clusterId?: string | undefined;
  /** Start once installed (default true). */
  start?: boolean | undefined;
}

/** A change of settings: `null` parameter values go back to the default. */
export interface UpdateServerInput {
  name?: string | undefined;
  parameters?: Record<string, unknown> | undefined;
  resources?: Partial<TemplateResources> | undefined;
  exposure?: PortExposure | undefined;
}

/** What the API shows of a server's reported status. */
export interface ServerStatusView {
  /** Last phase the operator reported; `null` before its first report. */
  phase: string | null;
  message: string | null;
  address: string | null;
  ports: unknown[];
  conditions: unknown[];
  restartCount: number | null;
  observedGeneration: number | null;
  /** When the operator last reported. */
  reportedAt: string | null;
  /** Seconds since `reportedAt`. */
  ageSeconds: number | null;
  /** The cluster stopped reporting: what is shown may be out of date. */
  stale: boolean;
}

/** A server as the API shows it. */
export interface ServerView {
  id: string;
  tenantId: string;
  name: string;
  clusterId: string;
  template: { id: string; version: number };
  gameId: string;
  parameters: Record<string, ParameterValue>;
  resources: TemplateResources;
  exposure: PortExposure;
  desiredState: string;
  installGeneration: number;
  pendingAction: string | null;
  revision: number;
  linkRevision: number | null;
  status: ServerStatusView;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * A listed server's latest metrics sample, so a list shows players and usage without asking for
 * each server's metrics. `null` fields were not measured (never zero).
 */
export interface ServerCurrentView {
  /** When the sample was taken. */
  sampledAt: string;
  playersOnline: number | null;
  playersMax: number | null;
  /** Millicores. */
  cpu: number | null;
  /** MiB. */
  memory: number | null;
}

/**
 * A server as the list shows it: with `current`, its latest sample when one was taken within the
 * last three sample periods (else `null`), present only for a caller holding
 * `server.metrics.read` on that server.
 */
export interface ServerListItemView extends ServerView {
  current?: ServerCurrentView | null;
}

/** Which listed servers' samples a caller may see: all, or only these ids. */
export type MetricsScope = 'all' | readonly string[];

/** The answer of every change: the desired state as accepted, at its new revision. */
export interface AcceptedChange {
  revision: number;
  server: ServerView;
  desired: GameServerSpec;
}

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

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const arr = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);

/** One page of a tenant's servers as read, before the views are made. */
interface ListPage {
  page: ListedServer[];
  stale: Map<string, boolean>;
  next: string | null;
}

/** A list read in flight, and the answer bytes made from it. */
interface SharedRead {
  epoch: number;
  page: Promise<ListPage>;
  body?: { second: number; bytes: Buffer };
}

/** Core's game servers: desired state out to the operators, status, console and metrics back. */
export class ServersService {
  readonly store: ServerStore;
  readonly #o: ServersOptions;
  readonly #install: InstallOutputs;
  readonly #installChains = new Map<string, Promise<void>>();
  readonly #log: Logger;
  #timing: ServerTiming;
  readonly #consoleWaiters = new Map<string, (m: ConsoleResultMessage) => void>();
  readonly #logWaiters = new Map<string, (m: LogsDataMessage | LogsEndMessage) => void>();
  readonly #aliveMarked = new Map<string, number>();
  readonly #staleCache = new Map<string, { stale: boolean; at: number }>();
  /** List pages being read, shared by identical requests that arrive meanwhile. */
  readonly #listing = new Map<string, SharedRead>();
  /** Raised by every write this replica makes to a tenant's servers. */
  readonly #writeEpochs = new Map<string, number>();
  readonly #unsubscribe: Array<() => Promise<void>> = [];
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(options: ServersOptions) {
    this.#o = options;
    this.store = new ServerStore(options.db);
    this.#install = new InstallOutputs(options.kv, options.events);
    this.#log = options.logger.child({ module: 'servers' });
    this.#timing = { ...DEFAULT_SERVER_TIMING, ...options.timing };
  }

  get timing(): ServerTiming {
    return this.#timing;
  }

  /** Changes timing at run time (tests). */
  configure(timing: Partial<ServerTiming>): void {
    this.#timing = { ...this.#timing, ...timing };
    this.#staleCache.clear();
    if (this.#heartbeat) this.#startHeartbeat();
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
        handle('server status', (e) => this.#onStatus(e.payload as StatusPayload)),
      ),
      await this.#o.events.subscribe(
        'server.install',
        handle('install output', (e) => this.#onInstall(e.payload as InstallPayload)),
      ),
      await this.#o.events.subscribe(
        'cluster.*',
        handle('cluster message', (e) => this.#onCluster(e)),
      ),
    );
    this.#o.jobs.process<{ tenantId: string; serverId: string }>(
      SAMPLE_JOB,
      async (job) => this.#sampleJob(job.data.tenantId, job.data.serverId),
      { concurrency: 4 },
    );
    this.#startHeartbeat();
  }

  async stop(): Promise<void> {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    for (const off of this.#unsubscribe.splice(0)) await off();
  }

  // Operators report status only when it changes: the replica holding a link vouches for the
  // cluster while the link is up, so only a cluster whose link is gone goes stale.
  #startHeartbeat() {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    const beat = () => {
      for (const id of this.#o.gateway.connected())
        this.#markAlive(id, true).catch((err: unknown) =>
          this.#log.warn({ err, clusterId: id }, 'cluster liveness not recorded'),
        );
    };
    beat();
    this.#heartbeat = setInterval(beat, Math.max(50, Math.floor(this.#timing.staleAfterMs / 3)));
    this.#heartbeat.unref();
  }

  // -- reading ---------------------------------------------------------------------------------

  async get(tenantId: string, id: string, access: ParameterAccess = 'all'): Promise<ServerView> {
    const server = await this.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    const hidden = access === 'all' ? undefined : await this.#hiddenOf(server);
    return this.#view(server, await this.#stale(server.clusterId), hidden);
  }

  /**
   * The parameters of a server a member may not see. When its template cannot be read, all of
   * them: what they may see is not known.
   */
  async #hiddenOf(
    server: Pick<ServerRecord, 'tenantId' | 'templateId' | 'templateVersion' | 'parameters'>,
    template?: CatalogTemplateVersion,
  ): Promise<ReadonlySet<string>> {
    try {
      const pinned =
        template ??
        (await this.#template(server.tenantId, server.templateId, server.templateVersion));
      return hiddenParameters(pinned.spec.parameters);
    } catch (err) {
      if (!isPnError(err)) throw err;
      return new Set(Object.keys(server.parameters));
    }
  }

  /**
   * The list page as the HTTP answer's JSON bytes (`{ items, nextCursor }`). Requests that share
   * a read also share the bytes made within the same second (ages are in whole seconds).
   */
  async listJson(
    tenantId: string,
    filter: ServerFilter,
    metrics: MetricsScope = 'all',
    access: ParameterAccess = 'all',
  ): Promise<Buffer> {
    const shared = this.#shared(tenantId, filter, metrics, access);
    const { page, stale, next } = await shared.page;
    const second = Math.floor(Date.now() / 1000);
    if (shared.body?.second !== second) {
      const seen = metrics === 'all' ? null : new Set(metrics);
      const hidden = new Map<string, ReadonlySet<string>>();
      if (access !== 'all')
        for (const s of page) {
          const key = `${s.templateId}@${s.templateVersion}`;
          if (!hidden.has(key)) hidden.set(key, await this.#hiddenOf(s));
        }
      const items = page.map((s): ServerListItemView => ({
        ...this.#view(
          s,
          stale.get(s.clusterId) ?? true,
          access === 'all' ? undefined : hidden.get(`${s.templateId}@${s.templateVersion}`),
        ),
        ...(seen === null || seen.has(s.id) ? { current: this.#current(s) } : {}),
      }));
      shared.body = { second, bytes: Buffer.from(JSON.stringify({ items, nextCursor: next })) };
    }
    return shared.body.bytes;
  }

  // Sampling stops with the server: an older sample no longer says what is happening now.
  #current(s: ListedServer): ServerCurrentView | null {
    const latest = s.latest;
    if (latest === null || Date.now() - latest.at.getTime() > 3 * this.#timing.sampleIntervalMs)
      return null;
    return {
      sampledAt: latest.at.toISOString(),
      playersOnline: latest.playersOnline,
      playersMax: latest.playersMax,
      cpu: latest.cpu,
      memory: latest.memory,
    };
  }

  // Many tabs of one guild ask for the same page at once: identical requests share the read in
  // flight. One that arrives after a write here starts a fresh read, so a writer always sees its
  // own change.
  #shared(
    tenantId: string,
    filter: ServerFilter,
    metrics: MetricsScope,
    access: ParameterAccess,
  ): SharedRead {
    // Callers who may see different samples or parameters share no bytes.
    const key = `${tenantId}\u0000${JSON.stringify(filter)}\u0000${JSON.stringify(metrics)}\u0000${access}`;
    const epoch = this.#writeEpochs.get(tenantId) ?? 0;
    const shared = this.#listing.get(key);
    if (shared && shared.epoch === epoch) return shared;
    const entry: SharedRead = { epoch, page: this.#readPage(tenantId, filter) };
    this.#listing.set(key, entry);
    const done = () => {
      if (this.#listing.get(key) === entry) this.#listing.delete(key);
    };
    entry.page.then(done, done);
    return entry;
  }

  async #readPage(tenantId: string, filter: ServerFilter): Promise<ListPage> {
    const rows = await this.store.list(tenantId, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const clusters = [...new Set(page.map((s) => s.clusterId))];
    const stale = new Map(
      await Promise.all(clusters.map(async (c) => [c, await this.#stale(c)] as const)),
    );
    return { page, stale, next: rows.length > filter.limit ? page[page.length - 1]!.id : null };
  }

  /** Marks a write to a tenant's servers: list reads in flight no longer answer for it. */
  #wrote(tenantId: string): void {
    this.#writeEpochs.set(tenantId, (this.#writeEpochs.get(tenantId) ?? 0) + 1);
  }

  #view(s: ServerRecord, stale: boolean, hidden?: ReadonlySet<string>): ServerView {
    const st = s.status ?? {};
    const reportedAt = s.statusAt;
    return {
      id: s.id,
      tenantId: s.tenantId,
      name: s.name,
      clusterId: s.clusterId,
      template: { id: s.templateId, version: s.templateVersion },
      gameId: s.gameId,
      parameters: hidden ? withoutHidden(s.parameters, hidden) : s.parameters,
      resources: s.resources,
      exposure: s.exposure,
      desiredState: s.desiredState,
      installGeneration: s.installGeneration,
      pendingAction: s.pendingAction,
      revision: s.revision,
      linkRevision: s.linkRevision,
      status: {
        phase: str(st.phase),
        // Operator text reaches tenants only as a sanitized summary (see operator-text.ts).
        message: operatorSummary(st.message),
        address: str(st.address),
        ports: arr(st.ports),
        conditions: operatorConditions(st.conditions),
        restartCount: int(st.restartCount),
        observedGeneration: int(st.observedGeneration),
        reportedAt: reportedAt ? reportedAt.toISOString() : null,
        ageSeconds: reportedAt
          ? Math.max(0, Math.round((Date.now() - reportedAt.getTime()) / 1000))
          : null,
        stale,
      },
      createdBy: s.createdBy,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    };
  }

  // -- liveness --------------------------------------------------------------------------------

  async #markAlive(clusterId: string, force = false) {
    const now = Date.now();
    const last = this.#aliveMarked.get(clusterId) ?? 0;
    // Many frames a second may arrive; a few writes per staleness period are enough.
    if (!force && now - last < this.#timing.staleAfterMs / 4) return;
    this.#aliveMarked.set(clusterId, now);
    this.#staleCache.delete(clusterId);
    await this.#o.kv.set(`alive:${clusterId}`, String(now), { ttlMs: this.#timing.staleAfterMs });
  }

  async #stale(clusterId: string): Promise<boolean> {
    // A list page asks for every cluster it shows; a second-old answer is fresh enough for it.
    const cached = this.#staleCache.get(clusterId);
    const now = Date.now();
    if (cached && now - cached.at < Math.min(1_000, this.#timing.staleAfterMs / 4))
      return cached.stale;
    const stale = (await this.#o.kv.get(`alive:${clusterId}`)) === null;
    this.#staleCache.set(clusterId, { stale, at: now });
    return stale;
  }

  // -- templates and clusters ------------------------------------------------------------------

  #catalog() {
    return this.#o.extensions.get(templateCatalogExtensionPoint)[0] ?? null;
  }

  async #template(
    tenantId: string,
    templateId: string,
    version?: number,
  ): Promise<CatalogTemplateVersion> {
    const catalog = this.#catalog();
    const found = catalog ? await catalog.getVersion({ tenantId }, templateId, version) : null;
    if (!found)
      throw ServerTemplateNotFound(
        version === undefined ? templateId : `${templateId} version ${version}`,
        {
          templateId,
          ...(version === undefined ? {} : { version }),
          ...(catalog ? {} : { reason: 'no template library is loaded' }),
        },
      );
    return found;
  }

  async #settings(tenantId: string): Promise<TenantSettings> {
    return (await this.#o.tenants.tenant(tenantId))?.settings ?? {};
  }

  async #usableCluster(clusterId: string) {
    let status: string;
    try {
      status = (await this.#o.gateway.getCluster(clusterId)).status;
    } catch (err) {
      if (isPnError(err) && err.code === 'PN_CLUSTER_NOT_FOUND')
        throw ServerClusterUnavailable(clusterId, { clusterId, status: 'unknown' });
      throw err;
    }
    if (status !== 'approved') throw ServerClusterUnavailable(clusterId, { clusterId, status });
  }

  /** The numbers over `limits` (in usage units: millicores and MiB) once `want` is added. */
  static #over(limits: Partial<ResourceLimits>, used: TenantUsage, want: TenantUsage) {
    const keys: Record<(typeof LIMIT_KEYS)[number], keyof TenantUsage> = {
      servers: 'servers',
      cpuMillicores: 'cpu',
      memoryMb: 'memory',
      diskGb: 'disk',
    };
    return LIMIT_KEYS.flatMap((key) => {
      const raw = limits[key];
      if (typeof raw !== 'number') return [];
      const quota = keys[key];
      const limit = key === 'diskGb' ? raw * 1024 : raw;
      return used[quota] + want[quota] > limit
        ? [{ quota, limit, used: used[quota], requested: want[quota] }]
        : [];
    });
  }

  #checkQuota(quota: ResourceLimits, used: TenantUsage, want: TenantUsage) {
    const exceeded = ServersService.#over(quota, used, want);
    const first = exceeded[0];
    if (!first) return;
    throw QuotaExceeded(
      exceeded.map((e) => `${e.quota} ${e.used} + ${e.requested} > ${e.limit}`).join(', '),
      { ...first, exceeded },
    );
  }

  /**
   * Checks a cluster's capacity (read before the transaction), set by a super admin, over every
   * tenant's servers on it.
   */
  async #checkCapacity(
    sql: Sql,
    clusterId: string,
    capacity: Partial<ResourceLimits>,
    want: TenantUsage,
    exceptId?: string,
  ) {
    if (!LIMIT_KEYS.some((k) => typeof capacity[k] === 'number')) return;
    await this.store.lockCluster(sql, clusterId);
    const exceeded = ServersService.#over(
      capacity,
      await this.store.clusterUsage(sql, clusterId, exceptId),
      want,
    );
    const first = exceeded[0];
    if (!first) return;
    throw ClusterCapacityExceeded(
      clusterId,
      exceeded.map((e) => `${e.quota} ${e.used} + ${e.requested} > ${e.limit}`).join(', '),
      { clusterId, resource: first.quota, ...first, exceeded },
    );
  }

  /** The tenant's finite quota: its own settings within the ceiling a super admin set. */
  async #quota(tenantId: string, settings: TenantSettings): Promise<ResourceLimits> {
    return this.#o.limits.quota(tenantId, settings.quotas);
  }

  // -- desired state out -----------------------------------------------------------------------

  /** Sends the tenant's namespace (quota, game ports) when it is new to the cluster or changed. */
  async #ensureTenant(clusterId: string, tenantId: string) {
    const pinned = await this.store.templatesOn(clusterId, tenantId);
    const specs = (
      await Promise.all(
        pinned.map((p) =>
          this.#catalog()?.getVersion({ tenantId }, p.template_id, p.template_version),
        ),
      )
    ).flatMap((t) => (t ? [t.spec] : []));
    const spec = tenantSpec(
      await this.#quota(tenantId, await this.#settings(tenantId)),
      gamePortRules(specs),
    );
    const hash = documentHash(spec);
    if ((await this.store.sentHash(clusterId, tenantId, 'Tenant', tenantId)) === hash) return;
    const { revision } = await this.#o.gateway.publish(clusterId, {
      kind: 'Tenant',
      tenantId,
      spec,
    });
    await this.store.markSent(clusterId, tenantId, 'Tenant', tenantId, hash, revision);
  }

  async #ensureTemplate(clusterId: string, tenantId: string, template: CatalogTemplateVersion) {
    const name = templateObjectName(template.templateId, template.version);
    const spec = template.spec as unknown as Record<string, unknown>;
    const hash = documentHash(spec);
    if ((await this.store.sentHash(clusterId, tenantId, 'GameTemplate', name)) === hash) return;
    const { revision } = await this.#o.gateway.publish(clusterId, {
      kind: 'GameTemplate',
      tenantId,
      name,
      spec,
    });
    await this.store.markSent(clusterId, tenantId, 'GameTemplate', name, hash, revision);
  }

  /** Publishes a server's desired state (with what it needs first) and returns the spec sent. */
  async #publish(server: ServerRecord, template?: CatalogTemplateVersion): Promise<GameServerSpec> {
    const pinned =
      template ??
      (await this.#template(server.tenantId, server.templateId, server.templateVersion));
    await this.#ensureTenant(server.clusterId, server.tenantId);
    await this.#ensureTemplate(server.clusterId, server.tenantId, pinned);
    const spec = gameServerSpec(server, pinned.spec);
    const { revision } = await this.#o.gateway.publish(server.clusterId, {
      kind: 'GameServer',
      tenantId: server.tenantId,
      name: server.id,
      spec: spec as unknown as Record<string, unknown>,
    });
    await this.store.setLinkRevision(server.id, revision);
    this.#wrote(server.tenantId);
    server.linkRevision = revision;
    return spec;
  }

  async #audit(
    actor: Actor,
    action: string,
    server: Pick<ServerRecord, 'id' | 'name' | 'tenantId'>,
    changes: Record<string, unknown>,
  ) {
    await this.#o.audit.record({
      tenantId: server.tenantId,
      actor: actor.principal
        ? { type: 'user', id: actor.principal.userId, name: actor.principal.name }
        : { type: 'system', id: 'servers' },
      action,
      target: { type: 'server', id: server.id, name: server.name },
      changes,
      source: actor.source,
      ...(actor.requestId ? { requestId: actor.requestId } : {}),
    });
  }

  async #tenantEvent(tenantId: string, payload: Record<string, unknown>) {
    await publishToStream(this.#o.events, streamTopics.tenantEvents(tenantId), payload);
  }

  async #accepted(
    server: ServerRecord,
    template?: CatalogTemplateVersion,
    access: ParameterAccess = 'all',
  ): Promise<AcceptedChange> {
    const pinned =
      template ??
      (await this.#template(server.tenantId, server.templateId, server.templateVersion));
    const desired = await this.#publish(server, pinned);
    const hidden = access === 'all' ? undefined : hiddenParameters(pinned.spec.parameters);
    // The desired state carries every parameter in its environment form: a member sees those
    // they may see, by their environment variable.
    const hiddenEnv = hidden
      ? new Set([...hidden].map((name) => pinned.spec.parameters.properties[name]!.envVariable))
      : undefined;
    return {
      revision: server.revision,
      server: this.#view(server, await this.#stale(server.clusterId), hidden),
      desired: hiddenEnv
        ? { ...desired, parameters: withoutHidden(desired.parameters, hiddenEnv) }
        : desired,
    };
  }

  // -- changes ---------------------------------------------------------------------------------

  async create(tenantId: string, input: CreateServerInput, actor: Actor): Promise<AcceptedChange> {
    const template = await this.#template(tenantId, input.templateId, input.templateVersion);
    const parameters = explicitValues(input.parameters ?? {});
    if (actor.parameterAccess === 'member')
      assertUnlocked(template.spec.parameters, {}, parameters);
    assertParameters(template.spec.parameters, parameters);
    const resources = { ...template.spec.resources, ...input.resources };
    // The template's own defaults count too: an imported egg may ask for anything.
    this.#o.limits.assertServerSize(resources);
    const exposure = input.exposure ?? 'ClusterIP';
    await this.#o.limits.assertExposure(tenantId, exposure);
    const settings = await this.#settings(tenantId);
    const clusterId = input.clusterId ?? settings.defaultClusterId ?? null;
    if (!clusterId) throw ServerClusterRequired();
    await this.#usableCluster(clusterId);
    await this.#o.limits.assertCluster(tenantId, clusterId);
    const quota = await this.#quota(tenantId, settings);
    const capacity = await this.#o.limits.store.clusterCapacity(clusterId);
    const server = await this.store.transaction(async (sql) => {
      await this.store.lockTenant(sql, tenantId);
      const want = { servers: 1, ...resources };
      this.#checkQuota(quota, await this.store.usage(sql, tenantId), want);
      await this.#checkCapacity(sql, clusterId, capacity, want);
      return this.store.insert(sql, {
        id: newServerId(),
        tenantId,
        clusterId,
        name: input.name,
        templateId: template.templateId,
        templateVersion: template.version,
        gameId: template.spec.game.id,
        parameters,
        resources,
        exposure,
        desiredState: input.start === false ? 'Stopped' : 'Running',
        installGeneration: 0,
        stopGraceSeconds: 60,
        pendingAction: null,
        createdBy: actor.principal?.userId ?? null,
      });
    });
    this.#wrote(tenantId);
    await this.#audit(actor, 'server.create', server, {
      template: { id: template.templateId, version: template.version },
      clusterId,
      resources,
      exposure: server.exposure,
      parameters: Object.keys(parameters),
    });
    const accepted = await this.#accepted(server, template, actor.parameterAccess);
    await this.#tenantEvent(tenantId, {
      type: 'server.created',
      serverId: server.id,
      revision: server.revision,
    });
    return accepted;
  }

  /** Locks the server, applies `decide`'s change (quota-checked when resources change), raises the revision. */
  async #change(
    tenantId: string,
    id: string,
    decide: (current: ServerRecord) => ServerChange | Promise<ServerChange>,
  ): Promise<{ before: ServerRecord; after: ServerRecord }> {
    const quota = await this.#quota(tenantId, await this.#settings(tenantId));
    const current = await this.store.get(tenantId, id);
    const capacity = current ? await this.#o.limits.store.clusterCapacity(current.clusterId) : {};
    const exposures = (await this.#o.limits.tenant(tenantId)).exposures;
    const changed = await this.store.transaction(async (sql: Sql) => {
      const before = await this.store.get(tenantId, id, sql, true);
      if (!before) throw ServerNotFound(id);
      const change = await decide(before);
      // A server keeps an exposure it already has; moving to another one needs the policy.
      if (
        change.exposure !== undefined &&
        change.exposure !== before.exposure &&
        !exposures.includes(change.exposure)
      )
        throw ServerExposureNotAllowed(change.exposure, {
          exposure: change.exposure,
          allowed: exposures,
        });
      if (change.resources) {
        this.#o.limits.assertServerSize(change.resources);
        await this.store.lockTenant(sql, tenantId);
        const want = { servers: 1, ...change.resources };
        this.#checkQuota(quota, await this.store.usage(sql, tenantId, id), want);
        await this.#checkCapacity(sql, before.clusterId, capacity, want, id);
      }
      return { before, after: await this.store.update(sql, tenantId, id, change) };
    });
    this.#wrote(tenantId);
    return changed;
  }

  async action(
    tenantId: string,
    id: string,
    action: ServerAction,
    actor: Actor,
  ): Promise<AcceptedChange> {
    const { before, after } = await this.#change(tenantId, id, (s): ServerChange => {
      switch (action) {
        case 'start':
          return { desiredState: 'Running', pendingAction: null, stopGraceSeconds: 60 };
        case 'stop':
          return { desiredState: 'Stopped', pendingAction: null, stopGraceSeconds: 60 };
        case 'kill':
          // The shortest grace the spec allows: the game gets no time to save.
          return { desiredState: 'Stopped', pendingAction: null, stopGraceSeconds: 1 };
        case 'reinstall':
          return { installGeneration: s.installGeneration + 1 };
        case 'restart': {
          const phase = str(s.status?.phase);
          const down =
            s.desiredState === 'Stopped' &&
            (phase === null || phase === 'Stopped' || phase === 'Failed');
          // The spec has no restart: stop, and start again once the operator reports it stopped.
          return down
            ? { desiredState: 'Running', pendingAction: null, stopGraceSeconds: 60 }
            : { desiredState: 'Stopped', pendingAction: 'restart', stopGraceSeconds: 60 };
        }
      }
    });
    await this.#audit(actor, `server.${action}`, after, {
      desiredState: { from: before.desiredState, to: after.desiredState },
      ...(action === 'reinstall' ? { installGeneration: after.installGeneration } : {}),
      revision: after.revision,
    });
    const accepted = await this.#accepted(after, undefined, actor.parameterAccess);
    await this.#tenantEvent(tenantId, {
      type: `server.${action}`,
      serverId: id,
      revision: after.revision,
    });
    return accepted;
  }

  async update(
    tenantId: string,
    id: string,
    input: UpdateServerInput,
    actor: Actor,
  ): Promise<AcceptedChange> {
    const current = await this.store.get(tenantId, id);
    if (!current) throw ServerNotFound(id);
    const template = await this.#template(tenantId, current.templateId, current.templateVersion);
    const { before, after } = await this.#change(tenantId, id, (s) => {
      const change: ServerChange = {};
      if (input.name !== undefined) change.name = input.name;
      if (input.exposure !== undefined) change.exposure = input.exposure;
      if (input.parameters !== undefined) {
        const merged: Record<string, ParameterValue> = { ...s.parameters };
        for (const [name, value] of Object.entries(input.parameters)) {
          if (value === null) delete merged[name];
          else merged[name] = value as ParameterValue;
        }
        if (actor.parameterAccess === 'member')
          assertUnlocked(template.spec.parameters, s.parameters, merged);
        assertParameters(template.spec.parameters, merged);
        change.parameters = merged;
      }
      if (input.resources !== undefined) change.resources = { ...s.resources, ...input.resources };
      return change;
    });
    await this.#audit(actor, 'server.update', after, {
      ...(input.name !== undefined ? { name: { from: before.name, to: after.name } } : {}),
      ...(input.exposure !== undefined
        ? { exposure: { from: before.exposure, to: after.exposure } }
        : {}),
      ...(input.parameters !== undefined ? { parameters: Object.keys(input.parameters) } : {}),
      ...(input.resources !== undefined
        ? { resources: { from: before.resources, to: after.resources } }
        : {}),
      revision: after.revision,
    });
    const accepted = await this.#accepted(after, template, actor.parameterAccess);
    await this.#tenantEvent(tenantId, {
      type: 'server.updated',
      serverId: id,
      revision: after.revision,
    });
    return accepted;
  }

  /**
   * Moves a server to another version of its template (the current one by default), keeping the
   * parameter values that still apply (R8.5). With `dryRun`, only reports what would happen.
   */
  async moveTemplate(
    tenantId: string,
    id: string,
    input: {
      version?: number | undefined;
      parameters?: Record<string, unknown> | undefined;
      dryRun?: boolean | undefined;
    },
    actor: Actor,
  ): Promise<
    | (AcceptedChange & { from: number; to: number; dropped: DroppedParameter[] })
    | {
        dryRun: true;
        from: number;
        to: number;
        kept: Record<string, ParameterValue>;
        dropped: DroppedParameter[];
      }
  > {
    const current = await this.store.get(tenantId, id);
    if (!current) throw ServerNotFound(id);
    const target = await this.#template(tenantId, current.templateId, input.version);
    const { kept, dropped } = carryOver(target.spec.parameters, current.parameters);
    const values = { ...kept, ...explicitValues(input.parameters ?? {}) };
    const member = actor.parameterAccess === 'member';
    if (member) assertUnlocked(target.spec.parameters, kept, values);
    // A member learns nothing of parameters hidden from them, in either version.
    const hidden = member
      ? new Set([...hiddenParameters(target.spec.parameters), ...(await this.#hiddenOf(current))])
      : new Set<string>();
    const shownDropped = dropped.filter((d) => !hidden.has(d.name));
    if (input.dryRun)
      return {
        dryRun: true,
        from: current.templateVersion,
        to: target.version,
        kept: withoutHidden(values, hidden),
        dropped: shownDropped,
      };
    assertParameters(target.spec.parameters, values);
    const { before, after } = await this.#change(tenantId, id, () => ({
      templateVersion: target.version,
      gameId: target.spec.game.id,
      parameters: values,
    }));
    await this.#audit(actor, 'server.template.move', after, {
      version: { from: before.templateVersion, to: after.templateVersion },
      dropped: dropped.map((d) => d.name),
      revision: after.revision,
    });
    const accepted = await this.#accepted(after, target, actor.parameterAccess);
    await this.#tenantEvent(tenantId, {
      type: 'server.template.moved',
      serverId: id,
      revision: after.revision,
      version: after.templateVersion,
    });
    return {
      ...accepted,
      from: before.templateVersion,
      to: after.templateVersion,
      dropped: shownDropped,
    };
  }

  /** Deletes a server; its volume goes with it only when `keepData` is false. */
  async remove(
    tenantId: string,
    id: string,
    keepData: boolean,
    actor: Actor,
  ): Promise<{ deleted: true; serverId: string; keepData: boolean; linkRevision: number }> {
    const server = await this.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    const template = keepData
      ? null
      : await this.#template(tenantId, server.templateId, server.templateVersion);
    const revision = await this.#withdraw(server, template);
    await this.store.remove(tenantId, id);
    this.#wrote(tenantId);
    await this.#install.forget(id);
    await this.#audit(actor, 'server.delete', server, { keepData, linkRevision: revision });
    await this.#tenantEvent(tenantId, { type: 'server.deleted', serverId: id, keepData });
    return { deleted: true, serverId: id, keepData, linkRevision: revision };
  }

  /**
   * Takes a server off its cluster. Given its template, the files go too: the operator reads the
   * storage choice from the spec when it finalises the deletion. Answers the link revision.
   */
  async #withdraw(server: ServerRecord, deleteFilesOf: CatalogTemplateVersion | null) {
    const { id, tenantId, clusterId } = server;
    if (deleteFilesOf)
      await this.#o.gateway.publish(clusterId, {
        kind: 'GameServer',
        tenantId,
        name: id,
        spec: gameServerSpec(server, deleteFilesOf.spec, true) as unknown as Record<
          string,
          unknown
        >,
      });
    const { revision } = await this.#o.gateway.publish(clusterId, {
      kind: 'GameServer',
      tenantId,
      name: id,
      deleted: true,
    });
    return revision;
  }

  /**
   * Pteronimbus leaves the tenant's guild. With the data kept, every server is stopped and waits,
   * files and settings intact, for a reinstall. Without, every server goes from its cluster with
   * its files, then the tenant's namespace, and core keeps no row of them. Called before the
   * tenant itself is removed, so a failure leaves it installed and the owner can try again.
   */
  /**
   * Sends the tenant's namespace document again wherever it has servers, after a super admin
   * changed its ceiling (the operator's ResourceQuota follows).
   */
  async tenantLimitsChanged(tenantId: string): Promise<void> {
    for (const clusterId of await this.store.clustersOf(tenantId))
      await this.#ensureTenant(clusterId, tenantId);
  }

  async tenantUninstalled(tenantId: string, keepData: boolean, actor: Actor): Promise<void> {
    const servers = await this.store.allOf(tenantId);
    if (keepData) {
      for (const server of servers)
        if (server.desiredState !== 'Stopped')
          await this.action(tenantId, server.id, 'stop', actor);
      return;
    }
    for (const server of servers) {
      // Without its template (the library is gone) the files still go, with the namespace.
      const template = await this.#template(
        tenantId,
        server.templateId,
        server.templateVersion,
      ).catch(() => null);
      await this.#withdraw(server, template);
    }
    for (const clusterId of await this.store.clustersOf(tenantId))
      await this.#o.gateway.publish(clusterId, { kind: 'Tenant', tenantId, deleted: true });
    await this.store.forgetTenant(tenantId);
    for (const server of servers) await this.#install.forget(server.id);
    this.#wrote(tenantId);
  }

  // -- console and logs ------------------------------------------------------------------------

  async #live(tenantId: string, id: string): Promise<ServerRecord> {
    const server = await this.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    if (await this.#stale(server.clusterId))
      throw ServerClusterOffline(id, { clusterId: server.clusterId });
    return server;
  }

  /** Writes a line to the game's console; audited before it is sent. */
  async command(
    tenantId: string,
    id: string,
    command: string,
    actor: Actor,
  ): Promise<{ requestId: string }> {
    const server = await this.#live(tenantId, id);
    // The line may carry a password (`login hunter2`, an answer to a prompt): only its shape and
    // a keyed hash are kept.
    await this.#audit(actor, 'server.console.command', server, {
      command: redactCommand(command, this.#o.consoleAuditKey ?? CONSOLE_AUDIT_FALLBACK_KEY),
    });
    const requestId = `cmd-${randomBytes(8).toString('hex')}`;
    const result = new Promise<ConsoleResultMessage | null>((resolve) => {
      const timer = setTimeout(() => {
        this.#consoleWaiters.delete(requestId);
        resolve(null);
      }, this.#timing.relayTimeoutMs);
      this.#consoleWaiters.set(requestId, (m) => {
        clearTimeout(timer);
        this.#consoleWaiters.delete(requestId);
        resolve(m);
      });
    });
    await this.#o.gateway.relay(server.clusterId, {
      type: 'console.input',
      requestId,
      namespace: tenantNamespace(tenantId),
      name: id,
      data: `${command}\n`,
    });
    const answer = await result;
    if (!answer) throw ServerRelayTimeout(id);
    if (!answer.ok) throw ServerConsoleFailed(id, this.#operatorFailure(id, answer.error));
    await publishToStream(this.#o.events, streamTopics.serverConsole(tenantId, id), {
      kind: 'input',
      data: command,
      by: actor.principal?.name ?? null,
    });
    return { requestId };
  }

  /**
   * What a console shows on open when this replica held none of its output: the game's last
   * lines as one output event, or nothing when there are none to be had (no pod yet, the server
   * stopped, its cluster offline).
   */
  async consoleHistory(
    tenantId: string,
    id: string,
    lines = 1000,
  ): Promise<Array<{ kind: 'output'; data: string }>> {
    try {
      const text = await this.logs(tenantId, id, lines);
      return text === '' ? [] : [{ kind: 'output', data: text }];
    } catch (err) {
      if (isPnError(err)) return [];
      throw err;
    }
  }

  /** What an install view opened where nobody watched starts with: the kept install output. */
  async installHistory(
    tenantId: string,
    id: string,
  ): Promise<Array<{ kind: 'output'; data: string } | { kind: 'end'; error: unknown }>> {
    const server = await this.store.get(tenantId, id);
    if (!server) return [];
    const kept = await this.#install.read(server.id);
    return [
      ...(kept.output === '' ? [] : [{ kind: 'output' as const, data: kept.output }]),
      ...(kept.ended ? [{ kind: 'end' as const, error: kept.error }] : []),
    ];
  }

  /** The last `lines` lines of the game's log, as the operator relays them. */
  async logs(tenantId: string, id: string, lines: number): Promise<string> {
    const server = await this.#live(tenantId, id);
    const streamId = `logs-${randomBytes(8).toString('hex')}`;
    const chunks: string[] = [];
    const done = new Promise<{ error?: { code: string; message: string } } | null>((resolve) => {
      let quiet: NodeJS.Timeout | null = null;
      const finish = (value: { error?: { code: string; message: string } } | null) => {
        clearTimeout(deadline);
        if (quiet) clearTimeout(quiet);
        this.#logWaiters.delete(streamId);
        resolve(value);
      };
      // Nothing at all within the relay timeout: the operator is not answering.
      const deadline = setTimeout(
        () => finish(chunks.length ? {} : null),
        this.#timing.relayTimeoutMs,
      );
      this.#logWaiters.set(streamId, (m) => {
        if (m.type === 'logs.end') return finish(m.error ? { error: m.error } : {});
        chunks.push(m.data);
        // A followed log never ends by itself: the download ends once it has gone quiet.
        if (quiet) clearTimeout(quiet);
        quiet = setTimeout(() => finish({}), this.#timing.logsQuietMs);
      });
    });
    await this.#o.gateway.relay(server.clusterId, {
      type: 'logs.follow',
      streamId,
      namespace: tenantNamespace(tenantId),
      name: id,
      tailLines: lines,
    });
    const outcome = await done;
    await this.#o.gateway.relay(server.clusterId, { type: 'logs.stop', streamId });
    if (!outcome) throw ServerRelayTimeout(id);
    if (outcome.error) throw ServerLogsFailed(id, this.#operatorFailure(id, outcome.error));
    return chunks.join('');
  }

  // -- status and messages in ------------------------------------------------------------------

  /**
   * An operator's failure as the caller sees it: its code if it looks like one, its message as a
   * sanitized summary. The full text goes to the log.
   */
  #operatorFailure(serverId: string, error: { code?: unknown; message?: unknown } | undefined) {
    const operatorMessage = operatorSummary(error?.message);
    if (typeof error?.message === 'string' && error.message !== operatorMessage)
      this.#o.logger.info(
        { serverId, operatorCode: error.code, operatorMessage: error.message },
        'operator failure (full text)',
      );
    return { operatorCode: operatorCode(error?.code), operatorMessage };
  }

  async #onCluster(event: BusEvent<unknown>) {
    const [, clusterId, channel] = event.topic.split('.');
    if (!clusterId || channel === 'link') return;
    const mine = this.#o.gateway.connected().includes(clusterId);
    if (channel === 'console') {
      const m = event.payload as ConsoleResultMessage;
      this.#consoleWaiters.get(m.requestId)?.(m);
      return;
    }
    if (channel === 'logs') {
      const m = event.payload as LogsDataMessage | LogsEndMessage;
      this.#logWaiters.get(m.streamId)?.(m);
      // Console output is published once, by the replica holding the link.
      if (mine && m.type === 'logs.data' && m.streamId.startsWith('console:')) {
        const [, tenantId, serverId] = m.streamId.split(':');
        if (tenantId && serverId)
          await publishToStream(this.#o.events, streamTopics.serverConsole(tenantId, serverId), {
            kind: 'output',
            data: m.data,
          });
      }
      if (mine) await this.#markAlive(clusterId);
      return;
    }
    if (!mine) return;
    await this.#markAlive(clusterId);
    const m = event.payload as {
      type?: string;
      kind?: string;
      tenantId?: string | null;
      name?: string;
      eventType?: string;
      reason?: string;
      message?: string;
    };
    if (m.type !== 'event' || m.kind !== 'GameServer' || !m.tenantId || !m.name) return;
    const server = await this.store.get(m.tenantId, m.name);
    if (!server || server.clusterId !== clusterId) return;
    await this.#tenantEvent(m.tenantId, {
      type: 'server.event',
      serverId: server.id,
      eventType: m.eventType === 'Warning' ? 'Warning' : 'Normal',
      reason: operatorCondition({ type: 'Event', reason: m.reason })?.reason,
      message: operatorSummary(m.message),
    });
  }

  #onInstall(p: InstallPayload): Promise<void> {
    // Every replica hears it; the one holding the link keeps and publishes it, one frame of a
    // cluster after another so that output stays in the order the operator sent it.
    if (!this.#o.gateway.connected().includes(p.clusterId)) return Promise.resolve();
    const run = async () => {
      const server = await this.store.get(p.tenantId, p.name);
      if (!server || server.clusterId !== p.clusterId) return;
      await this.#install.handle(server.tenantId, server.id, p);
    };
    const next = (this.#installChains.get(p.clusterId) ?? Promise.resolve()).then(run);
    const settled = next.catch(() => {});
    this.#installChains.set(p.clusterId, settled);
    void settled.then(() => {
      if (this.#installChains.get(p.clusterId) === settled) this.#installChains.delete(p.clusterId);
    });
    return next;
  }

  /** What is kept of the output of a server's last install (R8: install progress). */
  async installOutput(tenantId: string, id: string): Promise<InstallOutput> {
    const server = await this.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    return this.#install.read(server.id);
  }

  async #onStatus(p: StatusPayload) {
    // Every replica hears it; the one holding the link handles it.
    if (!this.#o.gateway.connected().includes(p.clusterId)) return;
    await this.#markAlive(p.clusterId);
    const recorded = await this.store.recordStatus(
      p.clusterId,
      p.tenantId,
      p.name,
      p.status,
      p.generation,
    );
    if (!recorded || !recorded.changed) return;
    const { server, previous } = recorded;
    this.#wrote(server.tenantId);
    const reported = str(server.status?.message);
    if (reported !== null && reported !== operatorSummary(reported))
      this.#o.logger.info(
        { serverId: server.id, message: reported },
        'operator status message (full text)',
      );
    const phase = str(server.status?.phase);
    const before = str(previous?.phase);
    const view = this.#view(server, false);
    await publishToStream(this.#o.events, streamTopics.serverStatus(server.tenantId, server.id), {
      serverId: server.id,
      revision: server.revision,
      status: view.status,
    });
    if (phase !== before)
      await this.#tenantEvent(server.tenantId, {
        type: 'server.status',
        serverId: server.id,
        phase,
        previousPhase: before,
      });
    if (phase === 'Installing' || before === 'Installing')
      await publishToStream(
        this.#o.events,
        streamTopics.serverInstall(server.tenantId, server.id),
        {
          kind: 'status',
          serverId: server.id,
          phase,
          message: view.status.message,
          conditions: view.status.conditions,
        },
      );
    if (
      server.pendingAction === 'restart' &&
      server.desiredState === 'Stopped' &&
      (phase === 'Stopped' || phase === 'Failed')
    ) {
      const { after } = await this.#change(server.tenantId, server.id, () => ({
        desiredState: 'Running',
        pendingAction: null,
      }));
      await this.#publish(after);
      await this.#tenantEvent(server.tenantId, {
        type: 'server.restart.resumed',
        serverId: server.id,
        revision: after.revision,
      });
    }
    if (phase === 'Running' && before !== 'Running') {
      await this.#o.gateway.relay(p.clusterId, {
        type: 'logs.follow',
        streamId: `console:${server.tenantId}:${server.id}`,
        namespace: tenantNamespace(server.tenantId),
        name: server.id,
        tailLines: 100,
      });
      await this.#scheduleSample(server, this.#timing.sampleIntervalMs);
    }
  }

  // -- metrics ---------------------------------------------------------------------------------

  async #scheduleSample(server: Pick<ServerRecord, 'id' | 'tenantId'>, delayMs: number) {
    const slot = Math.floor((Date.now() + delayMs) / this.#timing.sampleIntervalMs);
    await this.#o.jobs.add(
      SAMPLE_JOB,
      { tenantId: server.tenantId, serverId: server.id },
      { jobId: `${server.id}-${slot}`, delayMs },
    );
  }

  async #sampleJob(tenantId: string, serverId: string) {
    const server = await this.store.get(tenantId, serverId);
    if (!server || server.desiredState !== 'Running' || str(server.status?.phase) !== 'Running')
      return;
    await this.sample(tenantId, serverId);
    await this.#scheduleSample(server, this.#timing.sampleIntervalMs);
  }

  /**
   * Takes one metrics sample of a server: the usage its operator last reported and a player
   * query through the game plugin's protocol. What cannot be measured is `null`, never zero.
   */
  async sample(tenantId: string, serverId: string): Promise<MetricsSample> {
    const server = await this.store.get(tenantId, serverId);
    if (!server) throw ServerNotFound(serverId);
    const usage = usageOf(server.status);
    const players = await this.#players(server);
    const sample: MetricsSample = {
      at: new Date(),
      ...usage,
      playersOnline: players?.online ?? null,
      playersMax: players?.max ?? null,
    };
    await this.store.addSample(serverId, sample);
    await this.store.pruneSamples(serverId, new Date(Date.now() - METRICS_RETENTION_MS));
    return sample;
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
      this.#log.warn(
        { serverId: server.id, clusterId: server.clusterId, reason: target.reason },
        'refused the player query address the operator reported',
      );
      return null;
    }
    try {
      const result = await query.query({
        host: target.address,
        port: number!,
        timeoutMs: this.#timing.playerQueryTimeoutMs,
      });
      return { online: result.online, max: result.max };
    } catch (err) {
      this.#log.debug({ err, serverId: server.id, protocol }, 'player query failed');
      return null;
    }
  }

  /** The metrics of a server over the last `rangeMs`. */
  async metrics(tenantId: string, serverId: string, rangeMs: number) {
    const server = await this.store.get(tenantId, serverId);
    if (!server) throw ServerNotFound(serverId);
    const series = await this.store.samples(serverId, new Date(Date.now() - rangeMs));
    const last = series[series.length - 1];
    return {
      serverId,
      stepSeconds: Math.round(this.#timing.sampleIntervalMs / 1000),
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

  // -- template usage --------------------------------------------------------------------------

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

type InstallPayload = (InstallOutputMessage | InstallEndMessage) & { clusterId: string };

interface StatusPayload {
  clusterId: string;
  kind: string;
  tenantId: string;
  namespace: string;
  name: string;
  generation: number | null;
  status: Record<string, unknown> | null;
}

/**
 * Usage as the operator reports it under `status.usage` (memory and disk in bytes), in the units
 * of the API (memory and disk in MiB, like a server's resources); absent values stay `null`.
 */
function usageOf(status: Record<string, unknown> | null) {
  const u = (status?.usage ?? {}) as Record<string, unknown>;
  const mib = (v: unknown) => {
    const bytes = int(v);
    return bytes === null ? null : Math.round((bytes / 2 ** 20) * 10) / 10;
  };
  return {
    cpu: int(u.cpu),
    memory: mib(u.memory),
    disk: mib(u.disk),
    networkRx: int(u.networkRx),
    networkTx: int(u.networkTx),
  };
}
