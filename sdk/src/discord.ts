/**
 * Discord as plugins see it: the shapes of the REST objects Pteronimbus reads (Discord's own
 * snake_case field names, only the fields we use) and the client core hands out as
 * `services.discord`. Failures are coded errors: `PN_DISCORD_UNAVAILABLE`,
 * `PN_DISCORD_UNAUTHORIZED`, `PN_DISCORD_FORBIDDEN`, `PN_DISCORD_NOT_FOUND`,
 * `PN_DISCORD_RATE_LIMITED`, `PN_DISCORD_REJECTED`, `PN_DISCORD_NOT_CONFIGURED`.
 */

/** A Discord user. */
export interface DiscordUser {
  /** Snowflake. */
  id: string;
  username: string;
  global_name: string | null;
  /** Avatar hash, `null` for the default avatar. */
  avatar: string | null;
  discriminator?: string;
  bot?: boolean;
}

/** A guild as listed for the current user (`GET /users/@me/guilds`). */
export interface DiscordPartialGuild {
  id: string;
  name: string;
  icon: string | null;
  /** Whether the current user owns it. */
  owner: boolean;
  /** The current user's permissions in it: a decimal bit set as a string. */
  permissions: string;
  features?: string[];
  approximate_member_count?: number;
}

/** A guild role. */
export interface DiscordRole {
  id: string;
  name: string;
  color: number;
  position: number;
  /** Decimal bit set as a string. */
  permissions: string;
  managed: boolean;
  hoist?: boolean;
  mentionable?: boolean;
}

/** A guild (`GET /guilds/{id}`). */
export interface DiscordGuild {
  id: string;
  name: string;
  icon: string | null;
  owner_id: string;
  roles: DiscordRole[];
  approximate_member_count?: number;
}

/**
 * A guild channel (`GET /guilds/{id}/channels`). `type` 0 is a text channel, 5 an announcement
 * channel, 4 a category, 2 a voice channel (Discord's channel types).
 */
export interface DiscordChannel {
  id: string;
  type: number;
  guild_id?: string;
  name?: string;
  position?: number;
  /** The category it sits in. */
  parent_id?: string | null;
}

/** A member of a guild. */
export interface DiscordGuildMember {
  /** Absent in some payloads (e.g. message authors); present on member routes. */
  user?: DiscordUser;
  nick?: string | null;
  /** Role ids, without `@everyone`. */
  roles: string[];
  joined_at: string;
}

/** A message Discord stored. */
export interface DiscordMessage {
  id: string;
  channel_id: string;
  content: string;
  author?: DiscordUser;
  timestamp?: string;
}

/** The body of a new message. */
export interface DiscordCreateMessage {
  content?: string;
  embeds?: Array<Record<string, unknown>>;
  components?: Array<Record<string, unknown>>;
  allowed_mentions?: {
    parse?: Array<'roles' | 'users' | 'everyone'>;
    roles?: string[];
    users?: string[];
  };
}

/** Calls made with the bot token. */
export interface DiscordBotApi {
  /** The bot's own user. */
  currentUser(): Promise<DiscordUser>;
  guild(guildId: string, options?: { withCounts?: boolean }): Promise<DiscordGuild>;
  /** The guild's roles; cached briefly. */
  guildRoles(guildId: string): Promise<DiscordRole[]>;
  /** One page of members, sorted by user id: `limit` 1–1000 (default 1000), after user id `after`. */
  guildMembers(
    guildId: string,
    options?: { limit?: number; after?: string },
  ): Promise<DiscordGuildMember[]>;
  /** Every member, page by page. */
  allGuildMembers(
    guildId: string,
    options?: { pageSize?: number },
  ): AsyncIterable<DiscordGuildMember>;
  /** One member; cached briefly. */
  guildMember(guildId: string, userId: string): Promise<DiscordGuildMember>;
  /** The guild's channels the bot can see; cached briefly. */
  guildChannels(guildId: string): Promise<DiscordChannel[]>;
  createMessage(channelId: string, message: DiscordCreateMessage): Promise<DiscordMessage>;
}

/** Calls made with a user's OAuth2 access token. */
export interface DiscordUserApi {
  /** Needs the `identify` scope. */
  currentUser(): Promise<DiscordUser>;
  /** Needs `guilds`; one page (`limit` 1–200, default 200). */
  guilds(options?: {
    limit?: number;
    after?: string;
    before?: string;
    withCounts?: boolean;
  }): Promise<DiscordPartialGuild[]>;
  /** Needs `guilds.members.read`; cached briefly. */
  guildMember(guildId: string): Promise<DiscordGuildMember>;
}

/** Where the OAuth2 application's endpoints are, for the plugin that runs the login flow. */
export interface DiscordOAuth2Application {
  clientId: string;
  clientSecret: string;
  /** The consent page (`DISCORD_AUTHORIZE_URL`). */
  authorizeUrl: string;
  /** `${DISCORD_API_URL}/oauth2/token`. */
  tokenUrl: string;
  /** `${DISCORD_API_URL}/oauth2/token/revoke`. */
  revokeUrl: string;
}

/** The Discord REST client: rate limits honoured, 5xx retried with backoff, errors coded. */
export interface DiscordService {
  /** Bot calls; each rejects with `PN_DISCORD_NOT_CONFIGURED` when no bot token is set. */
  readonly bot: DiscordBotApi;
  /** Calls on behalf of the user whose OAuth2 access token this is. */
  asUser(accessToken: string): DiscordUserApi;
  /** The OAuth2 application, or `null` when `DISCORD_CLIENT_ID`/`DISCORD_CLIENT_SECRET` are unset. */
  readonly oauth2: DiscordOAuth2Application | null;
  /** The CDN URL of a user's avatar (their default avatar when they have none). */
  avatarUrl(user: Pick<DiscordUser, 'id' | 'avatar'>, size?: number): string;
  /** Forgets what is cached about a guild (its roles and members), e.g. after a gateway event. */
  invalidateGuild(guildId: string): Promise<void>;
}
