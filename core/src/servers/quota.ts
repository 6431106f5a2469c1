import type { ResourceLimits } from '../config/schema.ts';
import { ClusterCapacityExceeded, QuotaExceeded } from '../errors/codes.ts';
import { LIMIT_KEYS } from '../limits/index.ts';
import type { ServerStore, Sql, TenantUsage } from './store.ts';

/** One limit a change would go over. */
export interface Overrun {
  quota: keyof TenantUsage;
  limit: number;
  used: number;
  requested: number;
}

const USAGE_OF: Record<(typeof LIMIT_KEYS)[number], keyof TenantUsage> = {
  servers: 'servers',
  cpuMillicores: 'cpu',
  memoryMb: 'memory',
  diskGb: 'disk',
};

/** The numbers over `limits` (in usage units: millicores and MiB) once `want` is added. */
export function overLimits(
  limits: Partial<ResourceLimits>,
  used: TenantUsage,
  want: TenantUsage,
): Overrun[] {
  return LIMIT_KEYS.flatMap((key) => {
    const raw = limits[key];
    if (typeof raw !== 'number') return [];
    const quota = USAGE_OF[key];
    const limit = key === 'diskGb' ? raw * 1024 : raw;
    return used[quota] + want[quota] > limit
      ? [{ quota, limit, used: used[quota], requested: want[quota] }]
      : [];
  });
}

const describe = (exceeded: Overrun[]) =>
  exceeded.map((e) => `${e.quota} ${e.used} + ${e.requested} > ${e.limit}`).join(', ');

/** Refuses with `PN_QUOTA_EXCEEDED` what would take a tenant over its quota. */
export function assertQuota(quota: ResourceLimits, used: TenantUsage, want: TenantUsage): void {
  const exceeded = overLimits(quota, used, want);
  const first = exceeded[0];
  if (first) throw QuotaExceeded(describe(exceeded), { ...first, exceeded });
}

/**
 * Checks a cluster's capacity (read before the transaction), set by a super admin, over every
 * tenant's servers on it; holds the cluster's lock for the rest of the transaction.
 */
export async function assertCapacity(
  store: Pick<ServerStore, 'lockCluster' | 'clusterUsage'>,
  sql: Sql,
  clusterId: string,
  capacity: Partial<ResourceLimits>,
  want: TenantUsage,
  exceptId?: string,
): Promise<void> {
  if (!LIMIT_KEYS.some((k) => typeof capacity[k] === 'number')) return;
  await store.lockCluster(sql, clusterId);
  const exceeded = overLimits(capacity, await store.clusterUsage(sql, clusterId, exceptId), want);
  const first = exceeded[0];
  if (!first) return;
  throw ClusterCapacityExceeded(clusterId, describe(exceeded), {
    clusterId,
    resource: first.quota,
    ...first,
    exceeded,
  });
}
