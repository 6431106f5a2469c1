/** In-memory records of the emulated Discord world; JSON shapes are built from these per route. */

export interface ApplicationRecord {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  botToken: string;
  botUserId: string;
}

export interface UserRecord {
  id: string;
  username: string;
  global_name: string | null;
  avatar: string | null;
  discriminator: string;
  email: string | null;
  verified: boolean;
  locale: string;
  mfa_enabled: boolean;
  deactivated: boolean;
  bot: boolean;
}

export interface RoleRecord {
  id: string;
  name: string;
  color: number;
  position: number;
  permissions: string;
  hoist: boolean;
  managed: boolean;
  mentionable: boolean;
  /** Set on the managed role Discord creates for a bot it adds with permissions. */
  botId?: string;
}

export interface MemberRecord {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface ChannelRecord {
  id: string;
  guildId: string;
  name: string;
  type: number;
  position: number;
  parentId: string | null;
  topic: string | null;
}

export interface GuildRecord {
  id: string;
  name: string;
  icon: string | null;
  ownerId: string;
  description: string | null;
  features: string[];
  preferredLocale: string;
  roles: Map<string, RoleRecord>;
  members: Map<string, MemberRecord>;
  channels: Map<string, ChannelRecord>;
  /** Member ids in snowflake order; rebuilt lazily after membership changes. */
  sortedMemberIds: string[] | undefined;
}

export interface AuthorizationCode {
  code: string;
  userId: string;
  scopes: string[];
  /** The `redirect_uri` sent to authorize, if any: the token request must repeat it exactly. */
  redirectUri: string | undefined;
  codeChallenge: string | undefined;
  expiresAt: number;
  used: boolean;
  /** Every token pair descended from this code shares it, so a replay or revoke can end them all. */
  familyId: string;
  guildId: string | undefined;
}

export interface Grant {
  familyId: string;
  userId: string;
  scopes: string[];
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  revoked: boolean;
}

/** A stored application command, already in Discord's JSON shape. */
export interface CommandRecord {
  id: string;
  application_id: string;
  guild_id?: string;
  type: number;
  name: string;
  name_localizations: Record<string, string> | null;
  description: string;
  description_localizations: Record<string, string> | null;
  options?: unknown[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  contexts: number[] | null;
  integration_types: number[];
  nsfw: boolean;
  version: string;
}

/** A stored message, already in Discord's JSON shape. */
export interface MessageRecord {
  id: string;
  type: number;
  channel_id: string;
  guild_id?: string;
  author: Record<string, unknown>;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  mentions: unknown[];
  mention_roles: string[];
  mention_everyone: boolean;
  pinned: boolean;
  tts: boolean;
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
}

export interface InteractionRecord {
  id: string;
  token: string;
  createdAt: number;
  acknowledged: boolean;
  responseType: number | undefined;
  originalMessageId: string | undefined;
  channelId: string;
  guildId: string | undefined;
  userId: string;
  payload: Record<string, unknown>;
}
