/** Discord permission flags by name (bit positions from Discord's documentation). */
export const DISCORD_PERMISSIONS = {
  ADMINISTRATOR: 1n << 3n,
  MANAGE_GUILD: 1n << 5n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  EMBED_LINKS: 1n << 14n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MANAGE_ROLES: 1n << 28n,
} as const;

/**
 * What the bot asks for when invited, and nothing more (docs/guides/tenants.md says why each):
 * see the channels it may post in, post status notifications, and post them as embeds. Reading
 * roles and members over REST needs no permission bit (it needs the Server Members intent),
 * slash commands come from the `applications.commands` scope, and interaction replies need none.
 */
export const BOT_PERMISSION_FLAGS = ['VIEW_CHANNEL', 'SEND_MESSAGES', 'EMBED_LINKS'] as const;

/** The invite's `permissions` value: the flags above as a decimal bit set. */
export function botPermissions(): string {
  return BOT_PERMISSION_FLAGS.reduce(
    (bits, flag) => bits | DISCORD_PERMISSIONS[flag],
    0n,
  ).toString();
}

/** Whether a guild entry from `GET /users/@me/guilds` lets the user install there. */
export function canInstall(guild: { owner: boolean; permissions: string }): boolean {
  if (guild.owner) return true;
  let bits: bigint;
  try {
    bits = BigInt(guild.permissions);
  } catch {
    return false;
  }
  return (bits & (DISCORD_PERMISSIONS.ADMINISTRATOR | DISCORD_PERMISSIONS.MANAGE_GUILD)) !== 0n;
}

/** The bot invite URL for one guild, with the guild preselected and locked. */
export function inviteUrl(authorizeUrl: string, clientId: string, guildId: string): string {
  const query = [
    `client_id=${encodeURIComponent(clientId)}`,
    'scope=bot%20applications.commands',
    `permissions=${botPermissions()}`,
    `guild_id=${encodeURIComponent(guildId)}`,
    'disable_guild_select=true',
  ].join('&');
  return `${authorizeUrl}${authorizeUrl.includes('?') ? '&' : '?'}${query}`;
}
