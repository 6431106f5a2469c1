import type {
  AuditLog,
  DiscordGuildMember,
  DiscordService,
  EventBus,
  Logger,
} from '@pteronimbus/sdk';
import type { PermissionResolver } from './resolver.ts';
import type { RbacStore } from './store.ts';

/** Drop-your-cache announcement between replicas: `{ tenantId, userIds? }`. */
export const INVALIDATE_TOPIC = 'rbac.invalidate';
/** Core's tenant directory listens here to forget guild membership answers. */
export const MEMBERS_CHANGED_TOPIC = 'tenants.members.changed';
/** Core refreshes the tenant's name, icon and owner from here. */
export const GUILD_UPDATED_TOPIC = 'tenants.guild.updated';
/** Fed by the Discord bot from gateway events (later) and by anything that learns of a change. */
export const MEMBER_CHANGED_TOPIC = 'member.changed';

/** Payload of {@link MEMBER_CHANGED_TOPIC}. */
export interface MemberChanged {
  tenantId: string;
  userId: string;
  /** The member as the gateway described them; re-read from Discord when absent. */
  member?: DiscordGuildMember;
  /** The member left (or was removed from) the guild. */
  left?: boolean;
}

/** What one sync did. */
export interface SyncResult {
  tenantId: string;
  members: number;
  roles: number;
  added: number;
  removed: number;
  changed: number;
  durationMs: number;
}

/** Pulls a guild's roles and members into the plugin's tables and announces what changed. */
export class GuildSync {
  readonly #store: RbacStore;
  readonly #discord: DiscordService;
  readonly #events: EventBus;
  readonly #audit: AuditLog;
  readonly #logger: Logger;
  readonly #resolver: PermissionResolver;
  readonly #running = new Map<string, Promise<SyncResult>>();

  constructor(deps: {
    store: RbacStore;
    discord: DiscordService;
    events: EventBus;
    audit: AuditLog;
    logger: Logger;
    resolver: PermissionResolver;
  }) {
    this.#store = deps.store;
    this.#discord = deps.discord;
    this.#events = deps.events;
    this.#audit = deps.audit;
    this.#logger = deps.logger;
    this.#resolver = deps.resolver;
  }

  /** Syncs one tenant; a second call while one runs waits for that one. */
  sync(tenantId: string, requestId?: string): Promise<SyncResult> {
    let running = this.#running.get(tenantId);
    if (!running) {
      running = this.#sync(tenantId, requestId).finally(() => this.#running.delete(tenantId));
      this.#running.set(tenantId, running);
    }
    return running;
  }

  async #sync(tenantId: string, requestId?: string): Promise<SyncResult> {
    const started = performance.now();
    await this.#store.activate(tenantId);
    try {
      // Fresh from Discord: the client's short cache must not hide a change a sync should see.
      await this.#discord.invalidateGuild(tenantId);
      const guild = await this.#discord.bot.guild(tenantId);
      const members: DiscordGuildMember[] = [];
      for await (const m of this.#discord.bot.allGuildMembers(tenantId, { pageSize: 1000 }))
        members.push(m);
      await this.#store.replaceRoles(tenantId, guild.roles);
      const diff = await this.#store.replaceMembers(tenantId, members);
      const durationMs = Math.round(performance.now() - started);
      const humans = members.filter((m) => m.user && !m.user.bot).length;
      await this.#store.recordSync(tenantId, {
        ownerId: guild.owner_id,
        ms: durationMs,
        members: humans,
        roles: guild.roles.length,
      });
      await this.announce(tenantId);
      await this.#events.publish(GUILD_UPDATED_TOPIC, {
        tenantId,
        name: guild.name,
        icon: guild.icon,
        ownerId: guild.owner_id,
      });
      const result: SyncResult = {
        tenantId,
        members: humans,
        roles: guild.roles.length,
        added: diff.added,
        removed: diff.removed,
        changed: diff.changed,
        durationMs,
      };
      if (diff.added || diff.removed || diff.changed)
        await this.#audit.record({
          tenantId,
          actor: { type: 'system', id: 'rbac' },
          action: 'rbac.sync',
          target: { type: 'tenant', id: tenantId, name: guild.name },
          changes: { added: diff.added, removed: diff.removed, changed: diff.changed },
          source: 'system',
          ...(requestId ? { requestId } : {}),
        });
      this.#logger.info(result, 'guild synced');
      return result;
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'unknown';
      await this.#store
        .recordSync(tenantId, { ms: Math.round(performance.now() - started), error: code })
        .catch(() => {});
      this.#logger.warn({ tenantId, code }, 'guild sync failed');
      throw err;
    }
  }

  /** Re-reads one member from Discord (login, refresh, a gateway event without details). */
  async refreshMember(tenantId: string, userId: string): Promise<'member' | 'gone'> {
    try {
      const member = await this.#discord.bot.guildMember(tenantId, userId);
      await this.#store.upsertMember(tenantId, member);
    } catch (err) {
      if ((err as { code?: string }).code !== 'PN_DISCORD_NOT_FOUND') throw err;
      await this.#store.removeMember(tenantId, userId);
      await this.announce(tenantId, [userId]);
      return 'gone';
    }
    await this.announce(tenantId, [userId]);
    return 'member';
  }

  /** Applies a member event. */
  async memberChanged(event: MemberChanged): Promise<void> {
    const tenant = await this.#store.tenant(event.tenantId);
    if (!tenant?.active) return;
    if (event.left) {
      await this.#store.removeMember(event.tenantId, event.userId);
      await this.#discord.invalidateGuild(event.tenantId);
      await this.announce(event.tenantId, [event.userId]);
    } else if (event.member?.user?.id === event.userId) {
      await this.#store.upsertMember(event.tenantId, event.member);
      await this.announce(event.tenantId, [event.userId]);
    } else {
      await this.#discord.invalidateGuild(event.tenantId);
      await this.refreshMember(event.tenantId, event.userId);
    }
  }

  /**
   * Tells every replica that answers for the tenant changed, and core's membership cache too
   * unless only mappings changed.
   */
  async announce(tenantId: string, userIds?: string[], membership = true): Promise<void> {
    this.#resolver.forget(tenantId, userIds);
    await this.#events.publish(INVALIDATE_TOPIC, { tenantId, ...(userIds ? { userIds } : {}) });
    if (membership) await this.#events.publish(MEMBERS_CHANGED_TOPIC, { tenantId });
  }
}
