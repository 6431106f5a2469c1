import { api, type ApiClient, type RequestOptions } from './client.ts';

/** One permission of `GET /api/v1/permissions`. */
export interface CatalogPermission {
  key: string;
  /** A message key (`permissions.<key>.label`), or a plain label a plugin gave. */
  label: string;
  description: string;
  owner: string;
  /** False for permissions that follow from Discord alone and cannot be granted to a role. */
  mappable: boolean;
  /** Held by every tenant admin whatever the mappings say. */
  adminImplied: boolean;
}

/** A titled group of the catalog. */
export interface CatalogGroup {
  id: string;
  /** A message key (`permissions.groups.<id>`), or a plain label. */
  label: string;
  permissions: CatalogPermission[];
}

/** `GET /api/v1/permissions`. */
export interface PermissionCatalog {
  groups: CatalogGroup[];
  adminImplied: string[];
}

/** What one Discord role grants. */
export interface RoleMapping {
  roleId: string;
  permissions: string[];
  /** Servers the grant is narrowed to; `null` means everywhere in the tenant. */
  serverIds: string[] | null;
  updatedAt: string;
  updatedBy: string | null;
}

/** A Discord role of `GET /api/v1/tenants/:tenantId/roles`. */
export interface TenantRole {
  id: string;
  name: string;
  /** Discord's colour as an integer; 0 means none. */
  color: number;
  position: number;
  managed: boolean;
  everyone: boolean;
  /** Holders are tenant admins through Discord (Administrator, Manage Server, Manage Roles). */
  discordAdmin: boolean;
  mapping: RoleMapping | null;
  /**
   * Whether the caller may change this role's mapping: Discord's hierarchy keeps roles at or
   * above the caller's highest role out of reach (the owner and Administrators reach all).
   */
  editable?: boolean;
}

/** A synced guild member. */
export interface TenantMember {
  userId: string;
  username: string;
  displayName: string;
  avatar: string | null;
  roleIds: string[];
  syncedAt: string;
}

/** One line of an explanation. */
export interface ExplainResult {
  permission: string;
  serverId: string | null;
  allowed: boolean;
  reason: 'admin' | 'mapped' | 'mapped-elsewhere' | 'not-mapped' | (string & {});
  grants: Array<{
    via: string;
    roleId?: string;
    roleName?: string;
    serverIds?: string[] | null;
    detail?: string;
  }>;
}

/** `GET /api/v1/tenants/:tenantId/permissions/explain`. */
export interface Explanation {
  member: {
    id: string;
    username: string;
    displayName: string;
    roles: Array<{ id: string; name: string; color: number }>;
  };
  effective: string[];
  results: ExplainResult[];
}

/** One entry of the audit log. */
export interface AuditEntry {
  id: string;
  tenantId: string | null;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  target: { type: string; id: string | null; name?: string | null } | null;
  changes: unknown;
  source: string;
  requestId: string | null;
  override: boolean;
  createdAt: string;
}

/** A game server as a mapping's scope names it: only what choosing one needs. */
export interface ScopeServer {
  id: string;
  name: string;
}

/** Filters of `GET /api/v1/tenants/:tenantId/audit`. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const tenantPath = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}`;

/** Typed calls for roles, mappings, members, explanations and the audit log of a tenant. */
export function createAccessApi(client: ApiClient = api) {
  return {
    catalog(init?: RequestOptions): Promise<PermissionCatalog> {
      return client.request<PermissionCatalog>('GET', '/api/v1/permissions', init);
    },
    async roles(tenantId: string, init?: RequestOptions): Promise<TenantRole[]> {
      const body = await client.request<{ items: TenantRole[] }>(
        'GET',
        `${tenantPath(tenantId)}/roles`,
        init,
      );
      return body.items;
    },
    saveMapping(
      tenantId: string,
      roleId: string,
      mapping: { permissions: string[]; serverIds?: string[] | null },
      init?: RequestOptions,
    ): Promise<RoleMapping | null> {
      return client.request<RoleMapping | null>(
        'PUT',
        `${tenantPath(tenantId)}/roles/${encodeURIComponent(roleId)}/mapping`,
        { ...init, body: mapping },
      );
    },
    /** Every game server of the tenant, for narrowing a mapping; needs `server.read`. */
    async servers(tenantId: string, init?: RequestOptions): Promise<ScopeServer[]> {
      const all: ScopeServer[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.request<{ items: ScopeServer[]; nextCursor: string | null }>(
          'GET',
          `${tenantPath(tenantId)}/servers`,
          { ...init, query: { limit: 200, cursor } },
        );
        all.push(...page.items.map(({ id, name }) => ({ id, name })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return all;
    },
    members(
      tenantId: string,
      query: { q?: string; roleId?: string; after?: string; limit?: number },
      init?: RequestOptions,
    ): Promise<{ items: TenantMember[]; nextAfter: string | null }> {
      return client.request('GET', `${tenantPath(tenantId)}/members`, { ...init, query });
    },
    explain(
      tenantId: string,
      query: { member: string; permission?: string; server?: string },
      init?: RequestOptions,
    ): Promise<Explanation> {
      return client.request<Explanation>('GET', `${tenantPath(tenantId)}/permissions/explain`, {
        ...init,
        query,
      });
    },
    audit(
      tenantId: string,
      query: AuditQuery,
      init?: RequestOptions,
    ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
      return client.request('GET', `${tenantPath(tenantId)}/audit`, {
        ...init,
        query: { ...query },
      });
    },
  };
}

/** The access API type, for injection and stubbing. */
export type AccessApi = ReturnType<typeof createAccessApi>;
