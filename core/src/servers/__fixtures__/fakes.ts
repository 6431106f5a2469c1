import {
  templateCatalogExtensionPoint,
  type AuditLog,
  type BusEvent,
  type CatalogTemplateVersion,
  type EventBus,
  type Extensions,
  type GameTemplateSpec,
  type Logger,
} from '@pteronimbus/sdk';
import { PinnedTemplates } from '../catalog.ts';
import type {
  ListedServer,
  MetricsSample,
  NewServer,
  ServerChange,
  ServerFilter,
  ServerRecord,
  Sql,
  TenantUsage,
} from '../records.ts';
import { TEMPLATE_ID, VERSIONS } from './catalog.ts';

export const TENANT = '400000000000000001';
export const CLUSTER = 'c-one';

/** A stored server with every field set; `over` replaces what a test cares about. */
export function serverRecord(over: Partial<ServerRecord> = {}): ServerRecord {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: 's00000000000100000001',
    tenantId: TENANT,
    clusterId: CLUSTER,
    name: 'Survival',
    templateId: TEMPLATE_ID,
    templateVersion: 2,
    gameId: 'fakegame',
    parameters: { WORLD: 'alpha' },
    resources: { cpu: 1000, memory: 1024, disk: 2048 },
    exposure: 'ClusterIP',
    desiredState: 'Running',
    installGeneration: 0,
    stopGraceSeconds: 60,
    pendingAction: null,
    revision: 1,
    linkRevision: null,
    status: null,
    statusGeneration: null,
    statusAt: null,
    createdBy: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

const noSql: Sql = async () => [];

/** The server tables in memory: enough of `ServerStore` for the units' tests. */
export class FakeServerStore {
  readonly servers = new Map<string, ServerRecord>();
  readonly samplesOf = new Map<string, MetricsSample[]>();
  readonly sent = new Map<string, string>();
  readonly linkRevisions: Array<[string, number]> = [];
  /** Latest samples the list shows, by server id. */
  readonly latest = new Map<string, ListedServer['latest']>();
  reads = 0;

  add(...servers: ServerRecord[]): this {
    for (const s of servers) this.servers.set(s.id, structuredClone(s));
    return this;
  }

  async transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return fn(noSql);
  }
  async lockTenant(): Promise<void> {}
  async lockCluster(): Promise<void> {}
  async usage(_sql: Sql, tenantId: string, exceptId?: string): Promise<TenantUsage> {
    return this.#sum((s) => s.tenantId === tenantId && s.id !== exceptId);
  }
  async clusterUsage(_sql: Sql, clusterId: string, exceptId?: string): Promise<TenantUsage> {
    return this.#sum((s) => s.clusterId === clusterId && s.id !== exceptId);
  }
  #sum(which: (s: ServerRecord) => boolean): TenantUsage {
    const all = [...this.servers.values()].filter(which);
    const total = (k: 'cpu' | 'memory' | 'disk') => all.reduce((n, s) => n + s.resources[k], 0);
    return { servers: all.length, cpu: total('cpu'), memory: total('memory'), disk: total('disk') };
  }
  async insert(_sql: Sql, s: NewServer) {
    const record = serverRecord({ ...s, revision: 1 });
    this.servers.set(record.id, record);
    return structuredClone(record);
  }
  async get(tenantId: string, id: string): Promise<ServerRecord | null> {
    this.reads++;
    const s = this.servers.get(id);
    return s && s.tenantId === tenantId ? structuredClone(s) : null;
  }
  async list(tenantId: string, f: ServerFilter): Promise<ListedServer[]> {
    this.reads++;
    return [...this.servers.values()]
      .filter((s) => s.tenantId === tenantId && (f.after === undefined || s.id > f.after))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, f.limit)
      .map((s) => ({ ...structuredClone(s), latest: this.latest.get(s.id) ?? null }));
  }
  async update(_sql: Sql, tenantId: string, id: string, c: ServerChange): Promise<ServerRecord> {
    const s = this.servers.get(id)!;
    const after = { ...s, ...structuredClone(c), revision: s.revision + 1, tenantId };
    this.servers.set(id, after);
    return structuredClone(after);
  }
  async setLinkRevision(id: string, revision: number): Promise<void> {
    this.linkRevisions.push([id, revision]);
  }
  async recordStatus(
    clusterId: string,
    tenantId: string,
    id: string,
    status: Record<string, unknown> | null,
    generation: number | null,
  ) {
    const s = this.servers.get(id);
    if (!s || s.tenantId !== tenantId || s.clusterId !== clusterId) return null;
    const previous = s.status;
    const server = { ...s, status, statusGeneration: generation, statusAt: new Date() };
    this.servers.set(id, server);
    const changed = JSON.stringify(previous) !== JSON.stringify(status);
    return { server: structuredClone(server), previous, changed };
  }
  async remove(_tenantId: string, id: string): Promise<void> {
    this.servers.delete(id);
  }
  async allOf(tenantId: string): Promise<ServerRecord[]> {
    return [...this.servers.values()].filter((s) => s.tenantId === tenantId);
  }
  async clustersOf(tenantId: string): Promise<string[]> {
    return [
      ...new Set(
        [...this.sent.keys()]
          .filter((k) => k.split('|')[1] === tenantId && k.split('|')[2] === 'Tenant')
          .map((k) => k.split('|')[0]!),
      ),
    ];
  }
  async forgetTenant(tenantId: string): Promise<void> {
    for (const s of await this.allOf(tenantId)) this.servers.delete(s.id);
  }
  async templatesOn(clusterId: string, tenantId: string) {
    return [...this.servers.values()]
      .filter((s) => s.clusterId === clusterId && s.tenantId === tenantId)
      .map((s) => ({ template_id: s.templateId, template_version: s.templateVersion }));
  }
  async sentHash(clusterId: string, tenantId: string, kind: string, name: string) {
    return this.sent.get([clusterId, tenantId, kind, name].join('|')) ?? null;
  }
  async markSent(
    clusterId: string,
    tenantId: string,
    kind: string,
    name: string,
    hash: string,
  ): Promise<void> {
    this.sent.set([clusterId, tenantId, kind, name].join('|'), hash);
  }
  async addSample(serverId: string, s: MetricsSample): Promise<void> {
    this.samplesOf.set(serverId, [...(this.samplesOf.get(serverId) ?? []), s]);
  }
  async pruneSamples(serverId: string, before: Date): Promise<void> {
    this.samplesOf.set(
      serverId,
      (this.samplesOf.get(serverId) ?? []).filter((s) => s.at >= before),
    );
  }
  async samples(serverId: string, since: Date): Promise<MetricsSample[]> {
    return (this.samplesOf.get(serverId) ?? []).filter((s) => s.at >= since);
  }
}

