import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSeed,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import { as, discordIdentityPlugin } from './__fixtures__/identity.ts';
import { rbacPlugin } from './plugin.ts';

// The periodic sync on its own: nobody asks for a sync, the member changes nothing in the panel,
// and a role given or taken in Discord still reaches their permissions (R3.6).
const seed = generateSeed({ guilds: 1, membersPerGuild: 30, rolesPerGuild: 5 });
const guild = seed.guilds[0]!;
const OWNER = seed.users[0]!.id;
const ROLE = guild.roles.find((r) => r.name.startsWith('Role '))!;
const MEMBER = guild.members.find((m, i) => i > 0 && !m.roles.includes(ROLE.id))!.user_id;

let discord: DiscordEmulator;
let core: TestCore;

beforeAll(async () => {
  discord = await startDiscordEmulator({ seed, port: 0 });
  core = await startTestCore({
    plugins: [discordIdentityPlugin, rbacPlugin] as never[],
    config: {
      discord: discord.coreConfig,
    },
    pluginConfig: {
      rbac: { syncIntervalSeconds: 1, manualSyncLimit: { max: 2, windowSeconds: 600 } },
    },
  });
  await core.app.pn.db.query(`insert into pn_tenants (id, name, owner_id) values ($1, $2, $3)`, [
    guild.id,
    guild.name,
    OWNER,
  ]);
  await core.app.pn.shared.events.publish('tenant.installed', { tenantId: guild.id });
  const mapped = await until(
    () =>
      core.inject({
        method: 'PUT',
        url: `/api/v1/tenants/${guild.id}/roles/${ROLE.id}/mapping`,
        headers: as(OWNER),
        payload: { permissions: ['server.read'] },
      }),
    (res) => res.statusCode === 200,
  );
  expect(mapped.statusCode).toBe(200);
}, 60_000);

afterAll(async () => {
  await core?.close();
  await discord?.close();
});

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await sleep(100);
  }
}

const permissionsOf = async (discordId: string): Promise<string[]> => {
  const res = await core.inject({
    url: `/api/v1/tenants/${guild.id}/permissions/me`,
    headers: as(discordId),
  });
  return res.statusCode === 200 ? (res.json() as { permissions: string[] }).permissions : [];
};

describe('periodic sync', () => {
  it('brings a role given and taken in Discord to the member without anyone asking', async () => {
    expect(await permissionsOf(MEMBER)).not.toContain('server.read');
    const syncsBefore = discord.control
      .requests({})
      .filter((r) => (r.route ?? '').endsWith('/members')).length;

    discord.control.addMemberRole(guild.id, MEMBER, ROLE.id);
    expect(
      await until(
        () => permissionsOf(MEMBER),
        (p) => p.includes('server.read'),
      ),
    ).toContain('server.read');

    discord.control.removeMemberRole(guild.id, MEMBER, ROLE.id);
    expect(
      await until(
        () => permissionsOf(MEMBER),
        (p) => !p.includes('server.read'),
      ),
    ).not.toContain('server.read');
    // Full member lists were read again by the ticks, not a single member on request.
    const syncsAfter = discord.control
      .requests({})
      .filter((r) => (r.route ?? '').endsWith('/members')).length;
    expect(syncsAfter).toBeGreaterThanOrEqual(syncsBefore + 2);
  });
});

describe('manual sync', () => {
  it('is limited per tenant, with 429, Retry-After and a coded error', async () => {
    const sync = () =>
      core.inject({ method: 'POST', url: `/api/v1/tenants/${guild.id}/sync`, headers: as(OWNER) });
    expect((await sync()).statusCode).toBe(200);
    expect((await sync()).statusCode).toBe(200);
    const refused = await sync();
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(refused.json().error).toMatchObject({
      code: 'PN_RBAC_SYNC_RATE_LIMITED',
      details: { limit: 2, windowSeconds: 600 },
    });
    // Someone without access learns nothing and spends nothing.
    const stranger = await core.inject({
      method: 'POST',
      url: `/api/v1/tenants/${guild.id}/sync`,
      headers: as('1234567890123'),
    });
    expect(stranger.statusCode).toBe(404);
  });
});
