import type { DatabaseService } from '@pteronimbus/sdk';
import type { ResourceLimits } from '../config/schema.ts';

/** How players may reach a server from outside the cluster. */
export type Exposure = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** A super admin's numbers for one tenant or cluster; a missing key follows the default. */
export type PartialLimits = Partial<ResourceLimits>;

/** What a super admin decided for one tenant; `null` lists follow the installation default. */
export interface TenantLimitsRow {
  tenantId: string;
  ceiling: PartialLimits;
  clusters: string[] | null;
  exposures: Exposure[] | null;
  updatedBy: string | null;
  updatedAt: string;
}

/** An install request waiting for (or declined by) a super admin. */
export interface InstallRequest {
  guildId: string;
  name: string;
  icon: string | null;
  ownerId: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
}

// The pool may hand jsonb back as text and timestamps as Date or text.
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

interface TenantRow {
  tenant_id: string;
  ceiling: PartialLimits | string;
  clusters: string[] | string | null;
  exposures: Exposure[] | string | null;
  updated_by: string | null;
  updated_at: Date | string;
}

interface RequestRow {
  guild_id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  requested_by: string;
  requested_at: Date | string;
  status: 'pending' | 'rejected';
  decided_by: string | null;
  decided_at: Date | string | null;
}

const toTenantLimits = (r: TenantRow): TenantLimitsRow => ({
  tenantId: r.tenant_id,
  ceiling: json(r.ceiling),
  clusters: r.clusters === null ? null : json(r.clusters),
  exposures: r.exposures === null ? null : json(r.exposures),
  updatedBy: r.updated_by,
  updatedAt: iso(r.updated_at)!,
});

const toRequest = (r: RequestRow): InstallRequest => ({
  guildId: r.guild_id,
  name: r.name,
  icon: r.icon,
  ownerId: r.owner_id,
  requestedBy: r.requested_by,
  requestedAt: iso(r.requested_at)!,
  status: r.status,
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
});

/** SQL of the ceilings, grants, policies and install requests; nothing else touches them. */
export class LimitsStore {
  readonly #db: Pick<DatabaseService, 'query'>;

  constructor(db: Pick<DatabaseService, 'query'>) {
    this.#db = db;
  }

