import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { auditSourceOf, type AuditLog } from '@pteronimbus/sdk';
import type { Cluster } from '../operator-gateway/store.ts';
import { ClusterNotFound, InstallRequestNotFound, TenantNotFound } from '../errors/codes.ts';
import { iconUrl } from '../tenants/routes.ts';
import type { Tenant, TenantSettings } from '../tenants/store.ts';
import { EXPOSURES, LimitsService, type TenantLimits } from './service.ts';

const Snowflake = Type.String({ pattern: '^\\d{5,25}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const ExposureSchema = Type.Enum([...EXPOSURES], { type: 'string' });
/**
 * An integer or `null`, as one `type` list: Ajv's type coercion would turn `null` into `0` in the
 * first branch of a union, and a `0` ceiling is not what "follow the default" means.
 */
const NullableCount = (maximum: number) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 0, maximum });
const MAXIMA = {
  servers: 100_000,
  cpuMillicores: 10_000_000,
  memoryMb: 100_000_000,
  diskGb: 1_000_000,
} as const;

const Limits = Type.Object({
  servers: Type.Integer(),
  cpuMillicores: Type.Integer(),
  memoryMb: Type.Integer(),
  diskGb: Type.Integer(),
});
/** A super admin's numbers: `null` (or missing) follows the installation default. */
const LimitsPatch = Type.Object(
  {
    servers: Type.Optional(NullableCount(MAXIMA.servers)),
    cpuMillicores: Type.Optional(NullableCount(MAXIMA.cpuMillicores)),
    memoryMb: Type.Optional(NullableCount(MAXIMA.memoryMb)),
    diskGb: Type.Optional(NullableCount(MAXIMA.diskGb)),
  },
  { additionalProperties: false },
);
const ServerMax = Type.Object({
  cpuMillicores: Type.Integer(),
  memoryMb: Type.Integer(),
  diskGb: Type.Integer(),
});

const PolicySchema = Type.Object({
  installPolicy: Type.Enum(['open', 'approval', 'allowlist'], { type: 'string' }),
  installAllowlist: Type.Array(Type.String()),
  clusterGrants: Type.Enum(['all', 'none'], { type: 'string' }),
  exposures: Type.Array(ExposureSchema),
  tenantCeiling: Limits,
  serverMax: ServerMax,
});
const PolicyPatch = Type.Object(
  {
    installPolicy: Type.Optional(Type.Enum(['open', 'approval', 'allowlist'], { type: 'string' })),
    installAllowlist: Type.Optional(Type.Array(Snowflake, { maxItems: 1000, uniqueItems: true })),
    clusterGrants: Type.Optional(Type.Enum(['all', 'none'], { type: 'string' })),
    exposures: Type.Optional(
      Type.Array(ExposureSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

const TenantLimitsView = Type.Object({
  ceiling: Limits,
  ceilingSet: Type.Record(Type.String(), Type.Integer()),
  clusters: Type.Union([Type.Literal('all'), Type.Array(Type.String())]),
  clustersSet: Nullable(Type.Array(Type.String())),
  exposures: Type.Array(ExposureSchema),
  exposuresSet: Nullable(Type.Array(ExposureSchema)),
  serverMax: ServerMax,
  updatedBy: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
});
const AdminTenant = Type.Object({
  id: Type.String(),
  name: Type.String(),
  ownerId: Type.String(),
  installedAt: Type.String(),
  limits: TenantLimitsView,
  usage: Limits,
});
const TenantLimitsBody = Type.Object(
  {
    ceiling: LimitsPatch,
    clusters: Nullable(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 200,
        uniqueItems: true,
      }),
    ),
    exposures: Nullable(Type.Array(ExposureSchema, { maxItems: 3, uniqueItems: true })),
  },
  { additionalProperties: false },
);

const ClusterCapacityView = Type.Object({
  clusterId: Type.String(),
  name: Type.String(),
  status: Type.String(),
  capacity: Type.Record(Type.String(), Type.Integer()),
  usage: Limits,
});

const RequestView = Type.Object({
  guildId: Type.String(),
  name: Type.String(),
  iconUrl: Nullable(Type.String()),
  ownerId: Type.String(),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  status: Type.Enum(['pending', 'rejected'], { type: 'string' }),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
});
const RequestQuery = Type.Object(
  { status: Type.Enum(['pending', 'rejected'], { type: 'string', default: 'pending' }) },
  { additionalProperties: false },
);

const GuildParams = Type.Object({ guildId: Snowflake });
const ClusterParams = Type.Object({ clusterId: Type.String({ minLength: 1, maxLength: 64 }) });
const TenantParams = Type.Object({ tenantId: Type.String({ minLength: 1, maxLength: 32 }) });

const TenantQuotaView = Type.Object({
  quota: Limits,
  ceiling: Limits,
  exposures: Type.Array(ExposureSchema),
  serverMax: ServerMax,
});

/** What the limits routes need from core. */
export interface LimitsRoutesOptions {
  limits: LimitsService;
  audit: AuditLog;
  /** Installed tenants (every one, for the super admin's list). */
  tenants: () => Promise<Tenant[]>;
  /** One installed tenant, or null. */
  tenant: (id: string) => Promise<Tenant | null>;
  /** Every tenant's servers together, by tenant id. */
  usage: () => Promise<Map<string, TenantUsageNumbers>>;
  clusters: () => Promise<Cluster[]>;
  /** Installs the guild of an approved request (the tenant's install, audited there). */
  approve: (request: FastifyRequest, guildId: string) => Promise<Tenant>;
  /** Sends a tenant's namespace quota again after its ceiling changed. */
  limitsChanged: (tenantId: string) => Promise<void>;
}

/** A tenant's or a cluster's usage in limit units. */
export type TenantUsageNumbers = Static<typeof Limits>;

const ZERO = { servers: 0, cpuMillicores: 0, memoryMb: 0, diskGb: 0 };

const nonNull = (patch: Record<string, number | null | undefined>) =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => typeof v === 'number')) as Record<
    string,
    number
  >;

