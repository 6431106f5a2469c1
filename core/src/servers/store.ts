import { randomBytes } from 'node:crypto';
import type { DatabaseService } from '@pteronimbus/sdk';
import {
  COLUMNS,
  json,
  toRecord,
  type LatestRow,
  type ListedServer,
  type MetricsSample,
  type NewServer,
  type Row,
  type ServerChange,
  type ServerFilter,
  type ServerRecord,
  type Sql,
  type TenantUsage,
} from './records.ts';

export type {
  ListedServer,
  MetricsSample,
  NewServer,
  PendingAction,
  ServerChange,
  ServerFilter,
  ServerRecord,
  Sql,
  TenantUsage,
} from './records.ts';

/**
 * A new server id: the creation time in hex, then randomness. Ids sort by creation, so the list
 * pages by id alone, and they are DNS labels, so they name the GameServer object as they are.
 */
export function newServerId(now = Date.now()): string {
  return `s${now.toString(16).padStart(12, '0')}${randomBytes(4).toString('hex')}`;
}

/** The plain-SQL surface of the entity manager a transaction hands out. */
interface RawExecutor {
  execute(sql: string, params: unknown[]): Promise<unknown>;
}

/** What the servers whose `column` is `value` ask for together, one server left out. */
async function usageWhere(
  sql: Sql,
  column: 'cluster_id' | 'tenant_id',
  value: string,
  exceptId?: string,
): Promise<TenantUsage> {
  const rows = await sql<{ servers: string; cpu: string; memory: string; disk: string }>(
    `select count(*)::text as "servers", coalesce(sum("cpu"),0)::text as "cpu",
            coalesce(sum("memory"),0)::text as "memory", coalesce(sum("disk"),0)::text as "disk"
       from "pn_servers" where "${column}" = $1 and "id" <> $2`,
    [value, exceptId ?? ''],
  );
  const r = rows[0]!;
  return {
    servers: Number(r.servers),
    cpu: Number(r.cpu),
    memory: Number(r.memory),
    disk: Number(r.disk),
  };
}

/** SQL of core's server tables; nothing else writes them. */
export class ServerStore {
  readonly #db: DatabaseService;
  readonly #pool: Sql;

  constructor(db: DatabaseService) {
    this.#db = db;
    this.#pool = (text, params) => db.query(text, params);
  }

