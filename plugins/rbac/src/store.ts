import type { DatabaseService, DiscordGuildMember, DiscordRole } from '@pteronimbus/sdk';
import type { Mapping, RoleFacts } from './effective.ts';

/** A member as the plugin keeps them. */
export interface MemberRow {
  userId: string;
  username: string;
  displayName: string | null;
  avatar: string | null;
  roleIds: string[];
  syncedAt: string;
}

/** A role with display facts. */
export interface RoleRow extends RoleFacts {
  color: number;
  position: number;
  managed: boolean;
}

/** Sync bookkeeping of one tenant. */
export interface TenantRow {
  tenantId: string;
  ownerId: string | null;
  active: boolean;
  lastSyncAt: string | null;
  lastSyncMs: number | null;
  lastSyncError: string | null;
  memberCount: number;
  roleCount: number;
}

/** What one sync changed among the members. */
export interface MemberDiff {
  added: number;
  removed: number;
  changed: number;
  /** Discord ids whose roles or presence changed. */
  userIds: string[];
}

const CHUNK = 1000;

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((r) => set.has(r));
}

/** The plugin's tables, with plain SQL. */
export class RbacStore {
  readonly #db: Pick<DatabaseService, 'query'>;

  constructor(db: Pick<DatabaseService, 'query'>) {
    this.#db = db;
  }

