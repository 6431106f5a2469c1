import { randomBytes } from 'node:crypto';
import { createError, EmulatorErrorCodes } from '../errors.ts';
import type { Seed, SeedGuild } from '../seed/schema.ts';
import { compareSnowflakes } from '../snowflake.ts';
import { computeBasePermissions, Permission } from './permissions.ts';
import type {
  ApplicationRecord,
  AuthorizationCode,
  ChannelRecord,
  CommandRecord,
  GuildRecord,
  Grant,
  InteractionRecord,
  MemberRecord,
  MessageRecord,
  RoleRecord,
  UserRecord,
} from './records.ts';

/** Overrides of the seed's application credentials given to `startDiscordEmulator`. */
export interface ApplicationOverrides {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/** Input of `createRole`; the id is generated when left out. */
export interface RoleInput {
  id?: string;
  name: string;
  color?: number;
  position?: number;
  permissions?: string;
  hoist?: boolean;
  managed?: boolean;
  mentionable?: boolean;
}

/** Input of `createUser`. */
export interface UserInput {
  id?: string;
  username: string;
  global_name?: string | null;
  avatar?: string | null;
  email?: string | null;
}

/** A random opaque token in Discord's style (URL-safe). */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** The whole emulated world. Routes read it; the control API and OAuth2 flows change it. */
export class EmulatorState {
  readonly seed: Seed;
  readonly nextId: () => string;
  readonly now: () => number;
  readonly overrides: ApplicationOverrides;
  application!: ApplicationRecord;
  users = new Map<string, UserRecord>();
  guilds = new Map<string, GuildRecord>();
  /** Channel id to channel, across guilds. */
  channels = new Map<string, ChannelRecord>();
  codes = new Map<string, AuthorizationCode>();
  accessTokens = new Map<string, Grant>();
  refreshTokens = new Map<string, Grant>();
  globalCommands: CommandRecord[] = [];
  guildCommands = new Map<string, CommandRecord[]>();
  messages: MessageRecord[] = [];
  interactions = new Map<string, InteractionRecord>();

  constructor(
    seed: Seed,
    nextId: () => string,
    now: () => number,
    overrides: ApplicationOverrides = {},
  ) {
    this.seed = seed;
    this.nextId = nextId;
    this.now = now;
    this.overrides = overrides;
    this.load();
  }

  /** Rebuilds everything from the seed, dropping tokens, commands, messages and interactions. */
  load(): void {
    const app = this.seed.application;
    this.application = {
      id: app.id,
      name: app.name ?? 'Pteronimbus',
      clientId: this.overrides.clientId ?? app.clientId,
      clientSecret: this.overrides.clientSecret ?? app.clientSecret,
      redirectUris: [...app.redirectUris],
      botToken: app.botToken,
      botUserId: app.botUserId,
    };
    this.users = new Map();
    for (const u of this.seed.users) {
      this.users.set(u.id, {
        id: u.id,
        username: u.username,
        global_name: u.global_name,
        avatar: u.avatar,
        discriminator: u.discriminator,
        email: u.email ?? null,
        verified: u.verified ?? true,
        locale: u.locale ?? 'en-US',
        mfa_enabled: u.mfa_enabled ?? false,
        deactivated: u.deactivated ?? false,
        bot: false,
      });
    }
    this.users.set(app.botUserId, {
      id: app.botUserId,
      username: app.botUsername ?? this.application.name,
      global_name: null,
      avatar: null,
      discriminator: '0000',
      email: null,
      verified: true,
      locale: 'en-US',
      mfa_enabled: true,
      deactivated: false,
      bot: true,
    });
    this.guilds = new Map();
    this.channels = new Map();
    for (const g of this.seed.guilds) this.loadGuild(g);
    this.codes = new Map();
    this.accessTokens = new Map();
    this.refreshTokens = new Map();
    this.globalCommands = [];
    this.guildCommands = new Map();
    this.messages = [];
    this.interactions = new Map();
  }

  private loadGuild(g: SeedGuild): void {
    const guild: GuildRecord = {
      id: g.id,
      name: g.name,
      icon: g.icon,
      ownerId: g.owner_id,
      description: g.description ?? null,
      features: [...(g.features ?? [])],
      preferredLocale: g.preferred_locale ?? 'en-US',
      roles: new Map(g.roles.map((r) => [r.id, { ...r }])),
      members: new Map(
        g.members.map((m) => [
          m.user_id,
          { userId: m.user_id, roles: [...m.roles], nick: m.nick ?? null, joinedAt: m.joined_at },
        ]),
      ),
      channels: new Map(),
      sortedMemberIds: undefined,
    };
    for (const c of g.channels) {
      const channel: ChannelRecord = {
        id: c.id,
        guildId: g.id,
        name: c.name,
        type: c.type,
        position: c.position ?? 0,
        parentId: c.parent_id ?? null,
        topic: c.topic ?? null,
      };
      guild.channels.set(c.id, channel);
      this.channels.set(c.id, channel);
    }
    if (g.bot) {
      guild.members.set(this.application.botUserId, {
        userId: this.application.botUserId,
        roles: [...(g.bot_roles ?? [])],
        nick: null,
        joinedAt: new Date(this.now()).toISOString(),
      });
    }
    this.guilds.set(g.id, guild);
  }

