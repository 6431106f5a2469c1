import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  auditSourceOf,
  discordUserSessionExtensionPoint,
  isPnError,
  knownGuildsExtensionPoint,
  type AuditLog,
  type DiscordPartialGuild,
  type DiscordService,
  type EventBus,
  type Extensions,
  type KeyValueStore,
  type Principal,
} from '@pteronimbus/sdk';
import {
  DiscordNotConfigured,
  DiscordSessionMissing,
  TenantAlreadyInstalled,
  TenantBotMissing,
  TenantChannelUnknown,
  TenantClusterNotGranted,
  TenantClusterUnknown,
  TenantConfirmationMismatch,
  TenantInstallNotAllowed,
  TenantInstallRejected,
  TenantNotFound,
  TenantNotInstallable,
  TenantOwnerOnly,
} from '../errors/codes.ts';
import type { LimitsService } from '../limits/index.ts';
import { botPermissions, canInstall, inviteUrl } from './bot-permissions.ts';
import { channelChoices, type ClusterChoice } from './choices.ts';
import type { TenantDirectory } from './directory.ts';
import type { Tenant, TenantSettings, TenantStore } from './store.ts';

/** Published once a tenant is installed; the rbac plugin starts its first sync on it. */
export const TENANT_INSTALLED_TOPIC = 'tenant.installed';
/** Published once a tenant is uninstalled; `keepData: false` asks every plugin to drop its rows. */
export const TENANT_UNINSTALLED_TOPIC = 'tenant.uninstalled';