  async activate(tenantId: string): Promise<void> {
    await this.#db.query(
      `insert into "rbac_tenants" ("tenant_id") values ($1)
       on conflict ("tenant_id") do update set "active" = true`,
      [tenantId],
    );
  }

  /** Stops syncing a tenant; with `removeData` every row of it goes. */
  async deactivate(tenantId: string, removeData: boolean): Promise<void> {
    if (!removeData) {
      await this.#db.query(`update "rbac_tenants" set "active" = false where "tenant_id" = $1`, [
        tenantId,
      ]);
      return;
    }
    for (const table of ['rbac_mappings', 'rbac_members', 'rbac_roles', 'rbac_tenants'])
      await this.#db.query(`delete from "${table}" where "tenant_id" = $1`, [tenantId]);
  }

  async activeTenants(): Promise<string[]> {
    const rows = await this.#db.query<{ tenant_id: string }>(
      `select "tenant_id" from "rbac_tenants" where "active" order by "tenant_id"`,
    );
    return rows.map((r) => r.tenant_id);
  }

  async tenant(tenantId: string): Promise<TenantRow | null> {
    const rows = await this.#db.query<{
      tenant_id: string;
      owner_id: string | null;
      active: boolean;
      last_sync_at: Date | null;
      last_sync_ms: number | null;
      last_sync_error: string | null;
      member_count: number;
      role_count: number;
    }>(`select * from "rbac_tenants" where "tenant_id" = $1`, [tenantId]);
    const r = rows[0];
    if (!r) return null;
    return {
      tenantId: r.tenant_id,
      ownerId: r.owner_id,
      active: r.active,
      lastSyncAt: r.last_sync_at ? new Date(r.last_sync_at).toISOString() : null,
      lastSyncMs: r.last_sync_ms,
      lastSyncError: r.last_sync_error,
      memberCount: r.member_count,
      roleCount: r.role_count,
    };
  }

  async recordSync(
    tenantId: string,
    outcome: { ownerId?: string; ms: number; error?: string; members?: number; roles?: number },
  ): Promise<void> {
    await this.#db.query(
      `update "rbac_tenants" set "owner_id" = coalesce($2, "owner_id"), "last_sync_at" = now(),
         "last_sync_ms" = $3, "last_sync_error" = $4,
         "member_count" = coalesce($5, "member_count"), "role_count" = coalesce($6, "role_count")
       where "tenant_id" = $1`,
      [
        tenantId,
        outcome.ownerId ?? null,
        outcome.ms,
        outcome.error ?? null,
        outcome.members ?? null,
        outcome.roles ?? null,
      ],
    );
  }

  async roles(tenantId: string): Promise<RoleRow[]> {
    const rows = await this.#db.query<{
      role_id: string;
      name: string;
      color: number;
      position: number;
      discord_permissions: string;
      managed: boolean;
    }>(
      `select "role_id", "name", "color", "position", "discord_permissions", "managed"
       from "rbac_roles" where "tenant_id" = $1 order by "position" desc, "role_id"`,
      [tenantId],
    );
    return rows.map((r) => ({
      id: r.role_id,
      name: r.name,
      color: r.color,
      position: r.position,
      discordPermissions: r.discord_permissions,
      managed: r.managed,
    }));
  }

  /** Replaces the tenant's roles with Discord's; mappings of deleted roles go with them. */
  async replaceRoles(tenantId: string, roles: DiscordRole[]): Promise<void> {
    await this.#db.query(
      `insert into "rbac_roles" ("tenant_id", "role_id", "name", "color", "position", "discord_permissions", "managed")
       select $1, * from unnest($2::varchar[], $3::varchar[], $4::int[], $5::int[], $6::varchar[], $7::bool[])
       on conflict ("tenant_id", "role_id") do update set "name" = excluded."name", "color" = excluded."color",
         "position" = excluded."position", "discord_permissions" = excluded."discord_permissions",
         "managed" = excluded."managed"`,
      [
        tenantId,
        roles.map((r) => r.id),
        roles.map((r) => r.name.slice(0, 100)),
        roles.map((r) => r.color),
        roles.map((r) => r.position),
        roles.map((r) => r.permissions),
        roles.map((r) => r.managed),
      ],
    );
    const ids = roles.map((r) => r.id);
    await this.#db.query(
      `delete from "rbac_roles" where "tenant_id" = $1 and not ("role_id" = any($2::varchar[]))`,
      [tenantId, ids],
    );
    await this.#db.query(
      `delete from "rbac_mappings" where "tenant_id" = $1 and not ("role_id" = any($2::varchar[]))`,
      [tenantId, ids],
    );
  }

  /** Replaces the tenant's members with Discord's list; answers what changed. */
  async replaceMembers(tenantId: string, members: DiscordGuildMember[]): Promise<MemberDiff> {
    const before = new Map(
      (
        await this.#db.query<{ user_id: string; role_ids: string[] }>(
          `select "user_id", "role_ids" from "rbac_members" where "tenant_id" = $1`,
          [tenantId],
        )
      ).map((r) => [r.user_id, r.role_ids]),
    );
    const diff: MemberDiff = { added: 0, removed: 0, changed: 0, userIds: [] };
    const seen = new Set<string>();
    const rows = members.filter((m) => m.user && !m.user.bot);
    for (const m of rows) {
      const id = m.user!.id;
      seen.add(id);
      const old = before.get(id);
      if (!old) diff.added++;
      else if (!sameRoles(old, m.roles)) diff.changed++;
      else continue;
      diff.userIds.push(id);
    }
    for (const id of before.keys())
      if (!seen.has(id)) {
        diff.removed++;
        diff.userIds.push(id);
      }
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.#upsertMembers(tenantId, rows.slice(i, i + CHUNK));
    if (diff.removed)
      await this.#db.query(
        `delete from "rbac_members" where "tenant_id" = $1 and not ("user_id" = any($2::varchar[]))`,
        [tenantId, [...seen]],
      );
    return diff;
  }

  /** Stores one member as Discord describes them now. */
  async upsertMember(tenantId: string, member: DiscordGuildMember): Promise<void> {
    if (member.user) await this.#upsertMembers(tenantId, [member]);
  }

  async removeMember(tenantId: string, userId: string): Promise<boolean> {
    const rows = await this.#db.query(
      `delete from "rbac_members" where "tenant_id" = $1 and "user_id" = $2 returning 1`,
      [tenantId, userId],
    );
    return rows.length > 0;
  }

  async #upsertMembers(tenantId: string, members: DiscordGuildMember[]): Promise<void> {
    // Role lists travel as comma-joined text: unnest cannot take an array of arrays.
    await this.#db.query(
      `insert into "rbac_members" ("tenant_id", "user_id", "username", "display_name", "avatar", "role_ids", "synced_at")
       select $1, u, n, d, a, string_to_array(r, ',')::varchar[], now()
       from unnest($2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::text[]) as t(u, n, d, a, r)
       on conflict ("tenant_id", "user_id") do update set "username" = excluded."username",
         "display_name" = excluded."display_name", "avatar" = excluded."avatar",
         "role_ids" = excluded."role_ids", "synced_at" = now()`,
      [
        tenantId,
        members.map((m) => m.user!.id),
        members.map((m) => m.user!.username.slice(0, 100)),
        members.map((m) => (m.nick ?? m.user!.global_name ?? null)?.slice(0, 100) ?? null),
        members.map((m) => m.user!.avatar),
        members.map((m) => m.roles.join(',')),
      ],
    );
  }

  async member(tenantId: string, userId: string): Promise<MemberRow | null> {
    const rows = await this.#members(`"tenant_id" = $1 and "user_id" = $2`, [tenantId, userId]);
    return rows[0] ?? null;
  }

  /** Tenants (among the active ones) where the user is a known member. */
  async tenantsOf(userId: string): Promise<string[]> {
    const rows = await this.#db.query<{ tenant_id: string }>(
      `select m."tenant_id" from "rbac_members" m join "rbac_tenants" t using ("tenant_id")
       where m."user_id" = $1 and t."active"`,
      [userId],
    );
    return rows.map((r) => r.tenant_id);
  }

  /** A page of members sorted by user id, optionally matching `q` in their names. */
  async members(
    tenantId: string,
    options: { after?: string; limit: number; q?: string; roleId?: string },
  ): Promise<MemberRow[]> {
    const where = [`"tenant_id" = $1`];
    const params: unknown[] = [tenantId];
    if (options.after) {
      params.push(options.after);
      where.push(`"user_id" > $${params.length}`);
    }
    if (options.q) {
      params.push(`%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`("username" ilike $${params.length} or "display_name" ilike $${params.length})`);
    }
    if (options.roleId) {
      params.push(options.roleId);
      where.push(`$${params.length} = any("role_ids")`);
    }
    params.push(options.limit);
    return this.#members(
      `${where.join(' and ')} order by "user_id" limit $${params.length}`,
      params,
    );
  }

  async #members(where: string, params: unknown[]): Promise<MemberRow[]> {
    const rows = await this.#db.query<{
      user_id: string;
      username: string;
      display_name: string | null;
      avatar: string | null;
      role_ids: string[];
      synced_at: Date;
    }>(
      `select "user_id", "username", "display_name", "avatar", "role_ids", "synced_at" from "rbac_members" where ${where}`,
      params,
    );
    return rows.map((r) => ({
      userId: r.user_id,
      username: r.username,
      displayName: r.display_name,
      avatar: r.avatar,
      roleIds: r.role_ids,
      syncedAt: new Date(r.synced_at).toISOString(),
    }));
  }

  async mappings(
    tenantId: string,
  ): Promise<Array<Mapping & { updatedAt: string; updatedBy: string | null }>> {
    const rows = await this.#db.query<{
      role_id: string;
      permissions: string[];
      server_ids: string[] | null;
      updated_at: Date;
      updated_by: string | null;
    }>(
      `select "role_id", "permissions", "server_ids", "updated_at", "updated_by" from "rbac_mappings" where "tenant_id" = $1`,
      [tenantId],
    );
    return rows.map((r) => ({
      roleId: r.role_id,
      permissions: r.permissions,
      serverIds: r.server_ids,
      updatedAt: new Date(r.updated_at).toISOString(),
      updatedBy: r.updated_by,
    }));
  }

  async putMapping(tenantId: string, mapping: Mapping, by: string): Promise<void> {
    if (mapping.permissions.length === 0) {
      await this.deleteMapping(tenantId, mapping.roleId);
      return;
    }
    await this.#db.query(
      `insert into "rbac_mappings" ("tenant_id", "role_id", "permissions", "server_ids", "updated_by")
       values ($1, $2, $3::text[], $4::text[], $5)
       on conflict ("tenant_id", "role_id") do update set "permissions" = excluded."permissions",
         "server_ids" = excluded."server_ids", "updated_by" = excluded."updated_by", "updated_at" = now()`,
      [tenantId, mapping.roleId, mapping.permissions, mapping.serverIds, by],
    );
  }

  async deleteMapping(tenantId: string, roleId: string): Promise<boolean> {
    const rows = await this.#db.query(
      `delete from "rbac_mappings" where "tenant_id" = $1 and "role_id" = $2 returning 1`,
      [tenantId, roleId],
    );
    return rows.length > 0;
  }

  /**
   * Replaces every mapping of the tenant: one upsert, then one delete of the rest, so no reader
   * ever sees the tenant without mappings in between.
   */
  async replaceMappings(tenantId: string, mappings: Mapping[], by: string): Promise<void> {
    const kept = mappings.filter((m) => m.permissions.length > 0);
    if (kept.length)
      // Arrays travel as comma-joined text (unnest cannot take arrays of arrays); `null` = all servers.
      await this.#db.query(
        `insert into "rbac_mappings" ("tenant_id", "role_id", "permissions", "server_ids", "updated_by")
         select $1, r, string_to_array(p, ','), case when s is null then null else string_to_array(s, ',') end, $5
         from unnest($2::varchar[], $3::text[], $4::text[]) as t(r, p, s)
         on conflict ("tenant_id", "role_id") do update set "permissions" = excluded."permissions",
           "server_ids" = excluded."server_ids", "updated_by" = excluded."updated_by", "updated_at" = now()`,
        [
          tenantId,
          kept.map((m) => m.roleId),
          kept.map((m) => m.permissions.join(',')),
          kept.map((m) => (m.serverIds === null ? null : m.serverIds.join(','))),
          by,
        ],
      );
    await this.#db.query(
      `delete from "rbac_mappings" where "tenant_id" = $1 and not ("role_id" = any($2::varchar[]))`,
      [tenantId, kept.map((m) => m.roleId)],
    );
  }
}
