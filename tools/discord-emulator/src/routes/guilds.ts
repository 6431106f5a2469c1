import type { FastifyInstance } from 'fastify';
import { requireBot } from '../http/auth.ts';
import type { EmulatorContext } from '../http/context.ts';
import { missingAccess, unknown } from '../http/discord-errors.ts';
import { boolQuery, intQuery, snowflakeParam } from '../http/params.ts';
import { compareSnowflakes } from '../snowflake.ts';
import type { GuildRecord } from '../state/records.ts';
import { channelView, guildView, memberView, roleView, sortedRoles } from '../state/views.ts';

type GuildParams = { guild_id: string };

/** Looks up a guild for the bot: 10004 when it does not exist, 50001 when the bot is not in it. */
export function guildForBot(ctx: EmulatorContext, rawId: string | undefined): GuildRecord {
  const guild = ctx.state.guilds.get(snowflakeParam('guild_id', rawId));
  if (!guild) throw unknown('Guild');
  if (!ctx.state.isBotInGuild(guild)) throw missingAccess();
  return guild;
}

/** `/guilds/{guild.id}/...`, bot only. */
export function registerGuildRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.get<{ Params: GuildParams; Querystring: { with_counts?: string } }>(
    '/guilds/:guild_id',
    async (request) => {
      requireBot(ctx, request);
      return guildView(
        guildForBot(ctx, request.params.guild_id),
        boolQuery(request.query.with_counts),
      );
    },
  );

  app.get<{ Params: GuildParams }>('/guilds/:guild_id/roles', async (request) => {
    requireBot(ctx, request);
    return sortedRoles(guildForBot(ctx, request.params.guild_id)).map(roleView);
  });

  app.get<{ Params: GuildParams }>('/guilds/:guild_id/channels', async (request) => {
    requireBot(ctx, request);
    const guild = guildForBot(ctx, request.params.guild_id);
    return [...guild.channels.values()].map(channelView);
  });

  app.get<{ Params: GuildParams; Querystring: { limit?: string; after?: string } }>(
    '/guilds/:guild_id/members',
    async (request) => {
      requireBot(ctx, request);
      const guild = guildForBot(ctx, request.params.guild_id);
      const limit = intQuery('limit', request.query.limit, 1, 1000, 1);
      const after =
        request.query.after === undefined ? '0' : snowflakeParam('after', request.query.after);
      const ids = state.sortedMemberIds(guild);
      // Binary search for the first id after the cursor: 10k-member guilds page in O(log n).
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareSnowflakes(ids[mid]!, after) <= 0) lo = mid + 1;
        else hi = mid;
      }
      return ids
        .slice(lo, lo + limit)
        .map((id) => memberView(guild.members.get(id)!, state.users.get(id)!));
    },
  );

  app.get<{ Params: GuildParams & { user_id: string } }>(
    '/guilds/:guild_id/members/:user_id',
    async (request) => {
      requireBot(ctx, request);
      const guild = guildForBot(ctx, request.params.guild_id);
      const userId = snowflakeParam('user_id', request.params.user_id);
      const user = state.users.get(userId);
      if (!user) throw unknown('User');
      const member = guild.members.get(userId);
      if (!member) throw unknown('Member');
      return memberView(member, user);
    },
  );
}
