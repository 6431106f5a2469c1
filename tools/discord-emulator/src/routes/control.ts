import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { createError, EmulatorErrorCodes } from '../errors.ts';
import type { DiscordEmulatorControl } from '../control.ts';
import type { FaultSpec } from '../http/faults.ts';
import { RateLimitConfigSchema, type RateLimitConfig } from '../seed/schema.ts';
import type { InteractionInput } from '../state/interactions.ts';
import type { RoleInput, UserInput } from '../state/state.ts';

/** Path prefix of the control API. */
export const CONTROL_PREFIX = '/_control';

const Snowflake = Type.String({ pattern: '^[0-9]{1,20}$' });
const Match = {
  method: Type.Optional(Type.String()),
  path: Type.Optional(Type.String()),
  count: Type.Optional(Type.Integer({ minimum: 1 })),
};
const FaultSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('status'),
      status: Type.Union([Type.Literal(500), Type.Literal(502), Type.Literal(503)]),
      ...Match,
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('delay'), ms: Type.Integer({ minimum: 0, maximum: 120000 }), ...Match },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('drop'), ...Match }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('rateLimit'),
      retryAfterMs: Type.Integer({ minimum: 1, maximum: 60000 }),
      global: Type.Optional(Type.Boolean()),
      ...Match,
    },
    { additionalProperties: false },
  ),
]);
const RoleSchema = Type.Object(
  {
    id: Type.Optional(Snowflake),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    color: Type.Optional(Type.Integer({ minimum: 0 })),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
    permissions: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })),
    hoist: Type.Optional(Type.Boolean()),
    managed: Type.Optional(Type.Boolean()),
    mentionable: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const UserSchema = Type.Object(
  {
    id: Type.Optional(Snowflake),
    username: Type.String({ minLength: 2, maxLength: 32 }),
    global_name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    avatar: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    email: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);
const MemberSchema = Type.Object(
  {
    roles: Type.Optional(Type.Array(Snowflake)),
    nick: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);
const InteractionSchema = Type.Object(
  {
    guildId: Snowflake,
    channelId: Snowflake,
    userId: Snowflake,
    name: Type.Optional(Type.String()),
    options: Type.Optional(Type.Array(Type.Unknown())),
    customId: Type.Optional(Type.String()),
    deliverTo: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const checkMemberBody = Compile(MemberSchema);
const checkBotBody = Compile(
  Type.Object(
    { permissions: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })) },
    { additionalProperties: false },
  ),
);

/** Validates a body that may be left out entirely (Fastify's schema check would demand one). */
interface BodyCheck {
  Check(value: unknown): boolean;
  Errors(value: unknown): { instancePath: string; message: string }[];
}

function optionalBody<T>(validator: BodyCheck, body: unknown): Partial<T> {
  if (body === undefined || body === null || body === '') return {};
  if (!validator.Check(body)) {
    const detail = validator.Errors(body).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw createError(
      EmulatorErrorCodes.invalidArgument,
      `Invalid body: ${detail.join('; ')}`,
      400,
      detail,
    );
  }
  return body as Partial<T>;
}

type GuildParams = { guild_id: string };
type MemberParams = GuildParams & { user_id: string };

/** The control API over HTTP, for tests and tools in other processes; every call mirrors the control object. */
export function registerControlRoutes(app: FastifyInstance, control: DiscordEmulatorControl): void {
  app.get('/state', async () => control.snapshot());
  app.post('/reset', async (_request, reply) => {
    control.reset();
    return reply.code(204).send();
  });

  app.post<{ Body: UserInput }>(
    '/users',
    { schema: { body: UserSchema } },
    async (request, reply) => reply.code(201).send(control.createUser(request.body)),
  );
  app.post<{ Params: { user_id: string } }>(
    '/users/:user_id/deactivate',
    async (request, reply) => {
      control.deactivateUser(request.params.user_id);
      return reply.code(204).send();
    },
  );
  app.delete<{ Params: { user_id: string } }>('/users/:user_id/authorization', async (request) => ({
    revoked: control.revokeAuthorization(request.params.user_id),
  }));

  app.delete<{ Params: GuildParams }>('/guilds/:guild_id', async (request, reply) => {
    control.deleteGuild(request.params.guild_id);
    return reply.code(204).send();
  });
  app.put<{ Params: GuildParams; Body: unknown }>(
    '/guilds/:guild_id/bot',
    async (request, reply) => {
      const body = optionalBody<{ permissions: string }>(checkBotBody, request.body);
      control.addBotToGuild(request.params.guild_id, body.permissions);
      return reply.code(204).send();
    },
  );
  app.delete<{ Params: GuildParams }>('/guilds/:guild_id/bot', async (request, reply) => {
    control.removeBotFromGuild(request.params.guild_id);
    return reply.code(204).send();
  });
  app.post<{ Params: GuildParams; Body: RoleInput }>(
    '/guilds/:guild_id/roles',
    { schema: { body: RoleSchema } },
    async (request, reply) =>
      reply.code(201).send(control.createRole(request.params.guild_id, request.body)),
  );
  app.delete<{ Params: GuildParams & { role_id: string } }>(
    '/guilds/:guild_id/roles/:role_id',
    async (request, reply) => {
      control.deleteRole(request.params.guild_id, request.params.role_id);
      return reply.code(204).send();
    },
  );
  app.put<{ Params: MemberParams; Body: unknown }>(
    '/guilds/:guild_id/members/:user_id',
    async (request, reply) =>
      reply
        .code(201)
        .send(
          control.addMember(
            request.params.guild_id,
            request.params.user_id,
            optionalBody<{ roles: string[]; nick: string | null }>(checkMemberBody, request.body),
          ),
        ),
  );
  app.delete<{ Params: MemberParams }>(
    '/guilds/:guild_id/members/:user_id',
    async (request, reply) => {
      control.removeMember(request.params.guild_id, request.params.user_id);
      return reply.code(204).send();
    },
  );
  app.put<{ Params: MemberParams & { role_id: string } }>(
    '/guilds/:guild_id/members/:user_id/roles/:role_id',
    async (request, reply) => {
      control.addMemberRole(
        request.params.guild_id,
        request.params.user_id,
        request.params.role_id,
      );
      return reply.code(204).send();
    },
  );
  app.delete<{ Params: MemberParams & { role_id: string } }>(
    '/guilds/:guild_id/members/:user_id/roles/:role_id',
    async (request, reply) => {
      control.removeMemberRole(
        request.params.guild_id,
        request.params.user_id,
        request.params.role_id,
      );
      return reply.code(204).send();
    },
  );

  app.get('/faults', async () => control.faults());
  app.put<{ Body: FaultSpec[] }>(
    '/faults',
    { schema: { body: Type.Array(FaultSchema) } },
    async (request, reply) => {
      control.setFaults(request.body);
      return reply.code(204).send();
    },
  );
  app.post<{ Body: FaultSpec }>(
    '/faults',
    { schema: { body: FaultSchema } },
    async (request, reply) => {
      control.addFault(request.body);
      return reply.code(204).send();
    },
  );
  app.delete('/faults', async (_request, reply) => {
    control.clearFaults();
    return reply.code(204).send();
  });

  app.get('/rate-limits', async () => control.rateLimits());
  app.put<{ Body: RateLimitConfig }>(
    '/rate-limits',
    { schema: { body: RateLimitConfigSchema } },
    async (request) => control.setRateLimits(request.body),
  );
  app.post('/rate-limits/reset', async (_request, reply) => {
    control.resetRateLimitCounters();
    return reply.code(204).send();
  });

  app.get<{ Querystring: { channel_id?: string; guild_id?: string } }>(
    '/messages',
    async (request) => {
      const filter: { channelId?: string; guildId?: string } = {};
      if (request.query.channel_id !== undefined) filter.channelId = request.query.channel_id;
      if (request.query.guild_id !== undefined) filter.guildId = request.query.guild_id;
      return control.messages(filter);
    },
  );
  app.get<{ Querystring: { method?: string; path?: string; since?: string } }>(
    '/requests',
    async (request) => {
      const { method, path, since } = request.query;
      const filter: { method?: string; path?: string; since?: number } = {};
      if (method !== undefined) filter.method = method;
      if (path !== undefined) filter.path = path;
      if (since !== undefined) filter.since = Number(since);
      return control.requests(filter);
    },
  );
  app.delete('/requests', async (_request, reply) => {
    control.clearRequests();
    return reply.code(204).send();
  });
  app.get<{ Querystring: { guild_id?: string } }>('/commands', async (request) =>
    control.commands(request.query.guild_id),
  );

  app.post<{ Body: InteractionInput & { deliverTo?: string } }>(
    '/interactions',
    { schema: { body: InteractionSchema } },
    async (request, reply) => {
      const { deliverTo, ...input } = request.body;
      const interaction = control.createInteraction(input);
      const delivery =
        deliverTo === undefined
          ? undefined
          : await control.deliverInteraction(interaction, deliverTo);
      return reply
        .code(201)
        .send(delivery === undefined ? { interaction } : { interaction, delivery });
    },
  );
  app.post<{ Body: { url: string } }>(
    '/interactions/ping',
    { schema: { body: Type.Object({ url: Type.String({ minLength: 1 }) }) } },
    async (request) => control.pingInteractionsEndpoint(request.body.url),
  );

  app.get('/clock', async () => ({ now: control.now() }));
  app.post<{ Body: { ms: number } }>(
    '/clock/advance',
    { schema: { body: Type.Object({ ms: Type.Integer({ minimum: 0 }) }) } },
    async (request) => {
      control.advanceTime(request.body.ms);
      return { now: control.now() };
    },
  );
}
