import type { LimitsConfig, ResourceLimits } from '../config/schema.ts';
import {
  ServerExposureNotAllowed,
  ServerResourcesTooLarge,
  TenantClusterNotGranted,
  TenantQuotaAboveCeiling,
} from '../errors/codes.ts';
import type { Exposure, LimitsStore, PartialLimits, TenantLimitsRow } from './store.ts';

/** The order numbers are checked and listed in. */
export const LIMIT_KEYS = ['servers', 'cpuMillicores', 'memoryMb', 'diskGb'] as const;

/** Every exposure, least reachable first. */
export const EXPOSURES: readonly Exposure[] = ['ClusterIP', 'NodePort', 'LoadBalancer'];

/** The installation-wide policies a super admin may change (the environment gives defaults). */
export interface InstallationPolicy {
  installPolicy: LimitsConfig['installPolicy'];
  installAllowlist: string[];
  clusterGrants: LimitsConfig['clusterGrants'];
  exposures: Exposure[];
}

/** What holds for one tenant, every number finite. */
export interface TenantLimits {
  tenantId: string;
  /** Where the tenant's numbers come from: its own row or the installation default. */
  ceiling: ResourceLimits;
  /** The super admin's own numbers for the tenant (missing keys follow the default). */
  ceilingSet: PartialLimits;
  /** Cluster ids granted, or `all` (every approved cluster). */
  clusters: string[] | 'all';
  /** The tenant's own grant list; `null` follows `clusterGrants`. */
  clustersSet: string[] | null;
  exposures: Exposure[];
  /** The tenant's own exposure list; `null` follows the installation's. */
  exposuresSet: Exposure[] | null;
  serverMax: LimitsConfig['serverMax'];
  updatedBy: string | null;
  updatedAt: string | null;
}

/** A tenant's own quota settings: `null` or missing means "up to the ceiling". */
export type QuotaSettings = Partial<Record<(typeof LIMIT_KEYS)[number], number | null>>;

const INSTALLATION_KEY = 'installation-policy';

/**
 * Ceilings, grants and policies that a super admin sets and no tenant admin can edit. Every
 * number is finite: a tenant without a ceiling of its own gets the installation's, and a tenant
 * quota left unset means the ceiling, never "unlimited".
 */
export class LimitsService {
  readonly store: LimitsStore;
  readonly #config: LimitsConfig;

  constructor(store: LimitsStore, config: LimitsConfig) {
    this.store = store;
    this.#config = config;
  }