/**
 * The super admin's controls over what tenants may use (ceilings, cluster grants and capacity,
 * exposure and install policies, the install queue), and the tenant's read-only view of its own
 * limits for the panel's forms.
 */
export function limitsRoutes(app: FastifyInstance, options: LimitsRoutesOptions): void {
  const { limits, audit } = options;
  const record = (
    request: FastifyRequest,
    action: string,
    target: { type: string; id: string; name?: string },
    changes: Record<string, unknown>,
    tenantId: string | null = null,
  ) =>
    audit.record({
      tenantId,
      actor: request.principal
        ? { type: 'user', id: request.principal.userId, name: request.principal.name }
        : { type: 'system' },
      action,
      target,
      changes,
      source: auditSourceOf(request.principal),
      requestId: request.id,
    });
  const byWhom = (request: FastifyRequest) => request.principal?.userId ?? null;
  const policyView = async () => ({ ...(await limits.installation()), ...limits.defaults });

  app.get(
    '/api/v1/admin/policy',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'The install, cluster-grant and exposure policies, and the installation defaults',
        response: { 200: PolicySchema },
      },
    },
    policyView,
  );

  app.patch(
    '/api/v1/admin/policy',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'Changes the install, cluster-grant or exposure policy of the installation',
        body: PolicyPatch,
        response: { 200: PolicySchema },
      },
    },
    async (request) => {
      const patch = request.body as Static<typeof PolicyPatch>;
      const before = await limits.installation();
      await limits.setInstallation(patch as never, byWhom(request));
      await record(
        request,
        'installation.policy.update',
        { type: 'installation', id: 'policy' },
        {
          from: Object.fromEntries(
            Object.keys(patch).map((k) => [k, before[k as keyof typeof before]]),
          ),
          to: patch,
        },
      );
      return policyView();
    },
  );

  const limitsView = (l: TenantLimits) => ({
    ceiling: l.ceiling,
    ceilingSet: nonNull(l.ceilingSet),
    clusters: l.clusters,
    clustersSet: l.clustersSet,
    exposures: l.exposures,
    exposuresSet: l.exposuresSet,
    serverMax: l.serverMax,
    updatedBy: l.updatedBy,
    updatedAt: l.updatedAt,
  });

  app.get(
    '/api/v1/admin/tenants',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'Every installed tenant with its ceiling, grants and what it uses',
        response: { 200: Type.Object({ items: Type.Array(AdminTenant) }) },
      },
    },
    async () => {
      const tenants = await options.tenants();
      const [all, usage] = await Promise.all([
        limits.tenants(tenants.map((t) => t.id)),
        options.usage(),
      ]);
      return {
        items: tenants.map((t) => ({
          id: t.id,
          name: t.settings.nameOverride ?? t.name,
          ownerId: t.ownerId,
          installedAt: t.installedAt.toISOString(),
          limits: limitsView(all.get(t.id)!),
          usage: usage.get(t.id) ?? ZERO,
        })),
      };
    },
  );

  app.put(
    '/api/v1/admin/tenants/:guildId/limits',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: "Sets a tenant's ceiling, granted clusters and allowed exposures",
        params: GuildParams,
        body: TenantLimitsBody,
        response: { 200: TenantLimitsView },
      },
    },
    async (request) => {
      const { guildId } = request.params as Static<typeof GuildParams>;
      const body = request.body as Static<typeof TenantLimitsBody>;
      const tenant = await options.tenant(guildId);
      if (!tenant) throw TenantNotFound(guildId);
      if (body.clusters) {
        const known = new Set((await options.clusters()).map((c) => c.id));
        const unknown = body.clusters.find((id) => !known.has(id));
        if (unknown) throw ClusterNotFound(unknown, { clusterId: unknown });
      }
      const before = await limits.tenant(guildId);
      const ceiling = nonNull(body.ceiling as Record<string, number | null | undefined>);
      await limits.store.setTenant(
        guildId,
        { ceiling, clusters: body.clusters, exposures: body.exposures },
        byWhom(request),
      );
      const after = await limits.tenant(guildId);
      await record(
        request,
        'tenant.limits.update',
        { type: 'tenant', id: guildId, name: tenant.name },
        {
          from: {
            ceiling: before.ceilingSet,
            clusters: before.clustersSet,
            exposures: before.exposuresSet,
          },
          to: { ceiling, clusters: body.clusters, exposures: body.exposures },
        },
        guildId,
      );
      await options.limitsChanged(guildId);
      return limitsView(after);
    },
  );

  app.get(
    '/api/v1/admin/cluster-capacity',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'Every cluster with the capacity set for it and what runs on it',
        response: { 200: Type.Object({ items: Type.Array(ClusterCapacityView) }) },
      },
    },
    async () => {
      const [clusters, capacity, usage] = await Promise.all([
        options.clusters(),
        limits.store.clusterCapacities(),
        limits.store.clusterUsage(),
      ]);
      return {
        items: clusters
          .filter((c) => c.status !== 'revoked')
          .map((c) => ({
            clusterId: c.id,
            name: c.name,
            status: c.status,
            capacity: nonNull(capacity.get(c.id) ?? {}),
            usage: usage.get(c.id) ?? ZERO,
          })),
      };
    },
  );

  app.put(
    '/api/v1/admin/clusters/:clusterId/capacity',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'Sets the most all tenants together may place on a cluster; null lifts a limit',
        params: ClusterParams,
        body: LimitsPatch,
        response: { 200: ClusterCapacityView },
      },
    },
    async (request) => {
      const { clusterId } = request.params as Static<typeof ClusterParams>;
      const cluster = (await options.clusters()).find((c) => c.id === clusterId);
      if (!cluster) throw ClusterNotFound(clusterId);
      const before = await limits.store.clusterCapacity(clusterId);
      const capacity = nonNull(request.body as Record<string, number | null | undefined>);
      await limits.store.setClusterCapacity(clusterId, capacity, byWhom(request));
      await record(
        request,
        'cluster.capacity.update',
        { type: 'cluster', id: clusterId, name: cluster.name },
        { from: before, to: capacity },
      );
      return {
        clusterId,
        name: cluster.name,
        status: cluster.status,
        capacity,
        usage: (await limits.store.clusterUsage()).get(clusterId) ?? ZERO,
      };
    },
  );

  app.get(
    '/api/v1/admin/install-requests',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'Install requests waiting for approval (or those declined)',
        querystring: RequestQuery,
        response: { 200: Type.Object({ items: Type.Array(RequestView) }) },
      },
    },
    async (request) => {
      const { status } = request.query as Static<typeof RequestQuery>;
      const items = await limits.store.requests(status as 'pending' | 'rejected');
      return {
        items: items.map(({ icon, ...r }) => ({ ...r, iconUrl: iconUrl(r.guildId, icon) })),
      };
    },
  );

  app.post(
    '/api/v1/admin/install-requests/:guildId/approve',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'Approves an install request: the guild becomes a tenant',
        params: GuildParams,
        response: { 201: Type.Object({ id: Type.String(), name: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { guildId } = request.params as Static<typeof GuildParams>;
      const pending = await limits.store.request(guildId);
      if (!pending) throw InstallRequestNotFound(guildId);
      const tenant = await options.approve(request, guildId);
      await limits.store.removeRequest(guildId);
      await record(
        request,
        'tenant.install-request.approve',
        { type: 'tenant', id: guildId, name: tenant.name },
        { requestedBy: pending.requestedBy, was: pending.status },
        guildId,
      );
      return reply.status(201).send({ id: tenant.id, name: tenant.name });
    },
  );

  app.post(
    '/api/v1/admin/install-requests/:guildId/reject',
    {
      config: { superAdmin: true },
      schema: {
        tags: ['limits'],
        summary: 'Declines an install request; the guild cannot ask again until approved',
        params: GuildParams,
        response: { 200: RequestView },
      },
    },
    async (request) => {
      const { guildId } = request.params as Static<typeof GuildParams>;
      const rejected = await limits.store.reject(guildId, byWhom(request));
      if (!rejected) throw InstallRequestNotFound(guildId);
      await record(
        request,
        'tenant.install-request.reject',
        { type: 'guild', id: guildId, name: rejected.name },
        { requestedBy: rejected.requestedBy },
      );
      const { icon, ...rest } = rejected;
      return { ...rest, iconUrl: iconUrl(guildId, icon) };
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/limits',
    {
      config: { permission: 'server.read' },
      schema: {
        tags: ['limits'],
        summary:
          "The tenant's quota (its settings within the ceiling), the ceiling, the exposures it may use and the largest server",
        params: TenantParams,
        response: { 200: TenantQuotaView },
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const tenant = await options.tenant(tenantId);
      if (!tenant) throw TenantNotFound(tenantId);
      const l = await limits.tenant(tenantId);
      const settings: TenantSettings = tenant.settings;
      return {
        quota: LimitsService.quota(l.ceiling, settings.quotas),
        ceiling: l.ceiling,
        exposures: l.exposures,
        serverMax: l.serverMax,
      };
    },
  );
}
