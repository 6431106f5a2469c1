import { hkdfSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import type { Logger as PinoLogger } from 'pino';
import {
  auditSourceOf,
  isPnError,
  CORE_STREAM_TOPICS,
  streamTopicsExtensionPoint,
  templateUsageExtensionPoint,
  type Extensions,
  type Logger,
  type Plugin,
  type PluginContext,
  type PluginServices,
} from '@pteronimbus/sdk';
import { createAuditLog } from './audit/service.ts';
import { scheduleAuditRetention } from './audit/retention.ts';
import { auditRoutes } from './audit/routes.ts';
import type { CoreConfig } from './config/schema.ts';
import { resolveSecretKey } from './config/secrets.ts';
import type { Database } from './db/orm.ts';
import { openCoreDatabase } from './db/core-database.ts';
import { createDiscordService, type DiscordClient } from './discord/client.ts';
import { ConfigInvalid, PluginRegisterFailed, TenantBotMissing } from './errors/codes.ts';
import { installErrorHandling, sendError } from './errors/handler.ts';
import { refuseNonFiniteNumbers } from './http/finite.ts';
import {
  collectRoutes,
  denyAllPermissions,
  enforceAccess,
  authenticatorExtensionPoint,
  permissionServiceExtensionPoint,
  type RouteInfo,
} from './http/access.ts';
import { apiDocs } from './http/docs.ts';
import { healthRoutes } from './http/health.ts';
import { metricsRoutes } from './http/metrics.ts';
import { apiSecurityHeaderSet, rateLimits, securityHeaders } from './http/security.ts';
import { findWebRoot, webApp } from './http/web.ts';
import { notFoundHandling } from './http/not-found.ts';
import { LimitsService, LimitsStore, limitsRoutes } from './limits/index.ts';
import { createLogger, genReqId, OneLineLogController } from './logger.ts';
import { ExtensionRegistry } from './plugins/extensions.ts';
import {
  importPlugins,
  resolvePlugins,
  type LoadedPlugin,
  type PluginCandidate,
} from './plugins/loader.ts';
import {
  createOperatorGateway,
  operatorGatewayRoutes,
  type OperatorGateway,
} from './operator-gateway/index.ts';
import { prefixedKeyValueStore } from './ports/kv.ts';
import { buildRegistry, registryRoutes, type Registry } from './registry/routes.ts';
import { createSharedServices, type SharedServices } from './services.ts';
import { ServersService, serverRoutes, type ServerTiming } from './servers/index.ts';
import { StreamHub, StreamTickets, streamRoutes, type StreamLimits } from './stream/index.ts';
import {
  TENANT_CHANGED_TOPIC,
  TENANT_MEMBERS_CHANGED_TOPIC,
  TENANT_UNINSTALLED_TOPIC,
  TenantDirectory,
  TenantStore,
  installTenant,
  tenantGuard,
  tenantRoutes,
  unavailableTenantGuard,
} from './tenants/index.ts';
import { API_VERSION, CORE_VERSION } from './version.ts';

/** What core hangs on the Fastify instance for its own modules and tests. */
export interface CoreHandle {
  config: CoreConfig;
  db: Database;
  shared: SharedServices;
  registry: Registry;
  plugins: LoadedPlugin[];
  routes: RouteInfo[];
  extensions: Extensions;
  secretKey: string;
  logger: Logger;
  discord: DiscordClient;
  /** Clusters, join tokens and the signed desired state sent to operators. */
  operatorGateway: OperatorGateway;
  /** Installed tenants and guild membership, cached. */
  tenants: TenantDirectory;
  /** The real-time stream's sockets and topics on this replica. */
  stream: StreamHub;
  /** Game servers: desired state, status, console and metrics. */
  servers: ServersService;
  /** Ceilings, cluster grants, capacity and the install and exposure policies. */
  limits: LimitsService;
}

declare module 'fastify' {
  interface FastifyInstance {
    pn: CoreHandle;
  }
}

export interface BuildOptions {
  /** Plugins given as values (tests, embedding); added to those named in config. */
  plugins?: Plugin<never>[];
  /** Where log lines go (tests capture them). */
  logStream?: NodeJS.WritableStream;
  /** Run pending migrations while building (default true). */
  migrate?: boolean;
  /** HTTP requests per minute per client address (default 1200). */
  rateLimitPerMinute?: number;
  /** Prefix of every Redis key (default `pn:`); tests give each core its own. */
  keyPrefix?: string;
  /** Bounds of the real-time stream (defaults suit production). */
  stream?: Partial<StreamLimits>;
  /** Timing of the servers module (defaults suit production). */
  servers?: Partial<ServerTiming>;
}

/** The largest WebSocket frame or message core reads (ws' own default is 100 MiB). */
const WEBSOCKET_MAX_PAYLOAD = 16 * 1024 * 1024;

/**
 * Builds a ready-to-listen core: services connected, migrations applied, plugins mounted.
 * Configuration mistakes reject with a coded error; nothing is left running when it does.
 */
export async function buildApp(
  config: CoreConfig,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  if (config.insecureSkipTenantCheck && config.env === 'production')
    throw ConfigInvalid('insecureSkipTenantCheck is for test cores only, never in production');
  const logger = createLogger({
    level: config.logLevel,
    ...(options.logStream ? { stream: options.logStream } : {}),
  });
  const candidates: PluginCandidate[] = [
    ...(await importPlugins(config.plugins)),
    ...(options.plugins ?? []).map((plugin) => ({ plugin, source: 'inline' })),
  ];
  const plugins = resolvePlugins(candidates, { pluginConfig: config.pluginConfig });
  const { key: secretKey, generated } = await resolveSecretKey(config);
  if (generated)
    logger.warn(
      { dataDir: config.dataDir },
      'PTERONIMBUS_SECRET_KEY is not set: generated one in the data folder',
    );

  const shared = await createSharedServices(config.redisUrl, logger, options.keyPrefix);
  let db: Database;
  try {
    if (!config.databaseUrl)
      logger.warn(
        { dataDir: config.dataDir },
        'DATABASE_URL is not set: using the embedded PostgreSQL (PGlite), fine for trying out, not for production',
      );
    db = await openCoreDatabase(config, plugins, logger);
  } catch (err) {
    await shared.close();
    throw err;
  }

  const app = Fastify({
    loggerInstance: logger as PinoLogger,
    genReqId,
    logController: new OneLineLogController(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The router's own refusals (a parameter over maxParamLength, a malformed URL) are coded too.
    // No hook runs for them, so they get the headers every answer carries here.
    frameworkErrors: (err, request, reply) => {
      reply.headers(apiSecurityHeaderSet(config.publicUrl.startsWith('https://')));
      reply.header('x-request-id', request.id);
      return sendError(err, request, reply);
    },
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance;

  try {
    if (options.migrate !== false) {
      const applied = await db.migrate();
      if (applied.length) logger.info({ applied }, 'database migrated');
    }
    const extensions = new ExtensionRegistry();
    const audit = createAuditLog(db, logger);
    const registry = buildRegistry(CORE_VERSION, plugins);
    const routes = collectRoutes(app);
    const discord = createDiscordService({
      ...config.discord,
      kv: prefixedKeyValueStore(shared.kv, 'discord:'),
      rateLimiter: shared.rateLimiter,
      logger: logger.child({ module: 'discord' }) as unknown as Logger,
    });
    app.addHook('onClose', async () => discord.close());
    const tenantStore = new TenantStore(db);
    const tenants = new TenantDirectory({
      store: tenantStore,
      discord,
      events: shared.events,
      logger,
    });
    await tenants.start();
    app.addHook('onClose', async () => tenants.stop());
    const operatorGateway = createOperatorGateway({
      db,
      events: shared.events,
      secretKey,
      logger,
    });
    app.addHook('preClose', async () => operatorGateway.close());
    // A console or install view opened on a replica that held none of it starts with what came
    // before: the game's last lines (asked of the operator), the kept install output. The servers
    // service answers once it exists.
    type History = (tenantId: string, serverId: string) => Promise<readonly unknown[]>;
    const histories = new Map<string, History>();
    for (const family of CORE_STREAM_TOPICS) {
      const kind = family.pattern.split('/').at(-1) ?? '';
      extensions.provide(
        streamTopicsExtensionPoint,
        kind === 'console' || kind === 'install'
          ? {
              ...family,
              prime: async (p) => (await histories.get(kind)?.(p.tenantId!, p.serverId!)) ?? [],
            }
          : family,
      );
    }
    // Membership is read with the bot: without one, tenant routes refuse (503) instead of relying on
    // permissions alone. Only a test core with a stand-in identity may skip the check.
    const tenantCheck = config.insecureSkipTenantCheck
      ? undefined
      : config.discord.botToken
        ? tenantGuard(tenants)
        : unavailableTenantGuard();
    const stream = new StreamHub({
      events: shared.events,
      families: () => extensions.get(streamTopicsExtensionPoint),
      permissions: () => extensions.get(permissionServiceExtensionPoint)[0] ?? denyAllPermissions,
      // The same tenant check as HTTP routes.
      ...(tenantCheck ? { tenant: tenantCheck } : {}),
      recheckOn: [TENANT_MEMBERS_CHANGED_TOPIC, TENANT_CHANGED_TOPIC, TENANT_UNINSTALLED_TOPIC],
      audit,
      logger: logger.child({ module: 'stream' }) as unknown as Logger,
      limits: {
        ...(config.streamSocketsPerUser ? { maxSocketsPerUser: config.streamSocketsPerUser } : {}),
        ...options.stream,
      },
    });
    await stream.start();
    app.addHook('preClose', async () => stream.close());
    const limits = new LimitsService(new LimitsStore(db), config.limits);
    const servers = new ServersService({
      consoleAuditKey: Buffer.from(
        hkdfSync('sha256', secretKey, 'pteronimbus', 'core:audit:console', 32),
      ),
      db,
      limits,
      gateway: operatorGateway,
      events: shared.events,
      kv: prefixedKeyValueStore(shared.kv, 'servers:'),
      jobs: shared.jobs,
      audit,
      logger,
      tenants,
      extensions,
      queryProtocolOf: (gameId) => {
        for (const p of registry.plugins) {
          const hints = (
            p.capabilities as { operator?: Record<string, { queryProtocol?: string }> }
          ).operator;
          const protocol = hints?.[gameId]?.queryProtocol;
          if (protocol) return protocol;
        }
        return null;
      },
      ...(options.servers ? { timing: options.servers } : {}),
    });
    extensions.provide(templateUsageExtensionPoint, servers.templateUsage);
    histories.set('console', (tenantId, serverId) => servers.consoleHistory(tenantId, serverId));
    histories.set('install', (tenantId, serverId) => servers.installHistory(tenantId, serverId));
    await servers.start();
    app.addHook('preClose', async () => servers.stop());
    app.decorate('pn', {
      config,
      db,
      shared,
      registry,
      plugins,
      routes,
      extensions,
      secretKey,
      logger,
      discord,
      operatorGateway,
      tenants,
      stream,
      servers,
      limits,
    });

    installErrorHandling(app);
    securityHeaders(app, config.publicUrl);
    await rateLimits(app, shared.rateLimiter, options.rateLimitPerMinute ?? 1200);
    const metricsRegistry = metricsRoutes(app, () => db.poolStats());
    stream.instrument(metricsRegistry);
    operatorGateway.instrument(metricsRegistry);
    await apiDocs(app, CORE_VERSION, config.publicUrl);
    enforceAccess(app, {
      authenticators: () => extensions.get(authenticatorExtensionPoint),
      permissions: () => extensions.get(permissionServiceExtensionPoint)[0] ?? denyAllPermissions,
      audit,
      ...(tenantCheck ? { tenant: tenantCheck } : {}),
    });
    refuseNonFiniteNumbers(app);
    if (config.insecureSkipTenantCheck)
      logger.warn('the tenant membership check is off: tenant routes rely on permissions alone');
    else if (!config.discord.botToken)
      logger.warn(
        'DISCORD_BOT_TOKEN is not set: tenants cannot be installed and tenant routes answer 503',
      );
    healthRoutes(app, [
      { name: 'database', check: () => db.ping() },
      { name: 'redis', check: () => shared.ping() },
    ]);
    registryRoutes(app, registry);
    tenantRoutes(app, {
      store: tenantStore,
      directory: tenants,
      discord,
      extensions,
      events: shared.events,
      audit,
      kv: prefixedKeyValueStore(shared.kv, 'tenants:'),
      clientId: config.discord.clientId,
      authorizeUrl: config.discord.authorizeUrl,
      clusters: async () => {
        const connected = new Set(operatorGateway.connected());
        return (await operatorGateway.listClusters())
          .filter((c) => c.status === 'approved')
          .map((c) => ({ id: c.id, name: c.name, connected: connected.has(c.id) }));
      },
      limits,
      beforeUninstall: (tenantId, keepData, by) =>
        servers.tenantUninstalled(tenantId, keepData, {
          principal: by.principal,
          requestId: by.requestId,
          source: auditSourceOf(by.principal),
        }),
    });
    limitsRoutes(app, {
      limits,
      audit,
      tenants: () => tenantStore.installed(),
      tenant: (id) => tenants.installed(id),
      usage: () => limits.store.tenantUsage(),
      clusters: () => operatorGateway.listClusters(),
      limitsChanged: (tenantId) => servers.tenantLimitsChanged(tenantId),
      approve: async (request, guildId) => {
        const asked = (await limits.store.request(guildId))!;
        // The bot must still be in the guild; Discord has the current name and owner.
        const guild = await discord.bot.guild(guildId).catch((err: unknown) => {
          if (isPnError(err) && (err.statusCode === 403 || err.statusCode === 404))
            throw TenantBotMissing(guildId);
          throw err;
        });
        return installTenant(
          { store: tenantStore, directory: tenants, audit, events: shared.events },
          { id: guild.id, name: guild.name, icon: guild.icon, ownerId: guild.owner_id },
          { principal: request.principal!, installedBy: asked.requestedBy, requestId: request.id },
        );
      },
    });
    auditRoutes(app, db);
    serverRoutes(
      app,
      servers,
      prefixedKeyValueStore(shared.kv, 'servers:'),
      () => extensions.get(permissionServiceExtensionPoint)[0] ?? denyAllPermissions,
    );
    await scheduleAuditRetention({
      jobs: shared.jobs,
      db,
      days: config.auditRetentionDays,
      logger,
    });
    // Registered once at the root: it routes every HTTP upgrade of the server. Its frame limit is
    // the operator link's (status, log and install output batches); stream sockets lower their own.
    if (!app.hasDecorator('websocketServer'))
      await app.register(websocket, { options: { maxPayload: WEBSOCKET_MAX_PAYLOAD } });
    await operatorGatewayRoutes(app, operatorGateway, audit);
    const streamTickets = new StreamTickets(
      prefixedKeyValueStore(shared.kv, 'stream:ticket:'),
      () => stream.limits.ticketTtlMs,
    );
    await streamTickets.start(shared.events);
    app.addHook('preClose', async () => streamTickets.stop());
    await streamRoutes(app, stream, {
      tickets: streamTickets,
      authenticators: () => extensions.get(authenticatorExtensionPoint),
      publicOrigin: new URL(config.publicUrl).origin,
    });

    const core = {
      version: CORE_VERSION,
      apiVersion: API_VERSION,
      publicUrl: config.publicUrl,
      production: config.env === 'production',
      superAdmins: config.superAdmins,
    };
    const contexts = new Map<string, PluginContext<Record<string, unknown>>>();
    for (const loaded of plugins) {
      const { plugin } = loaded;
      const pluginLogger = logger.child({ plugin: plugin.name }) as unknown as Logger;
      const services: PluginServices = {
        logger: pluginLogger,
        kv: prefixedKeyValueStore(shared.kv, `${plugin.name}:`),
        events: shared.events,
        jobs: shared.jobs,
        rateLimiter: shared.rateLimiter,
        audit,
        permissions: {
          has: (...args) =>
            (extensions.get(permissionServiceExtensionPoint)[0] ?? denyAllPermissions).has(...args),
        },
        db,
        extensions,
        discord,
        secrets: {
          // Bound to the plugin's name so that no plugin can derive another's keys.
          derive: (purpose, length = 32) =>
            Buffer.from(
              hkdfSync('sha256', secretKey, 'pteronimbus', `${plugin.name}:${purpose}`, length),
            ),
        },
      };
      const ctx: PluginContext<Record<string, unknown>> = { config: loaded.config, services, core };
      contexts.set(plugin.name, ctx);
      if (!plugin.register) continue;
      const register = plugin.register as NonNullable<Plugin<Record<string, unknown>>['register']>;
      await app.register(
        async (scope) => {
          try {
            await register(scope, ctx);
          } catch (err) {
            throw PluginRegisterFailed(plugin.name, (err as Error).message ?? String(err));
          }
        },
        { prefix: plugin.routePrefix ?? '/api/v1' },
      );
    }

    const configuredRoot = config.webRoot === false ? null : (config.webRoot ?? findWebRoot());
    const webRoot =
      configuredRoot && existsSync(join(configuredRoot, 'index.html')) ? configuredRoot : null;
    if (webRoot) await webApp(app, webRoot);
    else if (config.webRoot !== false)
      logger.warn(
        { webRoot: configuredRoot },
        'the web panel is not built (npm run build): serving the API only',
      );
    notFoundHandling(app, webRoot);

    app.addHook('onReady', async () => {
      stream.checkFamilies();
      for (const loaded of plugins)
        await loaded.plugin.onReady?.(contexts.get(loaded.plugin.name) as never);
    });
    app.addHook('onClose', async () => {
      for (const loaded of [...plugins].reverse()) {
        try {
          await loaded.plugin.onClose?.(contexts.get(loaded.plugin.name) as never);
        } catch (err) {
          logger.error({ err, plugin: loaded.plugin.name }, 'plugin failed to close');
        }
      }
      await shared.close();
      await db.close();
    });
    await app.ready();
    return app;
  } catch (err) {
    await app.close().catch(() => {});
    await shared.close().catch(() => {});
    await db.close().catch(() => {});
    throw err;
  }
}
