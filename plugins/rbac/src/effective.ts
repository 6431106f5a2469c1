/** Discord permission bits that make a member a tenant admin (R3.3). */
export const ADMIN_BITS = {
  ADMINISTRATOR: 1n << 3n,
  MANAGE_GUILD: 1n << 5n,
  MANAGE_ROLES: 1n << 28n,
} as const;

/**
 * Permissions every tenant admin holds whatever the mappings say: admins may always see members,
 * edit the mapping and the tenant's settings, so nobody can lock the guild's own admins out.
 */
export const ADMIN_PERMISSIONS: readonly string[] = [
  'tenant.roles.manage',
  'tenant.members.read',
  'tenant.settings.manage',
];

/**
 * Who holds every permission of the catalog, as Discord itself treats them: the guild's owner and
 * holders of Administrator. Manage Server and Manage Roles bring {@link ADMIN_PERMISSIONS} only.
 */
export function fullAccess(adminBy: string): boolean {
  return adminBy === 'owner' || adminBy.endsWith(':ADMINISTRATOR');
}

/** Permissions a mapping may not grant (they follow from Discord alone). */
export const UNMAPPABLE: ReadonlySet<string> = new Set(['tenant.roles.manage']);

/** A Discord role as the plugin keeps it. */
export interface RoleFacts {
  id: string;
  name: string;
  /** Discord's permission bit set, decimal. */
  discordPermissions: string;
  color?: number;
  /** Discord's role hierarchy: higher is above; `@everyone` is 0. */
  position?: number;
}

/** A role's mapping: what it grants, everywhere (`serverIds: null`) or on those servers only. */
export interface Mapping {
  roleId: string;
  permissions: string[];
  serverIds: string[] | null;
}

/** Everything needed to answer for one member. */
export interface TenantFacts {
  tenantId: string;
  ownerId: string | null;
  roles: ReadonlyMap<string, RoleFacts>;
  mappings: ReadonlyMap<string, Mapping>;
  /** Every permission of the catalog: what the owner and Administrator holders hold. */
  everything?: ReadonlySet<string>;
}

/** A member's effective permissions in one tenant, computed once and then only read. */
export interface Effective {
  member: boolean;
  /** Why the member is a tenant admin: `owner` or `<roleId>:<FLAG>`; empty when not one. */
  adminBy: string[];
  /** Held on every server of the tenant. */
  tenantWide: ReadonlySet<string>;
  /** Held on these servers only. */
  scoped: ReadonlyMap<string, ReadonlySet<string>>;
}

export const NOT_A_MEMBER: Effective = Object.freeze({
  member: false,
  adminBy: [],
  tenantWide: new Set<string>(),
  scoped: new Map<string, Set<string>>(),
});

function bits(value: string): bigint {
  try {
    return BigInt(value);
  } catch {
    return 0n;
  }
}

/** The roles a member holds, `@everyone` (whose id is the guild id) included. */
export function memberRoles(tenantId: string, roleIds: readonly string[]): string[] {
  return roleIds.includes(tenantId) ? [...roleIds] : [tenantId, ...roleIds];
}

/** Union over the member's roles' mappings, plus what being a tenant admin brings. */
export function computeEffective(
  facts: TenantFacts,
  member: { userId: string; roleIds: readonly string[] } | null,
): Effective {
  if (!member) return NOT_A_MEMBER;
  const roles = memberRoles(facts.tenantId, member.roleIds);
  const adminBy: string[] = [];
  if (facts.ownerId === member.userId) adminBy.push('owner');
  for (const id of roles) {
    const role = facts.roles.get(id);
    if (!role) continue;
    const b = bits(role.discordPermissions);
    for (const [flag, bit] of Object.entries(ADMIN_BITS))
      if ((b & bit) !== 0n) adminBy.push(`${id}:${flag}`);
  }
  const tenantWide = new Set<string>(adminBy.length ? ADMIN_PERMISSIONS : []);
  if (adminBy.some(fullAccess)) for (const p of facts.everything ?? []) tenantWide.add(p);
  const scoped = new Map<string, Set<string>>();
  for (const id of roles) {
    const mapping = facts.mappings.get(id);
    if (!mapping) continue;
    for (const p of mapping.permissions) {
      if (UNMAPPABLE.has(p)) continue;
      if (mapping.serverIds === null) tenantWide.add(p);
      else {
        const set = scoped.get(p) ?? new Set<string>();
        for (const s of mapping.serverIds) set.add(s);
        scoped.set(p, set);
      }
    }
  }
  for (const p of tenantWide) scoped.delete(p);
  return { member: true, adminBy, tenantWide, scoped };
}

/**
 * Whether the effective set holds `permission`. Without a server, only tenant-wide grants count:
 * a grant narrowed to some servers says nothing about the tenant as a whole.
 */
export function holds(effective: Effective, permission: string, serverId?: string): boolean {
  if (!effective.member) return false;
  if (effective.tenantWide.has(permission)) return true;
  return serverId !== undefined && (effective.scoped.get(permission)?.has(serverId) ?? false);
}

/** One reason a member holds (or would hold) a permission. */
export interface Grant {
  via: 'admin' | 'mapping';
  roleId: string | null;
  roleName: string | null;
  /** `null`: every server. */
  serverIds: string[] | null;
  /** For `admin`: `owner` or the Discord flag. */
  detail?: string;
}

/** Why a member has (or has not) one permission, optionally on one server. */
export interface Explanation {
  permission: string;
  serverId: string | null;
  allowed: boolean;
  /**
   * `not-a-member`, `admin` (owner or Discord flag), `mapped` (a role's mapping grants it there),
   * `mapped-elsewhere` (granted on other servers only), `not-mapped`.
   */
  reason: 'not-a-member' | 'admin' | 'mapped' | 'mapped-elsewhere' | 'not-mapped';
  grants: Grant[];
}

export function explain(
  facts: TenantFacts,
  member: { userId: string; roleIds: readonly string[] } | null,
  permission: string,
  serverId: string | null,
): Explanation {
  const base = { permission, serverId };
  const effective = computeEffective(facts, member);
  if (!member || !effective.member)
    return { ...base, allowed: false, reason: 'not-a-member', grants: [] };
  const grants: Grant[] = [];
  const adminGrants = ADMIN_PERMISSIONS.includes(permission)
    ? effective.adminBy
    : facts.everything?.has(permission)
      ? effective.adminBy.filter(fullAccess)
      : [];
  for (const by of adminGrants) {
    const [roleId, flag] = by === 'owner' ? [null, 'owner'] : by.split(':');
    grants.push({
      via: 'admin',
      roleId: roleId ?? null,
      roleName: roleId ? (facts.roles.get(roleId)?.name ?? null) : null,
      serverIds: null,
      detail: flag!,
    });
  }
  for (const roleId of memberRoles(facts.tenantId, member.roleIds)) {
    const mapping = facts.mappings.get(roleId);
    if (!mapping || !mapping.permissions.includes(permission) || UNMAPPABLE.has(permission))
      continue;
    grants.push({
      via: 'mapping',
      roleId,
      roleName: facts.roles.get(roleId)?.name ?? null,
      serverIds: mapping.serverIds,
    });
  }
  const allowed = holds(effective, permission, serverId ?? undefined);
  const reason = allowed
    ? grants.some((g) => g.via === 'admin')
      ? 'admin'
      : 'mapped'
    : grants.length
      ? 'mapped-elsewhere'
      : 'not-mapped';
  return { ...base, allowed, reason, grants };
}
