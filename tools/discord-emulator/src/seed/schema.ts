import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { createError, EmulatorErrorCodes } from '../errors.ts';

const Snowflake = Type.String({
  pattern: '^[0-9]{1,20}$',
  description: 'A Discord snowflake (decimal string).',
});
const PermissionBits = Type.String({
  pattern: '^[0-9]{1,20}$',
  description: 'Permission bit set as a decimal string.',
});
const NullableString = Type.Union([Type.String(), Type.Null()]);
const HexKey = Type.String({ pattern: '^[0-9a-fA-F]{64}$' });
const PositiveInt = Type.Integer({ minimum: 1 });

/** A rate-limit window: `limit` requests per `windowMs` milliseconds. */
export const RateLimitWindowSchema = Type.Object(
  { limit: PositiveInt, windowMs: PositiveInt },
  { additionalProperties: false },
);

/** A per-route rule; `route` is the path template below `/api/v10`, e.g. `/guilds/:guild_id/members`. */
export const RouteRateLimitSchema = Type.Object(
  {
    method: Type.Optional(Type.String({ pattern: '^(GET|POST|PUT|PATCH|DELETE)$' })),
    route: Type.String({ pattern: '^/' }),
    limit: PositiveInt,
    windowMs: PositiveInt,
    scope: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('shared')])),
    bucket: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Routes naming the same bucket share one counter.',
      }),
    ),
  },
  { additionalProperties: false },
);

/** Rate-limit settings; anything left out keeps its default. */
export const RateLimitConfigSchema = Type.Object(
  {
    global: Type.Optional(RateLimitWindowSchema),
    defaultRoute: Type.Optional(RateLimitWindowSchema),
    routes: Type.Optional(Type.Array(RouteRateLimitSchema)),
  },
  { additionalProperties: false },
);

export const SeedApplicationSchema = Type.Object(
  {
    id: Snowflake,
    name: Type.Optional(Type.String({ minLength: 1 })),
    clientId: Snowflake,
    clientSecret: Type.String({ minLength: 1 }),
    redirectUris: Type.Array(Type.String({ minLength: 1 })),
    botToken: Type.String({ minLength: 1 }),
    botUserId: Snowflake,
    botUsername: Type.Optional(Type.String({ minLength: 1 })),
    publicKey: Type.Optional(HexKey),
    signingKey: Type.Optional(HexKey),
  },
  { additionalProperties: false },
);

