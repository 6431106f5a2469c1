import { compareSnowflakes } from '../snowflake.ts';
import type {
  ChannelRecord,
  GuildRecord,
  MemberRecord,
  RoleRecord,
  UserRecord,
} from './records.ts';

// Builders of the JSON objects Discord returns, in the field set of API v10.

/** The user object as other users and bots see it (no email). */
export function publicUserView(user: UserRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: user.id,
    username: user.username,
    avatar: user.avatar,
    discriminator: user.discriminator,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    global_name: user.global_name,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
  if (user.bot) view.bot = true;
  return view;
}

/** `GET /users/@me`: adds the private fields, email and verified only with the `email` scope. */
export function currentUserView(user: UserRecord, withEmail: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ...publicUserView(user),
    mfa_enabled: user.mfa_enabled,
    locale: user.locale,
    premium_type: 0,
  };
  if (withEmail) {
    view.email = user.email;
    view.verified = user.verified;
  }
  return view;
}

export function roleView(role: RoleRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: role.id,
    name: role.name,
    description: null,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions,
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0,
  };
  if (role.botId) view.tags = { bot_id: role.botId };
  return view;
}

/** Roles ordered as Discord lists them: by position, then id. */
export function sortedRoles(guild: GuildRecord): RoleRecord[] {
  return [...guild.roles.values()].sort(
    (a, b) => a.position - b.position || compareSnowflakes(a.id, b.id),
  );
}

export function memberView(member: MemberRecord, user: UserRecord): Record<string, unknown> {
  return {
    avatar: null,
    banner: null,
    communication_disabled_until: null,
    flags: 0,
    joined_at: member.joinedAt,
    nick: member.nick,
    pending: false,
    premium_since: null,
    roles: [...member.roles],
    unusual_dm_activity_until: null,
    user: publicUserView(user),
    mute: false,
    deaf: false,
  };
}

export function channelView(channel: ChannelRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: [],
    flags: 0,
  };
  if (channel.type === 0 || channel.type === 5) {
    view.topic = channel.topic;
    view.nsfw = false;
    view.last_message_id = null;
    view.rate_limit_per_user = 0;
  }
  if (channel.type === 2) {
    view.bitrate = 64000;
    view.user_limit = 0;
    view.rtc_region = null;
  }
  return view;
}

/** The full guild object of `GET /guilds/{guild.id}`. */
export function guildView(guild: GuildRecord, counts: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: guild.id,
    name: guild.name,
    icon: guild.icon,
    description: guild.description,
    home_header: null,
    splash: null,
    discovery_splash: null,
    features: [...guild.features],
    banner: null,
    owner_id: guild.ownerId,
    application_id: null,
    region: 'deprecated',
    afk_channel_id: null,
    afk_timeout: 300,
    system_channel_id: null,
    system_channel_flags: 0,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    roles: sortedRoles(guild).map(roleView),
    default_message_notifications: 0,
    mfa_level: 0,
    explicit_content_filter: 0,
    max_presences: null,
    max_members: 500000,
    max_stage_video_channel_users: 50,
    max_video_channel_users: 25,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.preferredLocale,
    rules_channel_id: null,
    safety_alerts_channel_id: null,
    public_updates_channel_id: null,
    hub_type: null,
    premium_progress_bar_enabled: false,
    latest_onboarding_question_id: null,
    nsfw: false,
    nsfw_level: 0,
    emojis: [],
    stickers: [],
    incidents_data: null,
    inventory_settings: null,
    embed_enabled: false,
    embed_channel_id: null,
  };
  if (counts) Object.assign(view, memberCounts(guild));
  return view;
}

/** Entry of `GET /users/@me/guilds`. */
export function partialGuildView(
  guild: GuildRecord,
  userId: string,
  permissions: bigint,
  counts: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: guild.id,
    name: guild.name,
    icon: guild.icon,
    banner: null,
    owner: guild.ownerId === userId,
    permissions: permissions.toString(),
    features: [...guild.features],
  };
  if (counts) Object.assign(view, memberCounts(guild));
  return view;
}

function memberCounts(guild: GuildRecord): Record<string, number> {
  // Presence is not modelled; report a stable share of members as online.
  return {
    approximate_member_count: guild.members.size,
    approximate_presence_count: Math.ceil(guild.members.size / 3),
  };
}