/** An event bus that keeps what is published and delivers nothing. */
export class RecordingBus implements EventBus {
  readonly published: Array<{ topic: string; payload: unknown }> = [];
  async publish<T>(topic: string, payload: T): Promise<void> {
    this.published.push({ topic, payload });
  }
  async subscribe<T>(_topic: string, _handler: (event: BusEvent<T>) => void) {
    return async () => {};
  }
  /** Payloads published on topics ending with `suffix`. */
  on(suffix: string): unknown[] {
    return this.published.filter((p) => p.topic.endsWith(suffix)).map((p) => p.payload);
  }
}

/** An audit log that keeps its entries. */
export class RecordingAudit {
  readonly entries: Array<Parameters<AuditLog['record']>[0]> = [];
  async record(entry: Parameters<AuditLog['record']>[0]): Promise<void> {
    this.entries.push(entry);
  }
}

/** A logger that keeps its lines as `[level, fields, message]`. */
export function recordingLogger(): Logger & { lines: Array<[string, unknown, string]> } {
  const lines: Array<[string, unknown, string]> = [];
  const at =
    (level: string) =>
    (fields: unknown, message?: string): void => {
      lines.push([level, fields, message ?? '']);
    };
  const logger = {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return logger as unknown as Logger & { lines: Array<[string, unknown, string]> };
}

/** Extensions offering `points` (by extension point id). */
export function fakeExtensions(points: Record<string, unknown[]>): Pick<Extensions, 'get'> {
  return { get: ((point: { id: string }) => points[point.id] ?? []) as Extensions['get'] };
}

/** The fixture catalog's versions of {@link TEMPLATE_ID}, served as a template library. */
export function fakeTemplates(versions: Record<number, GameTemplateSpec> = VERSIONS) {
  const latest = Math.max(...Object.keys(versions).map(Number));
  return new PinnedTemplates(
    fakeExtensions({
      [templateCatalogExtensionPoint.id]: [
        {
          async getVersion(_scope: unknown, templateId: string, version?: number) {
            const v = version ?? latest;
            const spec = templateId === TEMPLATE_ID ? versions[v] : undefined;
            return spec
              ? ({ templateId, version: v, spec } as unknown as CatalogTemplateVersion)
              : null;
          },
        },
      ],
    }),
  );
}
