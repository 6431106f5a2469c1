import { api, type ApiClient, type RequestOptions } from './client.ts';

/** A Discord guild where Pteronimbus is installed, as `GET /api/v1/tenants` lists it. */
export interface Tenant {
  id: string;
  name: string;
  /** The name override from the tenant's settings, else the guild's name. */
  displayName: string;
  iconUrl: string | null;
  ownerId: string;
  owner?: boolean;
  installedAt: string;
}

/** A guild the caller may install Pteronimbus in. */
export interface InstallableGuild {
  id: string;
  name: string;
  iconUrl: string | null;
  owner: boolean;
  previouslyInstalled: boolean;
  /** An install request of this guild waits for a super admin, or was declined. */
  request?: 'pending' | 'rejected' | null;
}

/** `POST …/install/confirm` under the approval policy: the request waits for a super admin. */
export interface PendingInstall {
  guildId: string;
  status: 'pending';
}

/** Whether a confirmation filed a request instead of creating the tenant. */
export const isPendingInstall = (value: Tenant | PendingInstall): value is PendingInstall =>
  (value as PendingInstall).status === 'pending';

/** `POST /api/v1/guilds/:guildId/install`. */
export interface InstallInvite {
  guildId: string;
  inviteUrl: string;
  permissions: string;
  scopes: string[];
}

/** `GET /api/v1/tenants/:tenantId/permissions/me`. */
export interface MyPermissions {
  member: boolean;
  admin: boolean;
  /** Why the caller is a tenant admin: `owner` or `<roleId>:<FLAG>`. */
  adminBy: string[];
  permissions: string[];
  servers: Record<string, string[]>;
  /** A super admin of the installation: every permission, each use audited as an override. */
  superAdmin?: boolean;
}

/** `GET /api/v1/tenants/:tenantId/sync`. */
export interface SyncStatus {
  lastSyncAt: string | null;
  lastSyncMs: number | null;
  lastSyncError: string | null;
  memberCount: number;
  roleCount: number;
}

/** `POST /api/v1/tenants/:tenantId/sync`. */
export interface SyncResult {
  tenantId: string;
  members: number;
  roles: number;
  added: number;
  removed: number;
  changed: number;
  durationMs: number;
}

/** Limits on what a tenant may run; a missing or `null` limit means none. */
export interface TenantQuotas {
  servers?: number | null;
  cpuMillicores?: number | null;
  memoryMb?: number | null;
  diskGb?: number | null;
}

/** `GET /api/v1/tenants/:tenantId/settings`: only what was set is present. */
export interface TenantSettings {
  nameOverride?: string;
  notificationChannelId?: string;
  defaultClusterId?: string;
  quotas?: TenantQuotas;
}

/** `PATCH /api/v1/tenants/:tenantId/settings`: the fields to change; `null` clears one. */
export interface TenantSettingsPatch {
  nameOverride?: string | null;
  notificationChannelId?: string | null;
  defaultClusterId?: string | null;
  quotas?: TenantQuotas;
}

/** `GET /api/v1/tenants/:tenantId/channels`: where notifications can go. */
export interface ChannelChoice {
  id: string;
  name: string;
  kind: 'text' | 'announcement';
  /** The category it sits in; null when none. */
  category: string | null;
}

/** `GET /api/v1/tenants/:tenantId/clusters`: where game servers can run. */
export interface ClusterChoice {
  id: string;
  name: string;
  connected: boolean;
}

/** Core's error code while the bot has not joined the guild yet. */
export const botMissingCode = 'PN_TENANT_BOT_MISSING';

const tenantPath = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}`;
const guildPath = (guildId: string) => `/api/v1/guilds/${encodeURIComponent(guildId)}`;

/** Typed calls for tenants, installation and sync. */
export function createTenantsApi(client: ApiClient = api) {
  return {
    async list(init?: RequestOptions): Promise<Tenant[]> {
      const body = await client.request<{ items: Tenant[] }>('GET', '/api/v1/tenants', init);
      return body.items;
    },
    async installable(init?: RequestOptions): Promise<InstallableGuild[]> {
      const body = await client.request<{ items: InstallableGuild[] }>(
        'GET',
        '/api/v1/guilds/installable',
        init,
      );
      return body.items;
    },
    install(guildId: string, init?: RequestOptions): Promise<InstallInvite> {
      return client.request<InstallInvite>('POST', `${guildPath(guildId)}/install`, init);
    },
    confirm(guildId: string, init?: RequestOptions): Promise<Tenant | PendingInstall> {
      return client.request<Tenant | PendingInstall>(
        'POST',
        `${guildPath(guildId)}/install/confirm`,
        init,
      );
    },
    get(tenantId: string, init?: RequestOptions): Promise<Tenant> {
      return client.request<Tenant>('GET', tenantPath(tenantId), init);
    },
    myPermissions(tenantId: string, init?: RequestOptions): Promise<MyPermissions> {
      return client.request<MyPermissions>('GET', `${tenantPath(tenantId)}/permissions/me`, init);
    },
    settings(tenantId: string, init?: RequestOptions): Promise<TenantSettings> {
      return client.request<TenantSettings>('GET', `${tenantPath(tenantId)}/settings`, init);
    },
    saveSettings(
      tenantId: string,
      patch: TenantSettingsPatch,
      init?: RequestOptions,
    ): Promise<TenantSettings> {
      return client.request<TenantSettings>('PATCH', `${tenantPath(tenantId)}/settings`, {
        ...init,
        body: patch,
      });
    },
    async channels(tenantId: string, init?: RequestOptions): Promise<ChannelChoice[]> {
      const path = `${tenantPath(tenantId)}/channels`;
      return (await client.request<{ items: ChannelChoice[] }>('GET', path, init)).items;
    },
    async clusters(tenantId: string, init?: RequestOptions): Promise<ClusterChoice[]> {
      const path = `${tenantPath(tenantId)}/clusters`;
      return (await client.request<{ items: ClusterChoice[] }>('GET', path, init)).items;
    },
    /** Owner only; `confirmName` is the guild's name as typed. */
    uninstall(
      tenantId: string,
      body: { confirmName: string; keepData: boolean },
      init?: RequestOptions,
    ): Promise<void> {
      return client.request<void>('DELETE', tenantPath(tenantId), { ...init, body });
    },
    syncStatus(tenantId: string, init?: RequestOptions): Promise<SyncStatus> {
      return client.request<SyncStatus>('GET', `${tenantPath(tenantId)}/sync`, init);
    },
    syncNow(tenantId: string, init?: RequestOptions): Promise<SyncResult> {
      return client.request<SyncResult>('POST', `${tenantPath(tenantId)}/sync`, init);
    },
  };
}

/** The tenants API type, for injection and stubbing. */
export type TenantsApi = ReturnType<typeof createTenantsApi>;
