import type { FastifyInstance } from 'fastify';
import { requireBot, requireBotOrUser, requireUser } from '../http/auth.ts';
import type { EmulatorContext } from '../http/context.ts';
import { unauthorized, unknown } from '../http/discord-errors.ts';
import { boolQuery, intQuery, snowflakeParam } from '../http/params.ts';
import { compareSnowflakes } from '../snowflake.ts';
import { currentUserView, memberView, partialGuildView, publicUserView } from '../state/views.ts';

type GuildListQuery = { before?: string; after?: string; limit?: string; with_counts?: string };

/** `/users/...`: the current user, their guilds and their membership in one guild. */
export function registerUserRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.get('/users/@me', async (request) => {
    const principal = requireBotOrUser(ctx, request, 'identify');
    const user = state.users.get(principal.userId);
    if (!user) throw unauthorized();
    return currentUserView(user, principal.kind === 'user' && principal.scopes.includes('email'));
  });

  app.get<{ Querystring: GuildListQuery }>('/users/@me/guilds', async (request) => {
    const principal = requireBotOrUser(ctx, request, 'guilds');
    const limit = intQuery('limit', request.query.limit, 1, 200, 200);
    const before =
      request.query.before === undefined
        ? undefined
        : snowflakeParam('before', request.query.before);
    const after =
      request.query.after === undefined ? undefined : snowflakeParam('after', request.query.after);
    const counts = boolQuery(request.query.with_counts);
    let guilds = [...state.guilds.values()]
      .filter((g) => g.members.has(principal.userId))
      .sort((a, b) => compareSnowflakes(a.id, b.id));
    if (after !== undefined) guilds = guilds.filter((g) => compareSnowflakes(g.id, after) > 0);
    if (before !== undefined) {
      guilds = guilds.filter((g) => compareSnowflakes(g.id, before) < 0);
      guilds = guilds.slice(Math.max(0, guilds.length - limit));
    } else {
      guilds = guilds.slice(0, limit);
    }
    return guilds.map((g) =>
      partialGuildView(g, principal.userId, state.permissionsOf(g, principal.userId) ?? 0n, counts),
    );
  });

  app.get<{ Params: { guild_id: string } }>(
    '/users/@me/guilds/:guild_id/member',
    async (request) => {
      const principal = requireUser(ctx, request, 'guilds.members.read');
      const guildId = snowflakeParam('guild_id', request.params.guild_id);
      const guild = state.guilds.get(guildId);
      const member = guild?.members.get(principal.userId);
      // Discord answers Unknown Guild both for a missing guild and for one the user is not in.
      if (!member) throw unknown('Guild');
      return memberView(member, state.users.get(principal.userId)!);
    },
  );

  app.get<{ Params: { user_id: string } }>('/users/:user_id', async (request) => {
    requireBot(ctx, request);
    const userId = snowflakeParam('user_id', request.params.user_id);
    const user = state.users.get(userId);
    if (!user) throw unknown('User');
    return publicUserView(user);
  });
}
