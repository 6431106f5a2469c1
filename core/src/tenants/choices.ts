import type { DiscordChannel, DiscordService } from '@pteronimbus/sdk';

/** A channel notifications can be posted in. */
export interface ChannelChoice {
  id: string;
  name: string;
  kind: 'text' | 'announcement';
  /** The category it sits in, as Discord shows it; null when it sits in none. */
  category: string | null;
}

/** A cluster a tenant's game servers can run on. */
export interface ClusterChoice {
  id: string;
  name: string;
  /** Whether its operator is linked right now. */
  connected: boolean;
}

// Discord's channel types: the two a bot can post a message in, and the category.
const POSTABLE = new Map<number, ChannelChoice['kind']>([
  [0, 'text'],
  [5, 'announcement'],
]);
const CATEGORY = 4;

/**
 * The guild's text and announcement channels the bot can see, in the order Discord lists them:
 * those outside any category first, then category by category, each by its position.
 */
export async function channelChoices(
  discord: DiscordService,
  guildId: string,
): Promise<ChannelChoice[]> {
  const channels = await discord.bot.guildChannels(guildId);
  const categories = new Map(
    channels.filter((c) => c.type === CATEGORY).map((c) => [c.id, c] as const),
  );
  const categoryOf = (c: DiscordChannel) =>
    c.parent_id ? (categories.get(c.parent_id) ?? null) : null;
  const rank = (c: DiscordChannel): [number, number, string] => {
    const category = categoryOf(c);
    return [category ? (category.position ?? 0) + 1 : 0, c.position ?? 0, c.id];
  };
  return channels
    .filter((c) => POSTABLE.has(c.type))
    .sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
    })
    .map((c) => ({
      id: c.id,
      name: c.name ?? c.id,
      kind: POSTABLE.get(c.type)!,
      category: categoryOf(c)?.name ?? null,
    }));
}
