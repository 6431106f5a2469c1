import {
  isPnError,
  type DiscordService,
  type Logger,
  type PermissionService,
  type Principal,
} from '@pteronimbus/sdk';
import {
  computeEffective,
  holds,
  NOT_A_MEMBER,
  type Effective,
  type TenantFacts,
} from './effective.ts';
import type { MemberRow, RbacStore } from './store.ts';

interface Entry<T> {
  value: T;
  at: number;
  ttl: number;
}

/** Options of {@link PermissionResolver}. */
export interface ResolverOptions {
  store: RbacStore;
  discord: DiscordService;
  logger: Logger;
  /** How long a computed answer stands without any change announced (default 5 min). */
  ttlMs?: number;
  /** How long "not a member" stands (default 30 s), so a newcomer gets in soon (R2.6). */
  negativeTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** Every permission key of the catalog, which the owner and Administrator holders hold. */
  everything?: () => Promise<ReadonlySet<string>>;
}

/**
 * Answers "does this member hold P here": effective permissions are computed once per change
 * (a sync, a mapping edit, a member event) and then read from memory. Changes are announced on
 * the event bus, so every replica drops what it computed; the TTL is only a safety net.
 */
export class PermissionResolver implements PermissionService {
  readonly #store: RbacStore;
  readonly #discord: DiscordService;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  readonly #negativeTtlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #everything: (() => Promise<ReadonlySet<string>>) | undefined;
  readonly #facts = new Map<string, Entry<TenantFacts | null>>();
  readonly #effective = new Map<string, Entry<Effective>>();
  readonly #pending = new Map<string, Promise<Effective>>();

  constructor(options: ResolverOptions) {
    this.#store = options.store;
    this.#discord = options.discord;
    this.#logger = options.logger;
    this.#ttlMs = options.ttlMs ?? 300_000;
    this.#negativeTtlMs = options.negativeTtlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 200_000;
    this.#now = options.now ?? Date.now;
    this.#everything = options.everything;
  }

  async serversWith(
    principal: Principal,
    tenantId: string,
    permission: string,
  ): Promise<'all' | readonly string[]> {
    if (tenantId === '*') return [];
    const effective = await this.effective(tenantId, principal.discordId);
    if (!effective.member) return [];
    if (effective.tenantWide.has(permission)) return 'all';
    return [...(effective.scoped.get(permission) ?? [])];
  }

  async has(
    principal: Principal,
    tenantId: string,
    permission: string,
    scope?: { serverId?: string },
  ): Promise<boolean> {
    // Installation-wide routes are for super admins, whom core lets through on its own.
    if (tenantId === '*') return false;
    return holds(await this.effective(tenantId, principal.discordId), permission, scope?.serverId);
  }

  /** The member's effective permissions, from memory when nothing changed since last asked. */
  async effective(tenantId: string, userId: string): Promise<Effective> {
    const key = `${tenantId}:${userId}`;
    const hit = this.#effective.get(key);
    if (hit && this.#now() - hit.at < hit.ttl) return hit.value;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#compute(tenantId, userId).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /** Roles, mappings and owner of an active tenant; null when the plugin does not serve it. */
  async facts(tenantId: string): Promise<TenantFacts | null> {
    const hit = this.#facts.get(tenantId);
    if (hit && this.#now() - hit.at < hit.ttl) return hit.value;
    const tenant = await this.#store.tenant(tenantId);
    let value: TenantFacts | null = null;
    if (tenant?.active) {
      const [roles, mappings, everything] = await Promise.all([
        this.#store.roles(tenantId),
        this.#store.mappings(tenantId),
        this.#everything?.(),
      ]);
      value = {
        tenantId,
        ownerId: tenant.ownerId,
        roles: new Map(roles.map((r) => [r.id, r])),
        mappings: new Map(mappings.map((m) => [m.roleId, m])),
        ...(everything ? { everything } : {}),
      };
    }
    this.#facts.set(tenantId, { value, at: this.#now(), ttl: this.#ttlMs });
    return value;
  }

  /** The stored member, fetched from Discord when they joined since the last sync. */
  async member(tenantId: string, userId: string): Promise<MemberRow | null> {
    const row = await this.#store.member(tenantId, userId);
    if (row) return row;
    try {
      const fresh = await this.#discord.bot.guildMember(tenantId, userId);
      await this.#store.upsertMember(tenantId, fresh);
      return this.#store.member(tenantId, userId);
    } catch (err) {
      if (
        !isPnError(err) ||
        (err.code !== 'PN_DISCORD_NOT_FOUND' && err.code !== 'PN_DISCORD_FORBIDDEN')
      )
        this.#logger.warn(
          { tenantId, code: isPnError(err) ? err.code : 'unknown' },
          'could not read a member from Discord',
        );
      return null;
    }
  }

  /** Drops what was computed for a tenant (or only for some of its members). */
  forget(tenantId: string, userIds?: readonly string[]): void {
    if (userIds) {
      for (const id of userIds) this.#effective.delete(`${tenantId}:${id}`);
      return;
    }
    this.#facts.delete(tenantId);
    const prefix = `${tenantId}:`;
    for (const key of this.#effective.keys())
      if (key.startsWith(prefix)) this.#effective.delete(key);
  }

  async #compute(tenantId: string, userId: string): Promise<Effective> {
    const facts = await this.facts(tenantId);
    const row = facts ? await this.member(tenantId, userId) : null;
    const value =
      facts && row ? computeEffective(facts, { userId, roleIds: row.roleIds }) : NOT_A_MEMBER;
    if (this.#effective.size >= this.#maxEntries) {
      const oldest = this.#effective.keys().next().value;
      if (oldest !== undefined) this.#effective.delete(oldest);
    }
    this.#effective.set(`${tenantId}:${userId}`, {
      value,
      at: this.#now(),
      ttl: value.member ? this.#ttlMs : this.#negativeTtlMs,
    });
    return value;
  }
}