  async tenant(tenantId: string): Promise<TenantLimitsRow | null> {
    const rows = await this.#db.query<TenantRow>(
      `select * from "pn_tenant_limits" where "tenant_id" = $1`,
      [tenantId],
    );
    return rows[0] ? toTenantLimits(rows[0]) : null;
  }

  async tenants(ids: readonly string[]): Promise<Map<string, TenantLimitsRow>> {
    const rows = await this.#db.query<TenantRow>(
      `select * from "pn_tenant_limits" where "tenant_id" = any($1::varchar[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.tenant_id, toTenantLimits(r)]));
  }

  async setTenant(
    tenantId: string,
    value: Pick<TenantLimitsRow, 'ceiling' | 'clusters' | 'exposures'>,
    by: string | null,
  ): Promise<TenantLimitsRow> {
    const rows = await this.#db.query<TenantRow>(
      `insert into "pn_tenant_limits" ("tenant_id","ceiling","clusters","exposures","updated_by")
       values ($1, $2::jsonb, $3::jsonb, $4::jsonb, $5)
       on conflict ("tenant_id") do update set "ceiling" = excluded."ceiling",
         "clusters" = excluded."clusters", "exposures" = excluded."exposures",
         "updated_by" = excluded."updated_by", "updated_at" = now()
       returning *`,
      [
        tenantId,
        JSON.stringify(value.ceiling),
        value.clusters === null ? null : JSON.stringify(value.clusters),
        value.exposures === null ? null : JSON.stringify(value.exposures),
        by,
      ],
    );
    return toTenantLimits(rows[0]!);
  }

  async clusterCapacity(clusterId: string): Promise<PartialLimits> {
    const rows = await this.#db.query<{ capacity: PartialLimits | string }>(
      `select "capacity" from "pn_cluster_limits" where "cluster_id" = $1`,
      [clusterId],
    );
    return rows[0] ? json(rows[0].capacity) : {};
  }

  async clusterCapacities(): Promise<Map<string, PartialLimits>> {
    const rows = await this.#db.query<{ cluster_id: string; capacity: PartialLimits | string }>(
      `select "cluster_id", "capacity" from "pn_cluster_limits"`,
    );
    return new Map(rows.map((r) => [r.cluster_id, json(r.capacity)]));
  }

  async setClusterCapacity(clusterId: string, capacity: PartialLimits, by: string | null) {
    await this.#db.query(
      `insert into "pn_cluster_limits" ("cluster_id","capacity","updated_by") values ($1, $2::jsonb, $3)
       on conflict ("cluster_id") do update set "capacity" = excluded."capacity",
         "updated_by" = excluded."updated_by", "updated_at" = now()`,
      [clusterId, JSON.stringify(capacity), by],
    );
  }

  /** What every cluster runs, over all tenants. */
  clusterUsage(): Promise<Map<string, ResourceLimits>> {
    return this.#usageBy('cluster_id');
  }

  /** What every tenant runs, over all clusters. */
  tenantUsage(): Promise<Map<string, ResourceLimits>> {
    return this.#usageBy('tenant_id');
  }

  async #usageBy(column: 'cluster_id' | 'tenant_id'): Promise<Map<string, ResourceLimits>> {
    const rows = await this.#db.query<{
      key: string;
      servers: string;
      cpu: string;
      memory: string;
      disk: string;
    }>(
      `select "${column}" as "key", count(*)::text as "servers", coalesce(sum("cpu"),0)::text as "cpu",
              coalesce(sum("memory"),0)::text as "memory", coalesce(sum("disk"),0)::text as "disk"
         from "pn_servers" group by "${column}"`,
    );
    return new Map(
      rows.map((r) => [
        r.key,
        {
          servers: Number(r.servers),
          cpuMillicores: Number(r.cpu),
          memoryMb: Number(r.memory),
          diskGb: Math.ceil(Number(r.disk) / 1024),
        },
      ]),
    );
  }

  async setting<T>(key: string): Promise<T | undefined> {
    const rows = await this.#db.query<{ value: T | string }>(
      `select "value" from "pn_installation_settings" where "key" = $1`,
      [key],
    );
    return rows[0] ? json(rows[0].value) : undefined;
  }

  async setSetting(key: string, value: unknown, by: string | null) {
    await this.#db.query(
      `insert into "pn_installation_settings" ("key","value","updated_by") values ($1, $2::jsonb, $3)
       on conflict ("key") do update set "value" = excluded."value",
         "updated_by" = excluded."updated_by", "updated_at" = now()`,
      [key, JSON.stringify(value), by],
    );
  }

  async request(guildId: string): Promise<InstallRequest | null> {
    const rows = await this.#db.query<RequestRow>(
      `select * from "pn_install_requests" where "guild_id" = $1`,
      [guildId],
    );
    return rows[0] ? toRequest(rows[0]) : null;
  }

  async requests(status: 'pending' | 'rejected'): Promise<InstallRequest[]> {
    const rows = await this.#db.query<RequestRow>(
      `select * from "pn_install_requests" where "status" = $1 order by "requested_at", "guild_id" limit 500`,
      [status],
    );
    return rows.map(toRequest);
  }

  /** Files (or refreshes) a pending request; a declined one stays declined. */
  async requestInstall(guild: {
    id: string;
    name: string;
    icon: string | null;
    ownerId: string;
    requestedBy: string;
  }): Promise<InstallRequest> {
    const rows = await this.#db.query<RequestRow>(
      `insert into "pn_install_requests" ("guild_id","name","icon","owner_id","requested_by")
       values ($1, $2, $3, $4, $5)
       on conflict ("guild_id") do update set "name" = excluded."name", "icon" = excluded."icon",
         "owner_id" = excluded."owner_id"
       returning *`,
      [guild.id, guild.name, guild.icon, guild.ownerId, guild.requestedBy],
    );
    return toRequest(rows[0]!);
  }

  async reject(guildId: string, by: string | null): Promise<InstallRequest | null> {
    const rows = await this.#db.query<RequestRow>(
      `update "pn_install_requests" set "status" = 'rejected', "decided_by" = $2, "decided_at" = now()
       where "guild_id" = $1 and "status" = 'pending' returning *`,
      [guildId, by],
    );
    return rows[0] ? toRequest(rows[0]) : null;
  }

  /** Takes a request off the queue (approved, or the guild was installed another way). */
  async removeRequest(guildId: string): Promise<void> {
    await this.#db.query(`delete from "pn_install_requests" where "guild_id" = $1`, [guildId]);
  }
}