  /** The bot's own user record. */
  get botUser(): UserRecord {
    return this.users.get(this.application.botUserId) as UserRecord;
  }

  isBotInGuild(guild: GuildRecord): boolean {
    return guild.members.has(this.application.botUserId);
  }

  /** Guild-level permissions of a user in a guild, or `undefined` when not a member. */
  permissionsOf(guild: GuildRecord, userId: string): bigint | undefined {
    const member = guild.members.get(userId);
    if (!member) return undefined;
    return computeBasePermissions(
      {
        guildId: guild.id,
        ownerId: guild.ownerId,
        rolePermissions: (id) => {
          const role = guild.roles.get(id);
          return role ? BigInt(role.permissions) : undefined;
        },
      },
      userId,
      member.roles,
    );
  }

  /** Whether a user may add a bot to a guild: the owner, or Administrator or Manage Server. */
  canManageGuild(guild: GuildRecord, userId: string): boolean {
    const bits = this.permissionsOf(guild, userId);
    return bits !== undefined && (bits & Permission.manageGuild) === Permission.manageGuild;
  }

  sortedMemberIds(guild: GuildRecord): string[] {
    guild.sortedMemberIds ??= [...guild.members.keys()].sort(compareSnowflakes);
    return guild.sortedMemberIds;
  }

  // Control operations: each validates its references and fails with a coded error.

  requireGuild(guildId: string): GuildRecord {
    const guild = this.guilds.get(guildId);
    if (!guild) throw createError(EmulatorErrorCodes.unknownGuild, `Unknown guild ${guildId}`, 404);
    return guild;
  }

  requireUser(userId: string): UserRecord {
    const user = this.users.get(userId);
    if (!user) throw createError(EmulatorErrorCodes.unknownUser, `Unknown user ${userId}`, 404);
    return user;
  }

  private requireMember(guild: GuildRecord, userId: string): MemberRecord {
    const member = guild.members.get(userId);
    if (!member) {
      throw createError(
        EmulatorErrorCodes.unknownMember,
        `User ${userId} is not a member of guild ${guild.id}`,
        404,
      );
    }
    return member;
  }

  private requireRole(guild: GuildRecord, roleId: string): RoleRecord {
    const role = guild.roles.get(roleId);
    if (!role || roleId === guild.id) {
      throw createError(
        EmulatorErrorCodes.unknownRole,
        `Unknown role ${roleId} in guild ${guild.id}`,
        404,
      );
    }
    return role;
  }

  createUser(input: UserInput): UserRecord {
    const id = input.id ?? this.nextId();
    if (this.users.has(id))
      throw createError(EmulatorErrorCodes.conflict, `User ${id} already exists`, 409);
    const user: UserRecord = {
      id,
      username: input.username,
      global_name: input.global_name ?? null,
      avatar: input.avatar ?? null,
      discriminator: '0',
      email: input.email ?? null,
      verified: true,
      locale: 'en-US',
      mfa_enabled: false,
      deactivated: false,
      bot: false,
    };
    this.users.set(id, user);
    return user;
  }

  addMember(
    guildId: string,
    userId: string,
    input: { roles?: string[]; nick?: string | null } = {},
  ): MemberRecord {
    const guild = this.requireGuild(guildId);
    this.requireUser(userId);
    if (guild.members.has(userId)) {
      throw createError(
        EmulatorErrorCodes.conflict,
        `User ${userId} is already a member of guild ${guildId}`,
        409,
      );
    }
    for (const role of input.roles ?? []) this.requireRole(guild, role);
    const member: MemberRecord = {
      userId,
      roles: [...new Set(input.roles ?? [])],
      nick: input.nick ?? null,
      joinedAt: new Date(this.now()).toISOString(),
    };
    guild.members.set(userId, member);
    guild.sortedMemberIds = undefined;
    return member;
  }

  removeMember(guildId: string, userId: string): void {
    const guild = this.requireGuild(guildId);
    if (guild.ownerId === userId) {
      throw createError(
        EmulatorErrorCodes.invalidArgument,
        'The guild owner cannot leave the guild',
        400,
      );
    }
    this.requireMember(guild, userId);
    guild.members.delete(userId);
    guild.sortedMemberIds = undefined;
  }

  addMemberRole(guildId: string, userId: string, roleId: string): void {
    const guild = this.requireGuild(guildId);
    const member = this.requireMember(guild, userId);
    this.requireRole(guild, roleId);
    if (!member.roles.includes(roleId)) member.roles.push(roleId);
  }