export const SeedUserSchema = Type.Object(
  {
    id: Snowflake,
    username: Type.String({ minLength: 2, maxLength: 32 }),
    global_name: NullableString,
    avatar: NullableString,
    discriminator: Type.String({ pattern: '^(0|[0-9]{4})$' }),
    email: Type.Optional(NullableString),
    verified: Type.Optional(Type.Boolean()),
    locale: Type.Optional(Type.String()),
    mfa_enabled: Type.Optional(Type.Boolean()),
    deactivated: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SeedRoleSchema = Type.Object(
  {
    id: Snowflake,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    color: Type.Integer({ minimum: 0, maximum: 0xffffff }),
    position: Type.Integer({ minimum: 0 }),
    permissions: PermissionBits,
    hoist: Type.Boolean(),
    managed: Type.Boolean(),
    mentionable: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const SeedMemberSchema = Type.Object(
  {
    user_id: Snowflake,
    roles: Type.Array(Snowflake),
    nick: Type.Optional(NullableString),
    joined_at: Type.String({ minLength: 10 }),
  },
  { additionalProperties: false },
);

export const SeedChannelSchema = Type.Object(
  {
    id: Snowflake,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: Type.Integer({
      minimum: 0,
      description: '0 text, 2 voice, 4 category, 5 announcement, 15 forum.',
    }),
    position: Type.Optional(Type.Integer({ minimum: 0 })),
    parent_id: Type.Optional(Type.Union([Snowflake, Type.Null()])),
    topic: Type.Optional(NullableString),
  },
  { additionalProperties: false },
);

export const SeedGuildSchema = Type.Object(
  {
    id: Snowflake,
    name: Type.String({ minLength: 2, maxLength: 100 }),
    icon: NullableString,
    owner_id: Snowflake,
    description: Type.Optional(NullableString),
    features: Type.Optional(Type.Array(Type.String())),
    preferred_locale: Type.Optional(Type.String()),
    roles: Type.Array(SeedRoleSchema),
    members: Type.Array(SeedMemberSchema),
    channels: Type.Array(SeedChannelSchema),
    bot: Type.Boolean({ description: 'Whether the application bot is a member of the guild.' }),
    bot_roles: Type.Optional(Type.Array(Snowflake)),
  },
  { additionalProperties: false },
);

/** JSON Schema of a seed file. */
export const SeedSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    application: SeedApplicationSchema,
    users: Type.Array(SeedUserSchema),
    guilds: Type.Array(SeedGuildSchema),
    rateLimits: Type.Optional(RateLimitConfigSchema),
  },
  { additionalProperties: false },
);

/** The initial world of an emulator: its application, users and guilds. */
export type Seed = Static<typeof SeedSchema>;
export type SeedApplication = Static<typeof SeedApplicationSchema>;
export type SeedUser = Static<typeof SeedUserSchema>;
export type SeedGuild = Static<typeof SeedGuildSchema>;
export type SeedRole = Static<typeof SeedRoleSchema>;
export type SeedMember = Static<typeof SeedMemberSchema>;
export type SeedChannel = Static<typeof SeedChannelSchema>;
export type RateLimitWindow = Static<typeof RateLimitWindowSchema>;
export type RouteRateLimit = Static<typeof RouteRateLimitSchema>;
export type RateLimitConfig = Static<typeof RateLimitConfigSchema>;

const seedValidator = Compile(SeedSchema);

/** Outcome of {@link validateSeed}. */
export type SeedValidation = { ok: true; seed: Seed } | { ok: false; errors: string[] };

/**
 * Checks a seed against {@link SeedSchema} and then for consistency the schema cannot express:
 * unique ids, references to existing users and roles, the `@everyone` role carrying the guild id.
 */
export function validateSeed(value: unknown): SeedValidation {
  if (!seedValidator.Check(value)) {
    const errors = seedValidator.Errors(value).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return { ok: false, errors: errors.slice(0, 50) };
  }
  const seed = value as Seed;
  const errors: string[] = [];
  const userIds = new Set<string>();
  for (const [i, user] of seed.users.entries()) {
    if (userIds.has(user.id)) errors.push(`/users/${i}/id duplicate user id ${user.id}`);
    userIds.add(user.id);
  }
  if (userIds.has(seed.application.botUserId)) {
    errors.push(`/application/botUserId ${seed.application.botUserId} is also listed as a user`);
  }
  const guildIds = new Set<string>();
  const channelIds = new Set<string>();
  for (const [g, guild] of seed.guilds.entries()) {
    const at = `/guilds/${g}`;
    if (guildIds.has(guild.id)) errors.push(`${at}/id duplicate guild id ${guild.id}`);
    guildIds.add(guild.id);
    const roleIds = new Set(guild.roles.map((r) => r.id));
    if (roleIds.size !== guild.roles.length) errors.push(`${at}/roles duplicate role id`);
    if (!roleIds.has(guild.id))
      errors.push(`${at}/roles missing the @everyone role (its id is the guild id)`);
    const memberIds = new Set<string>();
    for (const [m, member] of guild.members.entries()) {
      if (!userIds.has(member.user_id))
        errors.push(`${at}/members/${m}/user_id unknown user ${member.user_id}`);
      if (memberIds.has(member.user_id)) errors.push(`${at}/members/${m}/user_id duplicate member`);
      memberIds.add(member.user_id);
      for (const role of member.roles) {
        if (!roleIds.has(role) || role === guild.id)
          errors.push(`${at}/members/${m}/roles unknown role ${role}`);
      }
    }
    if (!memberIds.has(guild.owner_id))
      errors.push(`${at}/owner_id owner ${guild.owner_id} is not a member`);
    for (const role of guild.bot_roles ?? []) {
      if (!roleIds.has(role) || role === guild.id)
        errors.push(`${at}/bot_roles unknown role ${role}`);
    }
    for (const [c, channel] of guild.channels.entries()) {
      if (channelIds.has(channel.id))
        errors.push(`${at}/channels/${c}/id duplicate channel id ${channel.id}`);
      channelIds.add(channel.id);
    }
  }
  if ((seed.application.publicKey === undefined) !== (seed.application.signingKey === undefined)) {
    errors.push('/application publicKey and signingKey must be given together');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, seed };
}

/** Returns the seed if valid, otherwise throws `PN_DISCORD_EMULATOR_INVALID_SEED` listing the problems. */
export function parseSeed(value: unknown): Seed {
  const result = validateSeed(value);
  if (!result.ok) {
    throw createError(
      EmulatorErrorCodes.invalidSeed,
      `Invalid seed: ${result.errors.slice(0, 5).join('; ')}`,
      400,
      result.errors,
    );
  }
  return result.seed;
}
