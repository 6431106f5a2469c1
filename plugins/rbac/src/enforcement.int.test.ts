import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSeed,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { gameGenericPlugin } from '@pteronimbus/plugin-game-generic';
import { gameMinecraftPlugin } from '@pteronimbus/plugin-game-minecraft';
import { gameSteamPlugin } from '@pteronimbus/plugin-game-steam';
import { gameTerrariaPlugin } from '@pteronimbus/plugin-game-terraria';
import { templatesPlugin } from '@pteronimbus/plugin-templates';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import { as, discordIdentityPlugin } from './__fixtures__/identity.ts';
import { rbacPlugin } from './plugin.ts';

interface RouteInfo {
  method: string;
  url: string;
  access: string;
  permission?: string;
}

const seed = generateSeed({ guilds: 2, membersPerGuild: 20, rolesPerGuild: 5 });
const [A, B] = seed.guilds.map((g) => g.id) as [string, string];
const OWNER = seed.users[0]!.id; // owns both guilds: the strongest caller there is
const ONLY_A = seed.users[3]!.id;

let discord: DiscordEmulator;
let core: TestCore;
let routes: RouteInfo[];

beforeAll(async () => {
  discord = await startDiscordEmulator({ seed, port: 0 });
  discord.control.removeMember(B, ONLY_A);
  core = await startTestCore({
    plugins: [
      authDiscordPlugin,
      rbacPlugin,
      templatesPlugin,
      gameGenericPlugin,
      gameMinecraftPlugin,
      gameSteamPlugin,
      gameTerrariaPlugin,
      discordIdentityPlugin,
    ] as never[],
    config: {
      discord: discord.coreConfig,
    },
    pluginConfig: { rbac: { syncIntervalSeconds: 3600 } },
  });
  routes = core.app.pn.routes as RouteInfo[];
  // A is installed and synced, with every permission mapped to @everyone: ONLY_A can do
  // anything in A. B is installed too; ONLY_A is not in it.
  for (const id of [A, B]) {
    await core.app.pn.db.query(`insert into pn_tenants (id, name, owner_id) values ($1, $2, $3)`, [
      id,
      `Guild ${id}`,
      OWNER,
    ]);
    await core.app.pn.shared.events.publish('tenant.installed', { tenantId: id });
    for (let i = 0; i < 400; i++) {
      const state = await core.inject({ url: `/api/v1/tenants/${id}/sync`, headers: as(OWNER) });
      if (state.statusCode === 200 && state.json().lastSyncAt) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const catalog = (await core.inject({ url: '/api/v1/permissions', headers: as(OWNER) })).json();
  const everything = catalog.groups
    .flatMap((g: { permissions: Array<{ key: string; mappable: boolean }> }) => g.permissions)
    .filter((p: { mappable: boolean }) => p.mappable)
    .map((p: { key: string }) => p.key);
  const mapped = await core.inject({
    method: 'PUT',
    url: `/api/v1/tenants/${A}/roles/${A}/mapping`,
    headers: as(OWNER),
    payload: { permissions: everything },
  });
  expect(mapped.statusCode).toBe(200);
}, 120_000);

afterAll(async () => {
  await core?.close();
  await discord?.close();
});

describe('a fully loaded app', () => {
  it('declares an access rule on every route', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => r.access === 'undeclared')).toEqual([]);
    const key = (r: RouteInfo) => `${r.method} ${r.url} ${r.permission ?? r.access}`;
    const listed = new Set(routes.map(key));
    for (const expected of [
      'GET /api/v1/tenants authenticated',
      'GET /api/v1/guilds/installable authenticated',
      'POST /api/v1/guilds/:guildId/install authenticated',
      'POST /api/v1/guilds/:guildId/install/confirm authenticated',
      'GET /api/v1/tenants/:tenantId authenticated',
      'DELETE /api/v1/tenants/:tenantId authenticated',
      'GET /api/v1/tenants/:tenantId/settings tenant.settings.manage',
      'PATCH /api/v1/tenants/:tenantId/settings tenant.settings.manage',
      'GET /api/v1/tenants/:tenantId/audit audit.read',
      'GET /api/v1/permissions authenticated',
      'GET /api/v1/tenants/:tenantId/roles tenant.members.read',
      'PUT /api/v1/tenants/:tenantId/roles/:roleId/mapping tenant.roles.manage',
      'DELETE /api/v1/tenants/:tenantId/roles/:roleId/mapping tenant.roles.manage',
      'PUT /api/v1/tenants/:tenantId/role-mappings tenant.roles.manage',
      'GET /api/v1/tenants/:tenantId/members tenant.members.read',
      'GET /api/v1/tenants/:tenantId/permissions/me authenticated',
      'GET /api/v1/tenants/:tenantId/permissions/explain tenant.members.read',
      'GET /api/v1/tenants/:tenantId/sync tenant.members.read',
      'POST /api/v1/tenants/:tenantId/sync tenant.roles.manage',
      'GET /api/v1/tenants/:tenantId/templates template.read',
      'GET /api/v1/tenants/:tenantId/limits server.read',
      'GET /api/v1/admin/policy superAdmin',
      'PATCH /api/v1/admin/policy superAdmin',
      'GET /api/v1/admin/tenants superAdmin',
      'PUT /api/v1/admin/tenants/:guildId/limits superAdmin',
      'GET /api/v1/admin/cluster-capacity superAdmin',
      'PUT /api/v1/admin/clusters/:clusterId/capacity superAdmin',
      'GET /api/v1/admin/install-requests superAdmin',
      'POST /api/v1/admin/install-requests/:guildId/approve superAdmin',
      'POST /api/v1/admin/install-requests/:guildId/reject superAdmin',
      'GET /auth/me authenticated',
      'GET /api/v1/registry public',
    ])
      expect(listed, expected).toContain(expected);
  });

  it('gives a member of tenant A no data of tenant B on any tenant route', async () => {
    const tenantRoutes = routes.filter(
      (r) => r.url.startsWith('/api/v1/tenants/:tenantId') && r.method !== 'HEAD',
    );
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(20);
    // Valid-looking values for each parameter, so requests get past validation to the access hook.
    const value = (name: string) =>
      name === 'templateId' ? randomUUID() : name === 'version' ? '1' : B;
    const fill = (url: string, tenantId: string) =>
      url.replace(/:(\w+)/g, (_m, name: string) => (name === 'tenantId' ? tenantId : value(name))) +
      (url.endsWith('/explain') ? `?member=${OWNER}` : '');
    const outcomes: string[] = [];
    for (const r of tenantRoutes) {
      const withBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method);
      const ask = (tenantId: string, headers: Record<string, string>) =>
        core.inject({
          method: r.method as 'GET',
          url: fill(r.url, tenantId),
          headers,
          ...(withBody ? { payload: {} } : {}),
        });
      const res = await ask(B, as(ONLY_A));
      outcomes.push(`${r.method} ${r.url} -> ${res.statusCode}`);
      // Never data, not even what a body should hold: B does not exist for a caller outside
      // B's guild, and access is decided before the input is looked at.
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
      expect(res.json().error.code, `${r.method} ${r.url}`).toBe('PN_TENANT_NOT_FOUND');
      // The same route works for them in A, so the refusal is about B, not the route.
      if (r.method === 'GET' && !r.url.includes(':', r.url.indexOf(':tenantId') + 1)) {
        const own = await ask(A, as(ONLY_A));
        // (a route that needs a query may still answer 400, but never refuse access)
        expect([401, 403, 404], `${r.method} ${r.url} in A`).not.toContain(own.statusCode);
      }
    }
    expect(outcomes.filter((o) => !o.endsWith('404'))).toEqual([]);
  });

  it('keeps every admin route to super admins, even from the owner of every guild', async () => {
    const adminRoutes = routes.filter(
      (r) => r.url.startsWith('/api/v1/admin/') && r.method !== 'HEAD',
    );
    expect(adminRoutes.length).toBeGreaterThanOrEqual(9);
    for (const r of adminRoutes) {
      expect(r.access, `${r.method} ${r.url}`).toBe('superAdmin');
      const res = await core.inject({
        method: r.method as 'GET',
        url: r.url.replace(/:(\w+)/g, () => A),
        headers: as(OWNER),
        ...(['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) ? { payload: {} } : {}),
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
      expect(res.json().error.code, `${r.method} ${r.url}`).toBe('PN_FORBIDDEN');
    }
  });

  it('answers 404, not 403, to a stranger, and lets the owner into both', async () => {
    const stranger = '1234567890123';
    for (const id of [A, B]) {
      expect(
        (await core.inject({ url: `/api/v1/tenants/${id}`, headers: as(stranger) })).statusCode,
      ).toBe(404);
      expect(
        (await core.inject({ url: `/api/v1/tenants/${id}`, headers: as(OWNER) })).statusCode,
      ).toBe(200);
    }
  });
});
