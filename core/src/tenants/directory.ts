import { isPnError, type DiscordService, type EventBus, type Logger } from '@pteronimbus/sdk';
import type { Tenant, TenantStore } from './store.ts';

/** Published (by core and the rbac plugin) when a tenant row changes: installed, uninstalled, settings. */
export const TENANT_CHANGED_TOPIC = 'tenants.changed';
/** Published when a guild's members may have changed (a sync, a gateway event); payload `{ tenantId }`. */
export const TENANT_MEMBERS_CHANGED_TOPIC = 'tenants.members.changed';
/** Published by a guild sync: `{ tenantId, name, icon, ownerId }` as Discord has them now. */
export const TENANT_GUILD_UPDATED_TOPIC = 'tenants.guild.updated';

interface GuildUpdated {
  tenantId?: string;
  name?: string;
  icon?: string | null;
  ownerId?: string;
}

interface Entry<T> {
  value: T;
  at: number;
}

/** Options of {@link TenantDirectory}. */
export interface TenantDirectoryOptions {
  store: TenantStore;
  discord: DiscordService;
  events: EventBus;
  logger: Logger;
  /** How long an answer is trusted (default 30 s). */
  ttlMs?: number;
  /** How long an older answer may stand in while Discord is unreachable (default 5 min). */
  staleMs?: number;
  /** Most membership answers kept (default 100,000). */
  maxEntries?: number;
  /** Most tenant rows (or "no such tenant" answers) kept (default 10,000). */
  maxTenants?: number;
  /** How long "no such tenant" is trusted (default 5 s): unknown ids never pile up for long. */
  negativeTtlMs?: number;
  now?: () => number;
}

/**
 * Which tenants exist and who belongs to them, answered from memory on the hot path. Membership
 * comes from Discord (the bot reads the member), so it holds with or without the rbac plugin;
 * entries live briefly and are dropped at once on every replica when a sync or an install says
 * something changed.
 */
export class TenantDirectory {
  readonly #store: TenantStore;
  readonly #discord: DiscordService;
  readonly #events: EventBus;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  readonly #staleMs: number;
  readonly #maxEntries: number;
  readonly #maxTenants: number;
  readonly #negativeTtlMs: number;
  readonly #now: () => number;
  readonly #tenants = new Map<string, Entry<Tenant | null>>();
  readonly #members = new Map<string, Entry<boolean>>();
  readonly #unsubscribe: Array<() => Promise<void>> = [];

  constructor(options: TenantDirectoryOptions) {
    this.#store = options.store;
    this.#discord = options.discord;
    this.#events = options.events;
    this.#logger = options.logger;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#staleMs = options.staleMs ?? 300_000;
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#maxTenants = options.maxTenants ?? 10_000;
    this.#negativeTtlMs = options.negativeTtlMs ?? 5_000;
    this.#now = options.now ?? Date.now;
  }

  /** Listens for changes announced by other replicas and plugins. */
  async start(): Promise<void> {
    this.#unsubscribe.push(
      await this.#events.subscribe<{ tenantId?: string }>(TENANT_CHANGED_TOPIC, (e) => {
        if (e.payload.tenantId) this.#tenants.delete(e.payload.tenantId);
      }),
      await this.#events.subscribe<{ tenantId?: string }>(TENANT_MEMBERS_CHANGED_TOPIC, (e) => {
        if (e.payload.tenantId) this.#forgetMembers(e.payload.tenantId);
      }),
      await this.#events.subscribe<GuildUpdated>(TENANT_GUILD_UPDATED_TOPIC, (e) => {
        const { tenantId, name, icon, ownerId } = e.payload;
        if (!tenantId || typeof name !== 'string' || typeof ownerId !== 'string') return;
        // Every replica hears it; the update writes only when something differs.
        this.#store
          .updateGuild(tenantId, { name: name.slice(0, 100), icon: icon ?? null, ownerId })
          .then(() => this.#tenants.delete(tenantId))
          .catch((err: unknown) => this.#logger.warn({ err, tenantId }, 'tenant refresh failed'));
      }),
    );
  }

  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) await off();
  }

  /** The tenant row (installed or not), or null. */
  async tenant(id: string): Promise<Tenant | null> {
    const hit = this.#tenants.get(id);
    if (hit && this.#now() - hit.at < (hit.value ? this.#ttlMs : this.#negativeTtlMs))
      return hit.value;
    const value = await this.#store.get(id);
    // Bounded, oldest first: ids asked for by anyone (existing or not) must not grow it forever.
    this.#tenants.delete(id);
    while (this.#tenants.size >= this.#maxTenants) {
      const oldest = this.#tenants.keys().next().value;
      if (oldest === undefined) break;
      this.#tenants.delete(oldest);
    }
    this.#tenants.set(id, { value, at: this.#now() });
    return value;
  }

  /** How many tenant answers are held (for tests and metrics). */
  get cachedTenants(): number {
    return this.#tenants.size;
  }

  /** The tenant when it is installed, else null. */
  async installed(id: string): Promise<Tenant | null> {
    const tenant = await this.tenant(id);
    return tenant && !tenant.uninstalledAt ? tenant : null;
  }

  /** Whether the Discord user is in the tenant's guild. */
  async isMember(tenant: Tenant, discordId: string): Promise<boolean> {
    if (tenant.ownerId === discordId) return true;
    const key = `${tenant.id}:${discordId}`;
    const hit = this.#members.get(key);
    const now = this.#now();
    if (hit && now - hit.at < this.#ttlMs) return hit.value;
    let value: boolean;
    try {
      await this.#discord.bot.guildMember(tenant.id, discordId);
      value = true;
    } catch (err) {
      const code = isPnError(err) ? err.code : null;
      // Unknown member, or the bot was removed from the guild: nobody gets in through it.
      if (code === 'PN_DISCORD_NOT_FOUND' || code === 'PN_DISCORD_FORBIDDEN') value = false;
      else if (hit && now - hit.at < this.#staleMs) {
        this.#logger.warn(
          { tenantId: tenant.id, code },
          'membership check failed; using the last answer',
        );
        return hit.value;
      } else throw err;
    }
    if (this.#members.size >= this.#maxEntries) {
      const oldest = this.#members.keys().next().value;
      if (oldest !== undefined) this.#members.delete(oldest);
    }
    this.#members.delete(key);
    this.#members.set(key, { value, at: now });
    return value;
  }

  /** Announces that a tenant row changed, here and on every replica. */
  async tenantChanged(tenantId: string): Promise<void> {
    this.#tenants.delete(tenantId);
    await this.#events.publish(TENANT_CHANGED_TOPIC, { tenantId });
  }

  /** Announces that a guild's members may have changed, here and on every replica. */
  async membersChanged(tenantId: string): Promise<void> {
    this.#forgetMembers(tenantId);
    await this.#discord.invalidateGuild(tenantId);
    await this.#events.publish(TENANT_MEMBERS_CHANGED_TOPIC, { tenantId });
  }

  #forgetMembers(tenantId: string): void {
    const prefix = `${tenantId}:`;
    for (const key of this.#members.keys()) if (key.startsWith(prefix)) this.#members.delete(key);
  }
}