const Snowflake = Type.String({ pattern: '^\\d{5,25}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
// One `type` list rather than a union: Ajv's coercion would turn `null` ("back to the ceiling")
// into `0` in a union's integer branch.
const Count = Type.Unsafe<number | null>({
  type: ['integer', 'null'],
  minimum: 0,
  maximum: 1_000_000_000,
});

const SettingsSchema = Type.Object(
  {
    nameOverride: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    notificationChannelId: Type.Optional(Nullable(Snowflake)),
    defaultClusterId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    quotas: Type.Optional(
      Type.Object(
        {
          servers: Type.Optional(Count),
          cpuMillicores: Type.Optional(Count),
          memoryMb: Type.Optional(Count),
          diskGb: Type.Optional(Count),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const TenantView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  displayName: Type.String(),
  iconUrl: Nullable(Type.String()),
  ownerId: Type.String(),
  owner: Type.Boolean(),
  installedAt: Type.String({ format: 'date-time' }),
});

const GuildView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  iconUrl: Nullable(Type.String()),
  owner: Type.Boolean(),
  /** Uninstalled earlier with its data kept: installing again brings the settings back. */
  previouslyInstalled: Type.Boolean(),
  /** An install request of this guild waits for a super admin, or was declined. */
  request: Nullable(Type.Union([Type.Literal('pending'), Type.Literal('rejected')])),
});

/** An install the installation's policy holds for a super admin's approval. */
const PendingView = Type.Object({
  guildId: Type.String(),
  status: Type.Literal('pending'),
});

const GuildParams = Type.Object({ guildId: Snowflake });
const TenantParams = Type.Object({ tenantId: Type.String({ maxLength: 32 }) });

/** What the tenant routes need from core. */
export interface TenantRoutesOptions {
  store: TenantStore;
  directory: TenantDirectory;
  discord: DiscordService;
  extensions: Extensions;
  events: EventBus;
  audit: AuditLog;
  /** Short-lived cache of each user's guild list. */
  kv: KeyValueStore;
  clientId: string | null;
  authorizeUrl: string;
  /** How long a user's guild list is reused (default 30 s). */
  guildsTtlMs?: number;
  /** The approved clusters; a tenant may use (and make its default) those granted to it. */
  clusters: () => Promise<ClusterChoice[]>;
  /** Ceilings, cluster grants and the install policy, set by super admins. */
  limits: LimitsService;
  /**
   * Runs before a tenant is uninstalled, with the owner's choice about its data (core's game
   * servers stop, or go with their files). A failure leaves the tenant installed.
   */
  beforeUninstall?: (
    tenantId: string,
    keepData: boolean,
    by: { principal: Principal; requestId: string },
  ) => Promise<void>;
}

/** The CDN address of a guild's icon, `null` when it has none. */
export function iconUrl(id: string, icon: string | null): string | null {
  if (!icon) return null;
  return `https://cdn.discordapp.com/icons/${id}/${icon}.${icon.startsWith('a_') ? 'gif' : 'png'}?size=128`;
}

function view(tenant: Tenant, principal: Principal): Static<typeof TenantView> {
  return {
    id: tenant.id,
    name: tenant.name,
    displayName: tenant.settings.nameOverride ?? tenant.name,
    iconUrl: iconUrl(tenant.id, tenant.icon),
    ownerId: tenant.ownerId,
    owner: tenant.ownerId === principal.discordId,
    installedAt: tenant.installedAt.toISOString(),
  };
}

function mergeSettings(current: TenantSettings, patch: Static<typeof SettingsSchema>) {
  const next: TenantSettings = { ...current, ...patch };
  if (patch.quotas) next.quotas = { ...current.quotas, ...patch.quotas };
  for (const key of Object.keys(next) as Array<keyof TenantSettings>)
    if (next[key] === null && key !== 'quotas') delete next[key];
  return next;
}

/**
 * Tenants as guilds: the caller's tenants, the guilds they may install into, the install flow
 * (bot invite, then a confirmation that the bot joined), settings and uninstall.
 */
export function tenantRoutes(app: FastifyInstance, options: TenantRoutesOptions): void {
  const { store, directory, discord, audit, events, kv, limits } = options;
  const guildsTtlMs = options.guildsTtlMs ?? 30_000;

  /** The approved clusters granted to the tenant. */
  async function grantedClusters(tenantId: string): Promise<ClusterChoice[]> {
    const { clusters } = await limits.tenant(tenantId);
    const approved = await options.clusters();
    return clusters === 'all' ? approved : approved.filter((c) => clusters.includes(c.id));
  }

  /** Refuses a guild the install policy keeps out; `approval` is decided by the caller. */
  async function admitted(guildId: string) {
    const policy = await limits.installation();
    if (policy.installPolicy === 'allowlist' && !policy.installAllowlist.includes(guildId))
      throw TenantInstallNotAllowed(guildId, { guildId });
    if (policy.installPolicy === 'approval') {
      const asked = await limits.store.request(guildId);
      if (asked?.status === 'rejected') throw TenantInstallRejected(guildId, { guildId });
    }
    return policy;
  }

  /** The caller's guilds from Discord, with their token; null without a Discord session. */
  async function userGuilds(
    principal: Principal,
    fresh = false,
  ): Promise<DiscordPartialGuild[] | null> {
    const key = `user-guilds:${principal.discordId}`;
    if (!fresh) {
      const hit = await kv.get(key);
      if (hit) return JSON.parse(hit) as DiscordPartialGuild[];
    }
    let api = null;
    for (const session of options.extensions.get(discordUserSessionExtensionPoint)) {
      api = await session(principal);
      if (api) break;
    }
    if (!api) return null;
    const all: DiscordPartialGuild[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await api.guilds({ limit: 200, ...(after ? { after } : {}) });
      all.push(...page);
      if (page.length < 200) break;
      after = page.at(-1)!.id;
    }
    const slim = all.map(({ id, name, icon, owner, permissions }) => ({
      id,
      name,
      icon,
      owner,
      permissions,
    }));
    await kv.set(key, JSON.stringify(slim), { ttlMs: guildsTtlMs });
    return slim;
  }

  async function installableGuild(principal: Principal, guildId: string, fresh = false) {
    const guilds = await userGuilds(principal, fresh);
    if (!guilds) throw DiscordSessionMissing();
    const guild = guilds.find((g) => g.id === guildId);
    if (!guild || !canInstall(guild)) throw TenantNotInstallable(guildId);
    return guild;
  }

  app.get(
    '/api/v1/tenants',
    {
      config: { authenticated: true },
      schema: {
        tags: ['tenants'],
        summary: 'Guilds where the caller is a member and Pteronimbus is installed',
        response: { 200: Type.Object({ items: Type.Array(TenantView) }) },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const guilds = await userGuilds(principal);
      let tenants: Tenant[];
      if (guilds) tenants = await store.installed(guilds.map((g) => g.id));
      else {
        // An API client without a Discord session: ask the bot about the guilds they were in at
        // the last sync, or, with no plugin that keeps members, about each installed guild.
        const known = options.extensions.get(knownGuildsExtensionPoint)[0];
        const candidates = known
          ? await store.installed([...(await known(principal.discordId))])
          : await store.installed();
        const checks = await Promise.all(
          candidates.map(async (t) =>
            (await directory.isMember(t, principal.discordId).catch(() => false)) ? t : null,
          ),
        );
        tenants = checks.filter((t): t is Tenant => t !== null);
      }
      return { items: tenants.map((t) => view(t, principal)) };
    },
  );

  app.get(
    '/api/v1/guilds/installable',
    {
      config: { authenticated: true },
      schema: {
        tags: ['tenants'],
        summary:
          'Guilds the caller owns or holds Manage Server in, where Pteronimbus is not installed',
        response: { 200: Type.Object({ items: Type.Array(GuildView) }) },
      },
    },
    async (request) => {
      const guilds = await userGuilds(request.principal!);
      if (!guilds) throw DiscordSessionMissing();
      const candidates = guilds.filter(canInstall);
      const known = await store.knownIds(candidates.map((g) => g.id));
      const requests = new Map(
        await Promise.all(
          candidates
            .filter((g) => known.get(g.id) !== true)
            .map(async (g) => [g.id, (await limits.store.request(g.id))?.status ?? null] as const),
        ),
      );
      return {
        items: candidates
          .filter((g) => known.get(g.id) !== true)
          .map((g) => ({
            id: g.id,
            name: g.name,
            iconUrl: iconUrl(g.id, g.icon),
            owner: g.owner,
            previouslyInstalled: known.get(g.id) === false,
            request: requests.get(g.id) ?? null,
          })),
      };
    },
  );

  app.post(
    '/api/v1/guilds/:guildId/install',
    {
      config: { authenticated: true },
      schema: {
        tags: ['tenants'],
        summary: 'Starts an install: the bot invite URL for the guild',
        params: GuildParams,
        response: {
          200: Type.Object({
            guildId: Type.String(),
            inviteUrl: Type.String(),
            permissions: Type.String(),
            scopes: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const { guildId } = request.params as Static<typeof GuildParams>;
      if (!options.clientId) throw DiscordNotConfigured('DISCORD_CLIENT_ID');
      await installableGuild(request.principal!, guildId);
      if (await directory.installed(guildId)) throw TenantAlreadyInstalled(guildId);
      await admitted(guildId);
      return {
        guildId,
        inviteUrl: inviteUrl(options.authorizeUrl, options.clientId, guildId),
        permissions: botPermissions(),
        scopes: ['bot', 'applications.commands'],
      };
    },
  );

  app.post(
    '/api/v1/guilds/:guildId/install/confirm',
    {
      config: { authenticated: true },
      schema: {
        tags: ['tenants'],
        summary:
          'Finishes an install once the bot has joined: creates the tenant, or (under the approval policy) files a request for a super admin',
        params: GuildParams,
        response: { 201: TenantView, 202: PendingView },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { guildId } = request.params as Static<typeof GuildParams>;
      await installableGuild(principal, guildId, true);
      if (await directory.installed(guildId)) throw TenantAlreadyInstalled(guildId);
      const policy = await admitted(guildId);
      let guild;
      try {
        guild = await discord.bot.guild(guildId);
      } catch (err) {
        if (isPnError(err) && (err.statusCode === 403 || err.statusCode === 404))
          throw TenantBotMissing(guildId);
        throw err;
      }
      if (policy.installPolicy === 'approval') {
        const filed = await limits.store.requestInstall({
          id: guild.id,
          name: guild.name.slice(0, 100),
          icon: guild.icon,
          ownerId: guild.owner_id,
          requestedBy: principal.discordId,
        });
        await audit.record({
          tenantId: null,
          actor: { type: 'user', id: principal.userId, name: principal.name },
          action: 'tenant.install-request.create',
          target: { type: 'guild', id: guild.id, name: filed.name },
          changes: { ownerId: guild.owner_id },
          source: auditSourceOf(principal),
          requestId: request.id,
        });
        return reply.status(202).send({ guildId, status: 'pending' });
      }
      const tenant = await installTenant(
        options,
        { id: guild.id, name: guild.name, icon: guild.icon, ownerId: guild.owner_id },
        { principal, installedBy: principal.discordId, requestId: request.id },
      );
      await limits.store.removeRequest(guildId);
      return reply.status(201).send(view(tenant, principal));
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId',
    {
      config: { authenticated: true },
      schema: {
        tags: ['tenants'],
        summary: 'One tenant the caller is a member of',
        params: TenantParams,
        response: { 200: TenantView },
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const tenant = await directory.installed(tenantId);
      if (!tenant) throw TenantNotFound(tenantId);
      return view(tenant, request.principal!);
    },
  );

  app.get(
    '/api/v1/tenants/:tenantId/settings',
    {
      config: { permission: 'tenant.settings.manage' },
      schema: {
        tags: ['tenants'],
        summary: "The tenant's settings",
        params: TenantParams,
        response: { 200: SettingsSchema },
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const tenant = await directory.installed(tenantId);
      if (!tenant) throw TenantNotFound(tenantId);
      return tenant.settings;
    },
  );

  const ChannelChoiceSchema = Type.Object({
    id: Type.String(),
    name: Type.String(),
    kind: Type.Union([Type.Literal('text'), Type.Literal('announcement')]),
    category: Type.Union([Type.String(), Type.Null()]),
  });
  app.get(
    '/api/v1/tenants/:tenantId/channels',
    {
      config: { permission: 'tenant.settings.manage' },
      schema: {
        tags: ['tenants'],
        summary:
          "The guild's text and announcement channels the bot can see: where notifications can go",
        params: TenantParams,
        response: { 200: Type.Object({ items: Type.Array(ChannelChoiceSchema) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      return { items: await channelChoices(discord, tenantId) };
    },
  );

  const ClusterChoiceSchema = Type.Object({
    id: Type.String(),
    name: Type.String(),
    connected: Type.Boolean(),
  });
  app.get(
    '/api/v1/tenants/:tenantId/clusters',
    {
      config: { permission: 'tenant.settings.manage' },
      schema: {
        tags: ['tenants'],
        summary: 'The approved clusters granted to the tenant: where its game servers can run',
        params: TenantParams,
        response: { 200: Type.Object({ items: Type.Array(ClusterChoiceSchema) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as Static<typeof TenantParams>;
      return { items: await grantedClusters(tenantId) };
    },
  );

  app.patch(
    '/api/v1/tenants/:tenantId/settings',
    {
      config: { permission: 'tenant.settings.manage' },
      schema: {
        tags: ['tenants'],
        summary: "Changes the tenant's settings; `null` clears a field",
        params: TenantParams,
        body: SettingsSchema,
        response: { 200: SettingsSchema },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const patch = request.body as Static<typeof SettingsSchema>;
      const tenant = await store.get(tenantId);
      if (!tenant || tenant.uninstalledAt) throw TenantNotFound(tenantId);
      // A changed channel or cluster must exist, so notifications and new servers have a place.
      const channelId = patch.notificationChannelId;
      if (channelId && channelId !== tenant.settings.notificationChannelId) {
        const channels = await channelChoices(discord, tenantId);
        if (!channels.some((c) => c.id === channelId))
          throw TenantChannelUnknown(channelId, { channelId });
      }
      const clusterId = patch.defaultClusterId;
      if (clusterId && clusterId !== tenant.settings.defaultClusterId) {
        const clusters = await options.clusters();
        if (!clusters.some((c) => c.id === clusterId))
          throw TenantClusterUnknown(clusterId, { clusterId });
        if (!(await limits.granted(tenantId, clusterId)))
          throw TenantClusterNotGranted(clusterId, { clusterId });
      }
      const next = mergeSettings(tenant.settings, patch);
      // Only the quotas this change raises are held to the ceiling: a ceiling lowered later
      // caps the old values by itself, and must not block an unrelated change.
      if (patch.quotas) {
        const raised = Object.fromEntries(
          Object.entries(patch.quotas).filter(([, v]) => typeof v === 'number'),
        );
        await limits.assertQuotaSettings(tenantId, raised);
      }
      const updated = await store.updateSettings(tenantId, next);
      await directory.tenantChanged(tenantId);
      await audit.record({
        tenantId,
        actor: { type: 'user', id: principal.userId, name: principal.name },
        action: 'tenant.settings.update',
        target: { type: 'tenant', id: tenantId, name: tenant.name },
        changes: { set: patch },
        source: auditSourceOf(principal),
        requestId: request.id,
      });
      return updated!.settings;
    },
  );

  const UninstallBody = Type.Object(
    {
      /** The guild's name, typed by the owner. */
      confirmName: Type.String({ minLength: 1, maxLength: 100 }),
      /** Keep settings and every plugin's data for a later install (true), or delete them. */
      keepData: Type.Boolean(),
    },
    { additionalProperties: false },
  );

  app.delete(
    '/api/v1/tenants/:tenantId',
    {
      config: { authenticated: true },
      schema: {
        tags: ['tenants'],
        summary: 'Uninstalls Pteronimbus from the guild (owner only, typed confirmation)',
        params: TenantParams,
        body: UninstallBody,
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const { tenantId } = request.params as Static<typeof TenantParams>;
      const { confirmName, keepData } = request.body as Static<typeof UninstallBody>;
      const tenant = await directory.installed(tenantId);
      if (!tenant) throw TenantNotFound(tenantId);
      // Ownership moves in Discord; ask before trusting the stored owner.
      const guild = await discord.bot.guild(tenantId).catch(() => null);
      const ownerId = guild?.owner_id ?? tenant.ownerId;
      if (ownerId !== principal.discordId) throw TenantOwnerOnly();
      if (confirmName.trim() !== (guild?.name ?? tenant.name)) throw TenantConfirmationMismatch();
      await options.beforeUninstall?.(tenantId, keepData, { principal, requestId: request.id });
      await store.uninstall(tenantId, keepData);
      await directory.tenantChanged(tenantId);
      // With its data gone, the tenant's log is gone too: the uninstall itself stays on record
      // in the installation-wide log.
      await audit.record({
        tenantId: keepData ? tenantId : null,
        actor: { type: 'user', id: principal.userId, name: principal.name },
        action: 'tenant.uninstall',
        target: { type: 'tenant', id: tenantId, name: tenant.name },
        changes: { keepData },
        source: auditSourceOf(principal),
        requestId: request.id,
      });
      await events.publish(TENANT_UNINSTALLED_TOPIC, { tenantId, keepData });
      return reply.status(204).send();
    },
  );
}

/** Who an install is done by, for its audit entry. */
export interface InstallBy {
  principal: Principal;
  /** Discord id kept as the tenant's installer. */
  installedBy: string;
  requestId: string;
}

/**
 * Creates (or brings back) the tenant of a guild, announces it and audits it: the end of an
 * install, whether the policy let it through at once or a super admin approved the request.
 */
export async function installTenant(
  options: Pick<TenantRoutesOptions, 'store' | 'directory' | 'audit' | 'events'>,
  guild: { id: string; name: string; icon: string | null; ownerId: string },
  by: InstallBy,
): Promise<Tenant> {
  const tenant = await options.store.install({
    id: guild.id,
    name: guild.name,
    icon: guild.icon,
    ownerId: guild.ownerId,
    installedBy: by.installedBy,
  });
  await options.directory.tenantChanged(tenant.id);
  await options.audit.record({
    tenantId: tenant.id,
    actor: { type: 'user', id: by.principal.userId, name: by.principal.name },
    action: 'tenant.install',
    target: { type: 'tenant', id: tenant.id, name: tenant.name },
    changes: { ownerId: tenant.ownerId },
    source: auditSourceOf(by.principal),
    requestId: by.requestId,
  });
  await options.events.publish(TENANT_INSTALLED_TOPIC, {
    tenantId: tenant.id,
    installedBy: by.installedBy,
  });
  return tenant;
}
