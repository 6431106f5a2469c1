import { createError, EmulatorErrorCodes } from '../errors.ts';
import { DISCORD_EPOCH } from '../snowflake.ts';
import type { Seed, SeedGuild, SeedMember, SeedRole, SeedUser } from './schema.ts';

/** Options of {@link generateSeed}. */
export interface GenerateSeedOptions {
  guilds: number;
  /** Members of each guild; all guilds share one pool of this many users. */
  membersPerGuild: number;
  /** Roles of each guild, `@everyone` included (Discord allows 250). */
  rolesPerGuild: number;
  /** Guilds the bot is in, counted from the first; defaults to all. */
  botGuilds?: number;
  /** Seed of the pseudo-random role assignment, so runs are reproducible. */
  random?: number;
  redirectUris?: string[];
}

// mulberry32: a tiny deterministic PRNG; reproducible load data matters more than quality.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VIEW_AND_SEND = ((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)).toString();
const ADMINISTRATOR = (1n << 3n).toString();

/** Builds a large, valid seed for load tests: `generateSeed({ guilds: 1, membersPerGuild: 10_000, rolesPerGuild: 250 })`. */
export function generateSeed(options: GenerateSeedOptions): Seed {
  const { guilds, membersPerGuild, rolesPerGuild } = options;
  for (const [name, value, min] of [
    ['guilds', guilds, 0],
    ['membersPerGuild', membersPerGuild, 1],
    ['rolesPerGuild', rolesPerGuild, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min) {
      throw createError(
        EmulatorErrorCodes.invalidArgument,
        `${name} must be an integer >= ${min}`,
        400,
      );
    }
  }
  const random = prng(options.random ?? 1);
  // Snowflakes stamped 2020-01-01 with a running increment: unique, ordered and valid.
  let counter = 0n;
  const base = BigInt(Date.UTC(2020, 0, 1) - DISCORD_EPOCH) << 22n;
  const nextId = () => (base + counter++ * 4096n).toString();
  const joinedAt = '2020-01-01T00:00:00.000000+00:00';

  const appId = nextId();
  const botUserId = appId;
  const users: SeedUser[] = [];
  for (let i = 0; i < membersPerGuild; i++) {
    users.push({
      id: nextId(),
      username: `user${i}`,
      global_name: `User ${i}`,
      avatar: null,
      discriminator: '0',
      email: `user${i}@example.test`,
    });
  }
  const seedGuilds: SeedGuild[] = [];
  const botGuilds = options.botGuilds ?? guilds;
  for (let g = 0; g < guilds; g++) {
    const guildId = nextId();
    const roles: SeedRole[] = [
      {
        id: guildId,
        name: '@everyone',
        color: 0,
        position: 0,
        permissions: VIEW_AND_SEND,
        hoist: false,
        managed: false,
        mentionable: false,
      },
    ];
    for (let r = 1; r < rolesPerGuild; r++) {
      roles.push({
        id: nextId(),
        name: r === 1 ? 'Admin' : `Role ${r}`,
        color: (r * 0x3a7f1) & 0xffffff,
        position: r,
        permissions: r === 1 ? ADMINISTRATOR : VIEW_AND_SEND,
        hoist: r % 10 === 0,
        managed: false,
        mentionable: r % 3 === 0,
      });
    }
    const assignable = roles.slice(1).map((r) => r.id);
    const members: SeedMember[] = users.map((user, i) => {
      const picked = new Set<string>();
      if (assignable.length > 0) {
        const count = i === 0 ? 0 : Math.floor(random() * 4);
        for (let k = 0; k < count; k++)
          picked.add(
            assignable[1 + Math.floor(random() * (assignable.length - 1))] ?? assignable[0]!,
          );
      }
      return { user_id: user.id, roles: [...picked], nick: null, joined_at: joinedAt };
    });
    seedGuilds.push({
      id: guildId,
      name: `Load Guild ${g}`,
      icon: null,
      owner_id: users[0]!.id,
      roles,
      members,
      channels: [
        { id: nextId(), name: 'general', type: 0, position: 0 },
        { id: nextId(), name: 'server-status', type: 0, position: 1 },
        { id: nextId(), name: 'Voice', type: 2, position: 2 },
      ],
      bot: g < botGuilds,
    });
  }
  return {
    application: {
      id: appId,
      name: 'Pteronimbus',
      clientId: appId,
      clientSecret: 'generated-client-secret',
      redirectUris: options.redirectUris ?? ['http://localhost:3000/auth/callback'],
      botToken: 'generated-bot-token',
      botUserId,
    },
    users,
    guilds: seedGuilds,
  };
}
