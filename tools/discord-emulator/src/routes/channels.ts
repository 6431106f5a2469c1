import type { FastifyInstance } from 'fastify';
import { requireBot } from '../http/auth.ts';
import type { EmulatorContext } from '../http/context.ts';
import { missingAccess, missingPermissions, unknown } from '../http/discord-errors.ts';
import { parseMessageBody } from '../http/message-body.ts';
import { snowflakeParam } from '../http/params.ts';
import { storeBotMessage } from '../state/messages.ts';
import { hasPermission, Permission } from '../state/permissions.ts';
import type { ChannelRecord } from '../state/records.ts';
import { channelView } from '../state/views.ts';

type ChannelParams = { channel_id: string };

/** `/channels/{channel.id}`: reading a channel and sending messages, bot only. */
export function registerChannelRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  const channelForBot = (rawId: string | undefined): ChannelRecord => {
    const channel = state.channels.get(snowflakeParam('channel_id', rawId));
    if (!channel) throw unknown('Channel');
    const guild = state.guilds.get(channel.guildId);
    if (!guild || !state.isBotInGuild(guild)) throw missingAccess();
    return channel;
  };

  app.get<{ Params: ChannelParams }>('/channels/:channel_id', async (request) => {
    requireBot(ctx, request);
    return channelView(channelForBot(request.params.channel_id));
  });

  app.post<{ Params: ChannelParams }>('/channels/:channel_id/messages', async (request) => {
    const bot = requireBot(ctx, request);
    const channel = channelForBot(request.params.channel_id);
    const guild = state.guilds.get(channel.guildId)!;
    const bits = state.permissionsOf(guild, bot.userId) ?? 0n;
    if (!hasPermission(bits, Permission.viewChannel)) throw missingAccess();
    if (!hasPermission(bits, Permission.sendMessages)) throw missingPermissions();
    const content = parseMessageBody(request.body, true);
    return storeBotMessage(state, channel.id, channel.guildId, content);
  });
}
