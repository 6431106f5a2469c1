import { Type, type Static } from 'typebox';
import {
  definePlugin,
  knownGuildsExtensionPoint,
  permissionServiceExtensionPoint,
  type PluginContext,
} from '@pteronimbus/sdk';
import { catalogLoader } from './catalog.ts';
import { rbacMigrations } from './migrations.ts';
import { PermissionResolver } from './resolver.ts';
import { rbacRoutes } from './routes.ts';
import { RbacStore } from './store.ts';
import {
  GuildSync,
  INVALIDATE_TOPIC,
  MEMBER_CHANGED_TOPIC,
  MEMBERS_CHANGED_TOPIC,
  type MemberChanged,
} from './sync.ts';

/** Config of the rbac plugin. */
export const RbacConfigSchema = Type.Object({
  syncIntervalSeconds: Type.Integer({
    minimum: 1,
    maximum: 3600,
    default: 240,
    description:
      'How often every guild is synced in full. Four minutes plus the sync itself keeps role changes within the 5-minute promise.',
  }),
  syncConcurrency: Type.Integer({
    minimum: 1,
    maximum: 16,
    default: 2,
    description: 'Guilds synced at the same time by one replica.',
  }),
  manualSyncLimit: Type.Object(
    {
      max: Type.Integer({ minimum: 1, maximum: 10_000, default: 5 }),
      windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 600 }),
    },
    {
      default: {},
      description:
        'Manual syncs (POST /tenants/:tenantId/sync) one tenant may ask for per window, across replicas: each reads every member from Discord.',
    },
  ),
});

/** See {@link RbacConfigSchema}. */
export type RbacConfig = Static<typeof RbacConfigSchema>;

const SYNC_JOB = 'rbac.sync';
const TICK_JOB = 'rbac.sync-all';

interface Running {
  resolver: PermissionResolver;
  sync: GuildSync;
  store: RbacStore;
  unsubscribe: Array<() => Promise<void>>;
}

// One running state per core: onReady and onClose need what register built.
const running = new WeakMap<object, Running>();

async function register(
  app: Parameters<NonNullable<Parameters<typeof definePlugin<RbacConfig>>[0]['register']>>[0],
  ctx: PluginContext<RbacConfig>,
) {
  const { services, config } = ctx;
  const store = new RbacStore(services.db);
  const catalog = catalogLoader(app);
  const resolver = new PermissionResolver({
    store,
    discord: services.discord,
    logger: services.logger,
    everything: async () => (await catalog()).keys,
  });
  const sync = new GuildSync({
    store,
    discord: services.discord,
    events: services.events,
    audit: services.audit,
    logger: services.logger,
    resolver,
  });
  services.extensions.provide(permissionServiceExtensionPoint, resolver);
  // Listing an API client's tenants asks Discord about the guilds they were synced in, only.
  services.extensions.provide(knownGuildsExtensionPoint, (discordId) => store.tenantsOf(discordId));
  rbacRoutes(app, {
    store,
    resolver,
    sync,
    audit: services.audit,
    catalog,
    rateLimiter: services.rateLimiter,
    manualSyncLimit: config.manualSyncLimit,
  });

  const queueSync = (tenantId: string) =>
    services.jobs.add(
      SYNC_JOB,
      { tenantId },
      { jobId: `sync-${tenantId}`, attempts: 3, backoffMs: 5_000 },
    );
  const intervalMs = config.syncIntervalSeconds * 1000;
  // Each tick queues the next under the next slot's id, so replicas that all do it tick once.
  const queueTick = () => {
    const slot = Math.floor(Date.now() / intervalMs) + 1;
    return services.jobs.add(
      TICK_JOB,
      {},
      { jobId: `tick-${slot}`, delayMs: slot * intervalMs - Date.now() },
    );
  };
  services.jobs.process<{ tenantId: string }>(
    SYNC_JOB,
    async (job) => {
      await sync.sync(job.data.tenantId);
    },
    { concurrency: config.syncConcurrency },
  );
  services.jobs.process(TICK_JOB, async () => {
    try {
      for (const tenantId of await store.activeTenants()) await queueSync(tenantId);
    } finally {
      await queueTick();
    }
  });

  const log = (what: string) => (err: unknown) =>
    services.logger.warn({ code: (err as { code?: string }).code ?? 'unknown' }, what);
  const unsubscribe = [
    await services.events.subscribe<{ tenantId: string }>('tenant.installed', (e) => {
      store
        .activate(e.payload.tenantId)
        .then(() => queueSync(e.payload.tenantId))
        .catch(log('could not start the first sync'));
    }),
    await services.events.subscribe<{ tenantId: string; keepData: boolean }>(
      'tenant.uninstalled',
      (e) => {
        store
          .deactivate(e.payload.tenantId, !e.payload.keepData)
          .then(() => resolver.forget(e.payload.tenantId))
          .catch(log('could not stop serving an uninstalled tenant'));
      },
    ),
    await services.events.subscribe<{ discordId: string }>('auth.session.refreshed', (e) => {
      void (async () => {
        for (const tenantId of await store.tenantsOf(e.payload.discordId))
          await sync.refreshMember(tenantId, e.payload.discordId);
      })().catch(log('could not re-read a member at login'));
    }),
    await services.events.subscribe<MemberChanged>(MEMBER_CHANGED_TOPIC, (e) => {
      sync.memberChanged(e.payload).catch(log('could not apply a member change'));
    }),
    await services.events.subscribe<{ tenantId: string; userIds?: string[] }>(
      INVALIDATE_TOPIC,
      (e) => resolver.forget(e.payload.tenantId, e.payload.userIds),
    ),
    await services.events.subscribe<{ tenantId: string }>(MEMBERS_CHANGED_TOPIC, (e) =>
      resolver.forget(e.payload.tenantId),
    ),
  ];
  running.set(services, { resolver, sync, store, unsubscribe });
  app.addHook('onReady', async () => {
    await queueTick();
  });
}

/**
 * Access follows Discord roles: the permission catalog, role mappings per tenant, role and member
 * sync, effective permissions (offered to core as the PermissionService) and their explanation.
 */
export const rbacPlugin = definePlugin<RbacConfig>({
  name: 'rbac',
  version: '0.1.0',
  description: 'Discord roles drive access: role mappings, sync, effective permissions.',
  configSchema: RbacConfigSchema,
  database: { migrations: rbacMigrations },
  register,
  async onClose(ctx) {
    const state = running.get(ctx.services);
    if (!state) return;
    for (const off of state.unsubscribe.splice(0)) await off();
  },
});
