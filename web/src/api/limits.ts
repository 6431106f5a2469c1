import { api, type ApiClient, type RequestOptions } from './client.ts';
import type { PortExposure } from './servers.ts';

/** The four numbers of a ceiling, a quota or a usage. */
export interface ResourceLimits {
  servers: number;
  cpuMillicores: number;
  memoryMb: number;
  diskGb: number;
}

/** The keys of {@link ResourceLimits}, in the order forms show them. */
export const limitKeys = ['servers', 'cpuMillicores', 'memoryMb', 'diskGb'] as const;
/** One of {@link limitKeys}. */
export type LimitKey = (typeof limitKeys)[number];

/** What the most one server may ask for. */
export type ServerMax = Omit<ResourceLimits, 'servers'>;

/** Who may turn a guild into a tenant. */
export const installPolicies = ['open', 'approval', 'allowlist'] as const;
/** See {@link installPolicies}. */
export type InstallPolicy = (typeof installPolicies)[number];

/** `GET /api/v1/admin/policy`. */
export interface InstallationPolicy {
  installPolicy: InstallPolicy;
  installAllowlist: string[];
  clusterGrants: 'all' | 'none';
  exposures: PortExposure[];
  tenantCeiling: ResourceLimits;
  serverMax: ServerMax;
}

/** `PATCH /api/v1/admin/policy`. */
export type InstallationPolicyPatch = Partial<
  Pick<InstallationPolicy, 'installPolicy' | 'installAllowlist' | 'clusterGrants' | 'exposures'>
>;

/** A tenant's limits as a super admin sees them. */
export interface TenantLimits {
  ceiling: ResourceLimits;
  /** The numbers set for this tenant; the others follow the installation default. */
  ceilingSet: Partial<ResourceLimits>;
  clusters: 'all' | string[];
  clustersSet: string[] | null;
  exposures: PortExposure[];
  exposuresSet: PortExposure[] | null;
  serverMax: ServerMax;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** `GET /api/v1/admin/tenants`. */
export interface AdminTenant {
  id: string;
  name: string;
  ownerId: string;
  installedAt: string;
  limits: TenantLimits;
  usage: ResourceLimits;
}

/** `PUT /api/v1/admin/tenants/:guildId/limits`: `null` follows the installation default. */
export interface TenantLimitsInput {
  ceiling: Partial<Record<LimitKey, number | null>>;
  clusters: string[] | null;
  exposures: PortExposure[] | null;
}

/** An install request in the super admin's queue. */
export interface InstallRequest {
  guildId: string;
  name: string;
  iconUrl: string | null;
  ownerId: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
}

/** `GET /api/v1/admin/cluster-capacity`: the clusters a grant may name. */
export interface ClusterCapacity {
  clusterId: string;
  name: string;
  status: string;
  capacity: Partial<ResourceLimits>;
  usage: ResourceLimits;
}

/** `GET /api/v1/tenants/:tenantId/limits`: what a tenant may use. */
export interface OwnLimits {
  quota: ResourceLimits;
  ceiling: ResourceLimits;
  exposures: PortExposure[];
  serverMax: ServerMax;
}

const guild = (guildId: string) => encodeURIComponent(guildId);

/** Typed calls for ceilings, grants and the install and exposure policies. */
export function createLimitsApi(client: ApiClient = api) {
  return {
    policy(init?: RequestOptions): Promise<InstallationPolicy> {
      return client.request<InstallationPolicy>('GET', '/api/v1/admin/policy', init);
    },
    savePolicy(patch: InstallationPolicyPatch, init?: RequestOptions) {
      return client.request<InstallationPolicy>('PATCH', '/api/v1/admin/policy', {
        ...init,
        body: patch,
      });
    },
    async tenants(init?: RequestOptions): Promise<AdminTenant[]> {
      return (await client.request<{ items: AdminTenant[] }>('GET', '/api/v1/admin/tenants', init))
        .items;
    },
    saveTenant(guildId: string, input: TenantLimitsInput, init?: RequestOptions) {
      return client.request<TenantLimits>('PUT', `/api/v1/admin/tenants/${guild(guildId)}/limits`, {
        ...init,
        body: input,
      });
    },
    async clusters(init?: RequestOptions): Promise<ClusterCapacity[]> {
      return (
        await client.request<{ items: ClusterCapacity[] }>(
          'GET',
          '/api/v1/admin/cluster-capacity',
          init,
        )
      ).items;
    },
    async requests(
      status: 'pending' | 'rejected' = 'pending',
      init?: RequestOptions,
    ): Promise<InstallRequest[]> {
      return (
        await client.request<{ items: InstallRequest[] }>('GET', '/api/v1/admin/install-requests', {
          ...init,
          query: { status },
        })
      ).items;
    },
    approve(guildId: string, init?: RequestOptions) {
      return client.request<{ id: string; name: string }>(
        'POST',
        `/api/v1/admin/install-requests/${guild(guildId)}/approve`,
        init,
      );
    },
    reject(guildId: string, init?: RequestOptions) {
      return client.request<InstallRequest>(
        'POST',
        `/api/v1/admin/install-requests/${guild(guildId)}/reject`,
        init,
      );
    },
    own(tenantId: string, init?: RequestOptions): Promise<OwnLimits> {
      return client.request<OwnLimits>(
        'GET',
        `/api/v1/tenants/${encodeURIComponent(tenantId)}/limits`,
        init,
      );
    },
  };
}

/** See {@link createLimitsApi}. */
export type LimitsApi = ReturnType<typeof createLimitsApi>;