  /**
   * Runs `fn` in one transaction. The entity manager's raw execution takes `?` placeholders, so
   * the `$n` ones written here are rewritten in order.
   */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.#db.transaction(async (em) => {
      const executor = em as unknown as RawExecutor;
      const sql: Sql = async <R>(text: string, params: unknown[] = []) => {
        const ordered: unknown[] = [];
        const rewritten = text.replace(/\$(\d+)/g, (_, n: string) => {
          ordered.push(params[Number(n) - 1] ?? null);
          return '?';
        });
        return (await executor.execute(rewritten, ordered)) as R[];
      };
      return fn(sql);
    });
  }

  /** Serialises quota-checked changes of one tenant until the transaction ends. */
  async lockTenant(sql: Sql, tenantId: string): Promise<void> {
    await sql(`select pg_advisory_xact_lock(hashtext('pn_servers:' || $1))`, [tenantId]);
  }

  /** Serialises capacity-checked changes on one cluster, over every tenant, until the transaction ends. */
  async lockCluster(sql: Sql, clusterId: string): Promise<void> {
    await sql(`select pg_advisory_xact_lock(hashtext('pn_clusters:' || $1))`, [clusterId]);
  }

  /** What every tenant's servers on a cluster ask for together. */
  clusterUsage(sql: Sql, clusterId: string, exceptId?: string): Promise<TenantUsage> {
    return usageWhere(sql, 'cluster_id', clusterId, exceptId);
  }

  usage(sql: Sql, tenantId: string, exceptId?: string): Promise<TenantUsage> {
    return usageWhere(sql, 'tenant_id', tenantId, exceptId);
  }

  async insert(sql: Sql, s: NewServer): Promise<ServerRecord> {
    const rows = await sql<Row>(
      `insert into "pn_servers" ("id","tenant_id","cluster_id","name","template_id","template_version","game_id","parameters","cpu","memory","disk","exposure","desired_state","install_generation","stop_grace_seconds","pending_action","created_by")
       values ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$10,$11,$12,$13,$14,$15,$16,$17)
       returning ${COLUMNS}`,
      [
        s.id,
        s.tenantId,
        s.clusterId,
        s.name,
        s.templateId,
        s.templateVersion,
        s.gameId,
        JSON.stringify(s.parameters),
        s.resources.cpu,
        s.resources.memory,
        s.resources.disk,
        s.exposure,
        s.desiredState,
        s.installGeneration,
        s.stopGraceSeconds,
        s.pendingAction,
        s.createdBy,
      ],
    );
    return toRecord(rows[0]!);
  }

  async get(tenantId: string, id: string, sql: Sql = this.#pool, lock = false) {
    const rows = await sql<Row>(
      `select ${COLUMNS} from "pn_servers" where "tenant_id" = $1 and "id" = $2 ${lock ? 'for update' : ''}`,
      [tenantId, id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async list(tenantId: string, f: ServerFilter): Promise<ListedServer[]> {
    const where = [`"tenant_id" = $1`];
    const params: unknown[] = [tenantId];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (f.after) add(`"id" > ?`, f.after);
    if (f.phase) add(`"status"->>'phase' = ?`, f.phase);
    if (f.desiredState) add(`"desired_state" = ?`, f.desiredState);
    if (f.templateId) add(`"template_id" = ?`, f.templateId);
    if (f.clusterId) add(`"cluster_id" = ?`, f.clusterId);
    if (f.gameId) add(`"game_id" = ?`, f.gameId);
    if (f.query) add(`"name" ilike ?`, `%${f.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (f.ids) add(`"id" = any(?)`, f.ids);
    params.push(f.limit);
    // The latest sample comes in the same read (the samples' primary key serves it), so a list
    // shows players and usage without a metrics request per server.
    const rows = await this.#db.query<Row & LatestRow>(
      `select ${COLUMNS}, "m".* from "pn_servers"
         left join lateral (
           select "at" as "m_at", "cpu" as "m_cpu", "memory" as "m_memory",
                  "players_online" as "m_players_online", "players_max" as "m_players_max"
             from "pn_server_metrics" where "server_id" = "pn_servers"."id"
            order by "at" desc limit 1
         ) "m" on true
       where ${where.join(' and ')} order by "id" limit $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      ...toRecord(row),
      latest:
        row.m_at === null
          ? null
          : {
              at: new Date(row.m_at),
              cpu: row.m_cpu,
              memory: row.m_memory,
              playersOnline: row.m_players_online,
              playersMax: row.m_players_max,
            },
    }));
  }

  /** Writes a change and raises the revision. */
  async update(sql: Sql, tenantId: string, id: string, c: ServerChange): Promise<ServerRecord> {
    const rows = await sql<Row>(
      `update "pn_servers" set
         "name" = coalesce($3, "name"),
         "template_id" = coalesce($4, "template_id"),
         "template_version" = coalesce($5, "template_version"),
         "game_id" = coalesce($6, "game_id"),
         "parameters" = coalesce($7::jsonb, "parameters"),
         "cpu" = coalesce($8, "cpu"), "memory" = coalesce($9, "memory"), "disk" = coalesce($10, "disk"),
         "exposure" = coalesce($11, "exposure"),
         "desired_state" = coalesce($12, "desired_state"),
         "install_generation" = coalesce($13, "install_generation"),
         "stop_grace_seconds" = coalesce($14, "stop_grace_seconds"),
         "pending_action" = case when $15 then $16 else "pending_action" end,
         "revision" = "revision" + 1, "updated_at" = now()
       where "tenant_id" = $1 and "id" = $2 returning ${COLUMNS}`,
      [
        tenantId,
        id,
        c.name ?? null,
        c.templateId ?? null,
        c.templateVersion ?? null,
        c.gameId ?? null,
        c.parameters ? JSON.stringify(c.parameters) : null,
        c.resources?.cpu ?? null,
        c.resources?.memory ?? null,
        c.resources?.disk ?? null,
        c.exposure ?? null,
        c.desiredState ?? null,
        c.installGeneration ?? null,
        c.stopGraceSeconds ?? null,
        c.pendingAction !== undefined,
        c.pendingAction ?? null,
      ],
    );
    return toRecord(rows[0]!);
  }

  async setLinkRevision(id: string, revision: number): Promise<void> {
    await this.#pool(
      `update "pn_servers" set "link_revision" = greatest(coalesce("link_revision", 0), $2) where "id" = $1`,
      [id, revision],
    );
  }

  /**
   * Stores what an operator reported for a server it runs. Returns the server and whether the
   * status differs from the one stored before, or null when no such server is on that cluster.
   * The row lock makes two replicas handling the same report agree on which one changed it.
   */
  async recordStatus(
    clusterId: string,
    tenantId: string,
    id: string,
    status: Record<string, unknown> | null,
    generation: number | null,
  ): Promise<{
    server: ServerRecord;
    previous: Record<string, unknown> | null;
    changed: boolean;
  } | null> {
    return this.transaction(async (sql) => {
      const before = await sql<Row>(
        `select ${COLUMNS} from "pn_servers" where "id" = $1 and "tenant_id" = $2 and "cluster_id" = $3 for update`,
        [id, tenantId, clusterId],
      );
      if (!before[0]) return null;
      const previous = before[0].status === null ? null : json(before[0].status);
      const rows = await sql<Row>(
        `update "pn_servers" set "status" = $2::jsonb, "status_generation" = $3, "status_at" = now()
         where "id" = $1 returning ${COLUMNS}`,
        [id, status === null ? null : JSON.stringify(status), generation],
      );
      const server = toRecord(rows[0]!);
      return {
        server,
        previous,
        changed: JSON.stringify(previous) !== JSON.stringify(server.status),
      };
    });
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.#pool(`delete from "pn_server_metrics" where "server_id" = $1`, [id]);
    await this.#pool(`delete from "pn_servers" where "tenant_id" = $1 and "id" = $2`, [
      tenantId,
      id,
    ]);
  }

  /** Every server of a tenant, oldest first. */
  async allOf(tenantId: string): Promise<ServerRecord[]> {
    const rows = await this.#pool<Row>(
      `select ${COLUMNS} from "pn_servers" where "tenant_id" = $1 order by "id"`,
      [tenantId],
    );
    return rows.map(toRecord);
  }

  /** The clusters that were sent the tenant's namespace. */
  async clustersOf(tenantId: string): Promise<string[]> {
    const rows = await this.#pool<{ cluster_id: string }>(
      `select distinct "cluster_id" from "pn_server_cluster_objects" where "tenant_id" = $1 and "kind" = 'Tenant' order by "cluster_id"`,
      [tenantId],
    );
    return rows.map((r) => r.cluster_id);
  }

  /** Deletes every row core keeps of a tenant's servers (their metrics, what clusters were sent). */
  async forgetTenant(tenantId: string): Promise<void> {
    await this.transaction(async (sql) => {
      await sql(
        `delete from "pn_server_metrics" where "server_id" in (select "id" from "pn_servers" where "tenant_id" = $1)`,
        [tenantId],
      );
      await sql(`delete from "pn_servers" where "tenant_id" = $1`, [tenantId]);
      await sql(`delete from "pn_server_cluster_objects" where "tenant_id" = $1`, [tenantId]);
    });
  }

  /** Servers pinned to a template, at most `limit`. */
  async usersOfTemplate(templateId: string, tenantId: string | null, limit = 100) {
    const rows = await this.#pool<Row>(
      `select ${COLUMNS} from "pn_servers" where "template_id" = $1 and ($2::varchar is null or "tenant_id" = $2) order by "id" limit $3`,
      [templateId, tenantId, limit],
    );
    return rows.map(toRecord);
  }

  /** Template versions pinned by a tenant's servers on a cluster. */
  async templatesOn(clusterId: string, tenantId: string) {
    return this.#pool<{ template_id: string; template_version: number }>(
      `select distinct "template_id", "template_version" from "pn_servers" where "cluster_id" = $1 and "tenant_id" = $2`,
      [clusterId, tenantId],
    );
  }

  async sentHash(clusterId: string, tenantId: string, kind: string, name: string) {
    const rows = await this.#pool<{ hash: string }>(
      `select "hash" from "pn_server_cluster_objects" where "cluster_id" = $1 and "tenant_id" = $2 and "kind" = $3 and "name" = $4`,
      [clusterId, tenantId, kind, name],
    );
    return rows[0]?.hash ?? null;
  }

  async markSent(
    clusterId: string,
    tenantId: string,
    kind: string,
    name: string,
    hash: string,
    revision: number,
  ) {
    await this.#pool(
      `insert into "pn_server_cluster_objects" ("cluster_id","tenant_id","kind","name","hash","revision")
       values ($1,$2,$3,$4,$5,$6)
       on conflict ("cluster_id","tenant_id","kind","name") do update set "hash" = excluded."hash", "revision" = excluded."revision"`,
      [clusterId, tenantId, kind, name, hash, revision],
    );
  }

  async addSample(serverId: string, s: MetricsSample): Promise<void> {
    await this.#pool(
      `insert into "pn_server_metrics" ("server_id","at","cpu","memory","disk","network_rx","network_tx","players_online","players_max")
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9) on conflict do nothing`,
      [
        serverId,
        s.at,
        s.cpu,
        s.memory,
        s.disk,
        s.networkRx,
        s.networkTx,
        s.playersOnline,
        s.playersMax,
      ],
    );
  }

  async pruneSamples(serverId: string, before: Date): Promise<void> {
    await this.#pool(`delete from "pn_server_metrics" where "server_id" = $1 and "at" < $2`, [
      serverId,
      before,
    ]);
  }

  async samples(serverId: string, since: Date): Promise<MetricsSample[]> {
    const rows = await this.#pool<{
      at: Date | string;
      cpu: number | null;
      memory: number | null;
      disk: number | null;
      network_rx: number | null;
      network_tx: number | null;
      players_online: number | null;
      players_max: number | null;
    }>(
      `select "at","cpu","memory","disk","network_rx","network_tx","players_online","players_max"
         from "pn_server_metrics" where "server_id" = $1 and "at" >= $2 order by "at"`,
      [serverId, since],
    );
    return rows.map((r) => ({
      at: new Date(r.at),
      cpu: r.cpu,
      memory: r.memory,
      disk: r.disk,
      networkRx: r.network_rx,
      networkTx: r.network_tx,
      playersOnline: r.players_online,
      playersMax: r.players_max,
    }));
  }
}
