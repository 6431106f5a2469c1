import { describe, expect, it } from 'vitest';
import { bearer, startTestEmulator } from '../__fixtures__/harness.ts';
import { generateSeed } from './generate.ts';
import { demoSeedPath, loadSeedFile } from './load.ts';
import { parseSeed, SeedSchema, validateSeed, type Seed } from './schema.ts';

async function demoSeed(): Promise<Seed> {
  return structuredClone(await loadSeedFile(demoSeedPath));
}

describe('seed validation', () => {
  it('accepts the demo seed: 4 users, 3 guilds, one without the bot', async () => {
    const seed = await demoSeed();
    expect(validateSeed(seed).ok).toBe(true);
    expect(seed.users).toHaveLength(4);
    expect(seed.guilds.map((g) => g.bot)).toEqual([true, true, false]);
  });

  it('reports schema errors with their JSON pointer', async () => {
    const seed = (await demoSeed()) as unknown as { users: { discriminator: string }[] };
    seed.users[0]!.discriminator = '12';
    const result = validateSeed(seed);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.some((e) => e.startsWith('/users/0/discriminator'))).toBe(
      true,
    );
  });

  it('checks references the schema cannot: roles, members, owner, @everyone, duplicates, keys', async () => {
    const seed = await demoSeed();
    const guild = seed.guilds[0]!;
    guild.members[1]!.roles.push('999');
    guild.members.push({
      user_id: '12345',
      roles: [],
      nick: null,
      joined_at: '2024-01-01T00:00:00Z',
    });
    guild.roles = guild.roles.filter((r) => r.id !== guild.id);
    seed.guilds[1]!.owner_id = seed.users[3]!.id;
    seed.guilds[2]!.id = guild.id;
    delete seed.application.signingKey;
    const result = validateSeed(seed);
    if (result.ok) throw new Error('expected errors');
    const text = result.errors.join('\n');
    expect(text).toContain('/guilds/0/members/1/roles unknown role 999');
    expect(text).toContain('/guilds/0/members/4/user_id unknown user 12345');
    expect(text).toContain('/guilds/0/roles missing the @everyone role');
    expect(text).toContain('/guilds/1/owner_id');
    expect(text).toContain('/guilds/2/id duplicate guild id');
    expect(text).toContain('publicKey and signingKey must be given together');
  });

  it('parseSeed throws a coded error', () => {
    expect(() => parseSeed({})).toThrow(
      expect.objectContaining({ code: 'PN_DISCORD_EMULATOR_INVALID_SEED' }),
    );
  });

  it('refuses a public key that does not match the signing key', async () => {
    const seed = await demoSeed();
    seed.application.publicKey = '00'.repeat(32);
    const { startDiscordEmulator } = await import('../server.ts');
    await expect(startDiscordEmulator({ seed })).rejects.toMatchObject({
      code: 'PN_DISCORD_EMULATOR_INVALID_SEED',
    });
  });

  it("hands out core's discord config for itself, with the client overrides", async () => {
    const seed = await demoSeed();
    const { startDiscordEmulator } = await import('../server.ts');
    const emulator = await startDiscordEmulator({ seed, clientSecret: 'rotated' });
    try {
      expect(emulator.coreConfig).toEqual({
        clientId: seed.application.clientId,
        clientSecret: 'rotated',
        botToken: seed.application.botToken,
        publicKey: null,
        apiUrl: `${emulator.url}/api/v10`,
        authorizeUrl: `${emulator.url}/oauth2/authorize`,
      });
    } finally {
      await emulator.close();
    }
  });

  it('reports an unreadable seed file', async () => {
    await expect(loadSeedFile('/nonexistent/seed.json')).rejects.toMatchObject({
      code: 'PN_DISCORD_EMULATOR_SEED_UNREADABLE',
    });
  });

  it('exports a JSON Schema', () => {
    expect(SeedSchema.type).toBe('object');
    expect(SeedSchema.required).toEqual(['application', 'users', 'guilds']);
    expect(JSON.parse(JSON.stringify(SeedSchema)).properties.guilds.items.properties.bot.type).toBe(
      'boolean',
    );
  });
});

describe('generateSeed', () => {
  it('is valid and reproducible', () => {
    const a = generateSeed({ guilds: 3, membersPerGuild: 20, rolesPerGuild: 5, botGuilds: 2 });
    expect(validateSeed(a)).toMatchObject({ ok: true });
    expect(a.guilds.map((g) => g.bot)).toEqual([true, true, false]);
    expect(
      generateSeed({ guilds: 3, membersPerGuild: 20, rolesPerGuild: 5, botGuilds: 2 }),
    ).toEqual(a);
    expect(() => generateSeed({ guilds: 1, membersPerGuild: 0, rolesPerGuild: 1 })).toThrow(
      expect.objectContaining({ code: 'PN_DISCORD_EMULATOR_INVALID_ARGUMENT' }),
    );
  });

  it('serves 10,000 members and 250 roles quickly', async () => {
    const started = performance.now();
    const seed = generateSeed({ guilds: 2, membersPerGuild: 10_000, rolesPerGuild: 250 });
    expect(seed.guilds[0]!.roles).toHaveLength(250);
    const emu = await startTestEmulator({
      seed,
      rateLimits: {
        global: { limit: 10_000, windowMs: 1000 },
        routes: [{ method: 'GET', route: '/guilds/:guild_id/members', limit: 100, windowMs: 1000 }],
      },
    });
    try {
      const guildId = seed.guilds[0]!.id;
      const seen: string[] = [];
      let after = '0';
      for (;;) {
        const page = (await (
          await emu.bot(`/guilds/${guildId}/members?limit=1000&after=${after}`)
        ).json()) as {
          user: { id: string };
        }[];
        if (page.length === 0) break;
        seen.push(...page.map((m) => m.user.id));
        after = page.at(-1)!.user.id;
      }
      expect(seen).toHaveLength(10_001); // every user plus the bot
      expect(new Set(seen).size).toBe(seen.length);
      const user = seed.users[1]!.id;
      const tokens = await emu.login(user, ['guilds']);
      const guilds = (await (
        await emu.api('/users/@me/guilds', bearer(tokens.access_token))
      ).json()) as unknown[];
      expect(guilds).toHaveLength(2);
      const roles = (await (await emu.bot(`/guilds/${guildId}/roles`)).json()) as unknown[];
      expect(roles).toHaveLength(250);
    } finally {
      await emu.close();
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