  removeMemberRole(guildId: string, userId: string, roleId: string): void {
    const guild = this.requireGuild(guildId);
    const member = this.requireMember(guild, userId);
    this.requireRole(guild, roleId);
    member.roles = member.roles.filter((r) => r !== roleId);
  }

  createRole(guildId: string, input: RoleInput): RoleRecord {
    const guild = this.requireGuild(guildId);
    const id = input.id ?? this.nextId();
    if (guild.roles.has(id))
      throw createError(EmulatorErrorCodes.conflict, `Role ${id} already exists`, 409);
    if (input.permissions !== undefined && !/^[0-9]{1,20}$/.test(input.permissions)) {
      throw createError(
        EmulatorErrorCodes.invalidArgument,
        'permissions must be a decimal string',
        400,
      );
    }
    const role: RoleRecord = {
      id,
      name: input.name,
      color: input.color ?? 0,
      position: input.position ?? guild.roles.size,
      permissions: input.permissions ?? '0',
      hoist: input.hoist ?? false,
      managed: input.managed ?? false,
      mentionable: input.mentionable ?? false,
    };
    guild.roles.set(id, role);
    return role;
  }

  deleteRole(guildId: string, roleId: string): void {
    const guild = this.requireGuild(guildId);
    this.requireRole(guild, roleId);
    guild.roles.delete(roleId);
    for (const member of guild.members.values()) {
      if (member.roles.includes(roleId)) member.roles = member.roles.filter((r) => r !== roleId);
    }
  }

  deleteGuild(guildId: string): void {
    const guild = this.requireGuild(guildId);
    for (const channelId of guild.channels.keys()) this.channels.delete(channelId);
    this.guilds.delete(guildId);
    this.guildCommands.delete(guildId);
  }

  /**
   * Adds the bot to a guild as the bot invite does: with non-zero permissions Discord also
   * creates a managed role named after the bot holding them, and gives it to the bot.
   */
  addBot(guildId: string, permissions = '0'): MemberRecord {
    const guild = this.requireGuild(guildId);
    if (!/^[0-9]{1,20}$/.test(permissions)) {
      throw createError(
        EmulatorErrorCodes.invalidArgument,
        'permissions must be a decimal string',
        400,
      );
    }
    const botId = this.application.botUserId;
    const existing = guild.members.get(botId);
    if (existing) return existing;
    const roles: string[] = [];
    if (permissions !== '0') {
      const role = this.createRole(guildId, {
        name: this.botUser.username,
        permissions,
        managed: true,
      });
      role.botId = botId;
      roles.push(role.id);
    }
    return this.addMember(guildId, botId, { roles });
  }

  /** Removes the bot and its managed role, as kicking it does. */
  removeBot(guildId: string): void {
    const guild = this.requireGuild(guildId);
    const botId = this.application.botUserId;
    this.requireMember(guild, botId);
    guild.members.delete(botId);
    guild.sortedMemberIds = undefined;
    for (const role of [...guild.roles.values()])
      if (role.botId === botId) guild.roles.delete(role.id);
  }

  /** Deactivates (deletes) an account: its tokens stop working at once. */
  deactivateUser(userId: string): void {
    const user = this.requireUser(userId);
    if (user.bot)
      throw createError(
        EmulatorErrorCodes.invalidArgument,
        'The bot user cannot be deactivated',
        400,
      );
    user.deactivated = true;
  }

  /** Revokes a user's authorization of the application: every token issued to them dies. */
  revokeAuthorization(userId: string): number {
    this.requireUser(userId);
    let revoked = 0;
    for (const grant of this.accessTokens.values()) {
      if (grant.userId === userId && !grant.revoked) {
        grant.revoked = true;
        revoked++;
      }
    }
    for (const code of this.codes.values()) if (code.userId === userId) code.used = true;
    return revoked;
  }

  /** Revokes every grant descended from one authorization code. */
  revokeFamily(familyId: string): void {
    for (const grant of this.accessTokens.values())
      if (grant.familyId === familyId) grant.revoked = true;
  }

  /** A grant looked up by access token, if it is still usable. */
  liveGrantByAccessToken(token: string): Grant | undefined {
    const grant = this.accessTokens.get(token);
    if (!grant || grant.revoked || grant.accessExpiresAt <= this.now()) return undefined;
    const user = this.users.get(grant.userId);
    if (!user || user.deactivated) return undefined;
    return grant;
  }

  /** Issues a new token pair in a family. */
  issueGrant(familyId: string, userId: string, scopes: string[], ttlSeconds: number): Grant {
    const grant: Grant = {
      familyId,
      userId,
      scopes,
      accessToken: randomToken(),
      refreshToken: randomToken(),
      accessExpiresAt: this.now() + ttlSeconds * 1000,
      revoked: false,
    };
    this.accessTokens.set(grant.accessToken, grant);
    this.refreshTokens.set(grant.refreshToken, grant);
    return grant;
  }
}