  /** The installation defaults no super admin can change at run time. */
  get defaults(): Pick<LimitsConfig, 'tenantCeiling' | 'serverMax'> {
    return { tenantCeiling: this.#config.tenantCeiling, serverMax: this.#config.serverMax };
  }

  async installation(): Promise<InstallationPolicy> {
    const saved = (await this.store.setting<Partial<InstallationPolicy>>(INSTALLATION_KEY)) ?? {};
    return {
      installPolicy: saved.installPolicy ?? this.#config.installPolicy,
      installAllowlist: saved.installAllowlist ?? this.#config.installAllowlist,
      clusterGrants: saved.clusterGrants ?? this.#config.clusterGrants,
      exposures: saved.exposures ?? this.#config.exposures,
    };
  }

  async setInstallation(
    patch: Partial<InstallationPolicy>,
    by: string | null,
  ): Promise<InstallationPolicy> {
    const saved = (await this.store.setting<Partial<InstallationPolicy>>(INSTALLATION_KEY)) ?? {};
    await this.store.setSetting(INSTALLATION_KEY, { ...saved, ...patch }, by);
    return this.installation();
  }

  #resolve(row: TenantLimitsRow | null, tenantId: string, policy: InstallationPolicy) {
    const set = row?.ceiling ?? {};
    const ceiling = { ...this.#config.tenantCeiling };
    for (const key of LIMIT_KEYS) if (typeof set[key] === 'number') ceiling[key] = set[key];
    return {
      tenantId,
      ceiling,
      ceilingSet: set,
      clusters: row?.clusters ?? (policy.clusterGrants === 'all' ? 'all' : []),
      clustersSet: row?.clusters ?? null,
      exposures: row?.exposures ?? policy.exposures,
      exposuresSet: row?.exposures ?? null,
      serverMax: this.#config.serverMax,
      updatedBy: row?.updatedBy ?? null,
      updatedAt: row?.updatedAt ?? null,
    } satisfies TenantLimits;
  }

  async tenant(tenantId: string): Promise<TenantLimits> {
    return this.#resolve(await this.store.tenant(tenantId), tenantId, await this.installation());
  }

  async tenants(ids: readonly string[]): Promise<Map<string, TenantLimits>> {
    const [rows, policy] = await Promise.all([this.store.tenants(ids), this.installation()]);
    return new Map(ids.map((id) => [id, this.#resolve(rows.get(id) ?? null, id, policy)]));
  }

  /** The tenant's quota: its own settings, each capped by the ceiling, the ceiling where unset. */
  static quota(ceiling: ResourceLimits, settings: QuotaSettings | undefined): ResourceLimits {
    const quota = { ...ceiling };
    for (const key of LIMIT_KEYS) {
      const own = settings?.[key];
      if (typeof own === 'number') quota[key] = Math.min(own, ceiling[key]);
    }
    return quota;
  }

  async quota(tenantId: string, settings: QuotaSettings | undefined): Promise<ResourceLimits> {
    return LimitsService.quota((await this.tenant(tenantId)).ceiling, settings);
  }

  /** Refuses quota settings above the ceiling: a tenant admin may only lower them. */
  async assertQuotaSettings(tenantId: string, settings: QuotaSettings): Promise<void> {
    const { ceiling } = await this.tenant(tenantId);
    const over = LIMIT_KEYS.flatMap((key) => {
      const requested = settings[key];
      return typeof requested === 'number' && requested > ceiling[key]
        ? [{ quota: key, limit: ceiling[key], requested }]
        : [];
    });
    const first = over[0];
    if (first)
      throw TenantQuotaAboveCeiling(
        over.map((o) => `${o.quota} ${o.requested} > ${o.limit}`).join(', '),
        { ...first, over },
      );
  }

  /** Whether the tenant may place servers on the cluster (approval is checked elsewhere). */
  async granted(tenantId: string, clusterId: string): Promise<boolean> {
    const { clusters } = await this.tenant(tenantId);
    return clusters === 'all' || clusters.includes(clusterId);
  }

  async assertCluster(tenantId: string, clusterId: string): Promise<void> {
    if (!(await this.granted(tenantId, clusterId)))
      throw TenantClusterNotGranted(clusterId, { clusterId });
  }

  async assertExposure(tenantId: string, exposure: Exposure): Promise<void> {
    const { exposures } = await this.tenant(tenantId);
    if (!exposures.includes(exposure))
      throw ServerExposureNotAllowed(exposure, { exposure, allowed: exposures });
  }

  /** Refuses a single server larger than the per-server limit, naming the first one exceeded. */
  assertServerSize(resources: { cpu: number; memory: number; disk: number }): void {
    const max = this.#config.serverMax;
    const checks = [
      { resource: 'cpu', unit: 'millicores', limit: max.cpuMillicores, requested: resources.cpu },
      { resource: 'memory', unit: 'MiB', limit: max.memoryMb, requested: resources.memory },
      { resource: 'disk', unit: 'MiB', limit: max.diskGb * 1024, requested: resources.disk },
    ];
    const over = checks.filter((c) => c.requested > c.limit);
    const first = over[0];
    if (first)
      throw ServerResourcesTooLarge(
        over.map((o) => `${o.resource} ${o.requested} > ${o.limit} ${o.unit}`).join(', '),
        { ...first, over },
      );
  }
}
