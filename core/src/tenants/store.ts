import type { DatabaseService } from '@pteronimbus/sdk';

/** Per-tenant settings a tenant admin edits; every field is optional. */
export interface TenantSettings {
  /** Shown instead of the guild's name in the panel. */
  nameOverride?: string | null;
  /** Discord channel id for status notifications. */
  notificationChannelId?: string | null;
  /** Cluster new servers go to unless another is chosen. */
  defaultClusterId?: string | null;
  /** Limits for the tenant as a whole; `null` means no limit. */
  quotas?: {
    servers?: number | null;
    cpuMillicores?: number | null;
    memoryMb?: number | null;
    diskGb?: number | null;
  };
}

/** A tenant: a guild where Pteronimbus is (or was) installed. */
export interface Tenant {
  /** The guild id. */
  id: string;
  name: string;
  /** Icon hash from Discord, `null` when the guild has none. */
  icon: string | null;
  ownerId: string;
  installedAt: Date;
  /** Discord id of who installed it. */
  installedBy: string | null;
  /** Set while uninstalled with its data kept. */
  uninstalledAt: Date | null;
  settings: TenantSettings;
}

interface Row {
  id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  installed_at: Date | string;
  installed_by: string | null;
  uninstalled_at: Date | string | null;
  settings: TenantSettings | null;
}

const COLUMNS = `"id", "name", "icon", "owner_id", "installed_at", "installed_by", "uninstalled_at", "settings"`;

function toTenant(row: Row): Tenant {
  return {
    id: row.id,
    name: row.name,
    icon: row.icon,
    ownerId: row.owner_id,
    installedAt: new Date(row.installed_at),
    installedBy: row.installed_by,
    uninstalledAt: row.uninstalled_at === null ? null : new Date(row.uninstalled_at),
    settings: row.settings ?? {},
  };
}

/** `pn_tenants`, read and written with plain SQL. */
export class TenantStore {
  readonly #db: Pick<DatabaseService, 'query'>;

  constructor(db: Pick<DatabaseService, 'query'>) {
    this.#db = db;
  }

  async get(id: string): Promise<Tenant | null> {
    const rows = await this.#db.query<Row>(`select ${COLUMNS} from "pn_tenants" where "id" = $1`, [
      id,
    ]);
    return rows[0] ? toTenant(rows[0]) : null;
  }

  /** Installed tenants, optionally only among `ids`. */
  async installed(ids?: readonly string[]): Promise<Tenant[]> {
    const rows = ids
      ? await this.#db.query<Row>(
          `select ${COLUMNS} from "pn_tenants" where "uninstalled_at" is null and "id" = any($1::varchar[]) order by "name"`,
          [ids],
        )
      : await this.#db.query<Row>(
          `select ${COLUMNS} from "pn_tenants" where "uninstalled_at" is null order by "name"`,
        );
    return rows.map(toTenant);
  }

  /** Ids of every guild with a tenant row, installed or not. */
  async knownIds(ids: readonly string[]): Promise<Map<string, boolean>> {
    const rows = await this.#db.query<{ id: string; uninstalled_at: Date | null }>(
      `select "id", "uninstalled_at" from "pn_tenants" where "id" = any($1::varchar[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.uninstalled_at === null]));
  }

  /** Creates the tenant, or brings an uninstalled one back with its kept settings. */
  async install(guild: {
    id: string;
    name: string;
    icon: string | null;
    ownerId: string;
    installedBy: string;
  }): Promise<Tenant> {
    const rows = await this.#db.query<Row>(
      `insert into "pn_tenants" ("id", "name", "icon", "owner_id", "installed_by")
       values ($1, $2, $3, $4, $5)
       on conflict ("id") do update set "name" = excluded."name", "icon" = excluded."icon",
         "owner_id" = excluded."owner_id", "installed_by" = excluded."installed_by",
         "installed_at" = now(), "uninstalled_at" = null, "updated_at" = now()
       returning ${COLUMNS}`,
      [guild.id, guild.name, guild.icon, guild.ownerId, guild.installedBy],
    );
    return toTenant(rows[0]!);
  }

  /** Refreshes what Discord says about the guild (name, icon, owner). */
  async updateGuild(id: string, guild: { name: string; icon: string | null; ownerId: string }) {
    await this.#db.query(
      `update "pn_tenants" set "name" = $2, "icon" = $3, "owner_id" = $4, "updated_at" = now()
       where "id" = $1 and ("name", coalesce("icon", ''), "owner_id") is distinct from ($2, coalesce($3, ''), $4)`,
      [id, guild.name, guild.icon, guild.ownerId],
    );
  }

  async updateSettings(id: string, settings: TenantSettings): Promise<Tenant | null> {
    const rows = await this.#db.query<Row>(
      `update "pn_tenants" set "settings" = $2::jsonb, "updated_at" = now() where "id" = $1 returning ${COLUMNS}`,
      [id, JSON.stringify(settings)],
    );
    return rows[0] ? toTenant(rows[0]) : null;
  }

  /** Keeps the row (and settings) stamped as uninstalled, or deletes it with the tenant's audit trail. */
  async uninstall(id: string, keepData: boolean): Promise<void> {
    if (keepData) {
      await this.#db.query(
        `update "pn_tenants" set "uninstalled_at" = now(), "updated_at" = now() where "id" = $1`,
        [id],
      );
      return;
    }
    await this.#db.query(`delete from "pn_audit_log" where "tenant_id" = $1`, [id]);
    await this.#db.query(`delete from "pn_tenants" where "id" = $1`, [id]);
  }
}
