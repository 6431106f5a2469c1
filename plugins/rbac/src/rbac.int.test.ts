import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSeed,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { permissionServiceExtensionPoint } from '@pteronimbus/sdk';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import { as, discordIdentityPlugin } from './__fixtures__/identity.ts';
import { rbacPlugin } from './plugin.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PUBLIC_URL = 'http://localhost:3000';
const SUPER = '1999999999999999999';
const seed = generateSeed({
  guilds: 3,
  membersPerGuild: 1000,
  rolesPerGuild: 50,
  botGuilds: 2,
  redirectUris: [`${PUBLIC_URL}/auth/callback`],
});
const [G0, G1, G2] = seed.guilds.map((g) => g.id) as [string, string, string];
const OWNER = seed.users[0]!.id;
const ADMIN_ROLE = seed.guilds[0]!.roles[1]!.id; // "Admin", Administrator
// The generated seed gives nobody the Admin role; this member gets it in G0 only.
const ADMIN_USER = seed.users[998]!.id;
const memberWith = (guild: number, roleless: boolean) =>
  seed.guilds[guild]!.members.find(
    (m, i) => i > 0 && (roleless ? m.roles.length === 0 : m.roles.length > 0),
  )!;

let discord: DiscordEmulator;
let core: TestCore;

async function startCore(): Promise<TestCore> {
  return startTestCore({
    plugins: [authDiscordPlugin, discordIdentityPlugin, rbacPlugin] as never[],
    config: {
      publicUrl: PUBLIC_URL,
      superAdmins: [SUPER],
      discord: discord.coreConfig,
    },
    pluginConfig: {
      'auth-discord': { rateLimit: { loginPerMinute: 1000, refreshPerMinute: 1000 } },
      rbac: { syncIntervalSeconds: 3600, manualSyncLimit: { max: 1000, windowSeconds: 600 } },
    },
  });
}

/** The real login flow (state, PKCE, the emulator's consent), ending with an access token. */
async function login(userId: string): Promise<Record<string, string>> {
  const start = await core.inject({ url: '/auth/login' });
  expect(start.statusCode).toBe(302);
  const cookie = start.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const authorize = new URL(start.headers.location as string);
  authorize.searchParams.set('auto_approve_user', userId);
  const consent = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  const done = await core.inject({ url: back.pathname + back.search, headers: { cookie } });
  expect(done.statusCode).toBe(302);
  const access = done.cookies.find((c) => c.name === 'pn_access')!.value;
  lastLoginCookies = done.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return { authorization: `Bearer ${access}` };
}

/** The cookies the last {@link login} set, as the panel's browser would send them back. */
let lastLoginCookies = '';

const get = (url: string, headers: Record<string, string>) =>
  core.inject({ method: 'GET', url, headers });
const send = (method: string, url: string, headers: Record<string, string>, payload?: unknown) =>
  core.inject({
    method: method as 'POST',
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await sleep(100);
  }
}

async function install(
  guildId: string,
  headers: Record<string, string>,
  { members = 1000, roles = 50 } = {},
) {
  const res = await send('POST', `/api/v1/guilds/${guildId}/install/confirm`, headers);
  expect(res.statusCode).toBe(201);
  const synced = await until(
    () => get(`/api/v1/tenants/${guildId}/sync`, as(OWNER)),
    (r) => r.statusCode === 200 && r.json().lastSyncAt !== null,
  );
  expect(synced.json()).toMatchObject({
    memberCount: members,
    roleCount: roles,
    lastSyncError: null,
  });
}

beforeAll(async () => {
  discord = await startDiscordEmulator({ seed, port: 0 });
  discord.control.addMemberRole(G0, ADMIN_USER, ADMIN_ROLE);
  core = await startCore();
}, 120_000);

afterAll(async () => {
  await core?.close();
  await discord?.close();
});

describe('install', () => {
  it('lists installable guilds from the caller’s Discord guilds and hands out the bot invite', async () => {
    const owner = await login(OWNER);
    const installable = await get('/api/v1/guilds/installable', owner);
    expect(installable.statusCode).toBe(200);
    expect(
      installable
        .json()
        .items.map((g: Json) => g.id)
        .sort(),
    ).toEqual([G0, G1, G2].sort());
    expect((await get('/api/v1/tenants', owner)).json().items).toEqual([]);

    const start = await send('POST', `/api/v1/guilds/${G2}/install`, owner);
    expect(start.statusCode).toBe(200);
    const invite = new URL(start.json().inviteUrl);
    expect(invite.origin + invite.pathname).toBe(discord.authorizeUrl);
    expect(start.json().inviteUrl).toContain('scope=bot%20applications.commands');
    expect(Object.fromEntries(invite.searchParams)).toMatchObject({
      client_id: seed.application.clientId,
      permissions: String((1 << 10) | (1 << 11) | (1 << 14)),
      guild_id: G2,
      disable_guild_select: 'true',
    });
    // Administrator (bit 3) is never asked for.
    expect(BigInt(start.json().permissions) & 8n).toBe(0n);

    // Confirming before the bot joined is refused; after the invite, the tenant exists.
    const early = await send('POST', `/api/v1/guilds/${G2}/install/confirm`, owner);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('PN_TENANT_BOT_MISSING');
    invite.searchParams.set('auto_approve_user', OWNER);
    const added = await fetch(invite, { redirect: 'manual' });
    expect(added.status).toBeLessThan(400);
    // The invite also made the bot's managed role.
    await install(G2, owner, { roles: 51 });
    await install(G0, owner);
    const tenants = (await get('/api/v1/tenants', owner)).json().items;
    expect(tenants.map((t: Json) => t.id).sort()).toEqual([G0, G2].sort());
    expect(tenants[0]).toMatchObject({ owner: true, ownerId: OWNER });
    const again = await send('POST', `/api/v1/guilds/${G0}/install`, owner);
    expect(again.json().error.code).toBe('PN_TENANT_ALREADY_INSTALLED');
    const audit = await get(`/api/v1/tenants/${G0}/audit?action=tenant.install`, as(SUPER, true));
    // The owner installed with a bearer token, as an API client would.
    expect(audit.json().items[0]).toMatchObject({ action: 'tenant.install', source: 'api' });
  });

  it('refuses members without Manage Server, and API clients without a Discord session', async () => {
    const plain = memberWith(1, true).user_id;
    const res = await send('POST', `/api/v1/guilds/${G1}/install`, await login(plain));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('PN_TENANT_NOT_INSTALLABLE');
    // A user who never logged in has no Discord session to list guilds with.
    const noSession = await get('/api/v1/guilds/installable', as(seed.users[7]!.id));
    expect(noSession.json().error.code).toBe('PN_DISCORD_SESSION_MISSING');
    // Without a Discord session the tenant list falls back to asking the bot.
    const viaBot = await get('/api/v1/tenants', as(plain));
    expect(
      viaBot
        .json()
        .items.map((t: Json) => t.id)
        .sort(),
    ).toEqual([G0, G2].sort());
  });
});

describe('roles, mappings and effective permissions', () => {
  const member = () => memberWith(0, false);
  const mapped = () => member().roles[0]!;

  it('syncs every role and member and serves them to admins', async () => {
    const roles = await get(`/api/v1/tenants/${G0}/roles`, as(OWNER));
    expect(roles.statusCode).toBe(200);
    expect(roles.json().items).toHaveLength(50);
    expect(roles.json().items.find((r: Json) => r.id === G0)).toMatchObject({ everyone: true });
    expect(roles.json().items.find((r: Json) => r.id === ADMIN_ROLE)).toMatchObject({
      discordAdmin: true,
    });
    const page1 = await get(`/api/v1/tenants/${G0}/members?limit=200`, as(OWNER));
    const page3 = await get(
      `/api/v1/tenants/${G0}/members?limit=200&after=${page1.json().nextAfter}`,
      as(OWNER),
    );
    expect(page1.json().items).toHaveLength(200);
    expect(page3.json().items).toHaveLength(200);
    expect(page3.json().items[0].userId > page1.json().nextAfter).toBe(true);
    const search = await get(`/api/v1/tenants/${G0}/members?q=user999`, as(OWNER));
    expect(search.json().items.map((m: Json) => m.username)).toEqual(['user999']);
  });

  it('lets tenant admins map roles, and applies the mapping at once', async () => {
    const who = member().user_id;
    const before = await get(`/api/v1/tenants/${G0}/permissions/me`, as(who));
    expect(before.json()).toMatchObject({ member: true, admin: false, permissions: [] });
    const put = await send('PUT', `/api/v1/tenants/${G0}/roles/${mapped()}/mapping`, as(OWNER), {
      permissions: ['server.read', 'server.start'],
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ roleId: mapped(), serverIds: null });
    const after = await get(`/api/v1/tenants/${G0}/permissions/me`, as(who));
    expect(after.json().permissions).toEqual(['server.read', 'server.start']);
    // @everyone can be mapped, narrowed to servers
    await send('PUT', `/api/v1/tenants/${G0}/roles/${G0}/mapping`, as(OWNER), {
      permissions: ['server.console.read'],
      serverIds: ['srv-1'],
    });
    const scoped = await get(`/api/v1/tenants/${G0}/permissions/me`, as(who));
    expect(scoped.json().servers).toEqual({ 'server.console.read': ['srv-1'] });
    // Where each is held, as a list route asks (a narrowed grant shows only its servers).
    const permissions = core.app.pn.extensions.get(permissionServiceExtensionPoint)[0]!;
    const principal = { userId: `user-${who}`, discordId: who, name: who, superAdmin: false };
    expect(await permissions.serversWith!(principal, G0, 'server.console.read')).toEqual(['srv-1']);
    expect(await permissions.serversWith!(principal, G0, 'server.read')).toBe('all');
    expect(await permissions.serversWith!(principal, G0, 'server.delete')).toEqual([]);
    expect(await permissions.serversWith!(principal, G1, 'server.read')).toEqual([]);
    const audit = await get(
      `/api/v1/tenants/${G0}/audit?action=rbac.mapping.update&targetId=${mapped()}`,
      as(SUPER, true),
    );
    expect(audit.json().items[0]).toMatchObject({
      actor: { type: 'user', id: `user-${OWNER}` },
      changes: { after: { permissions: ['server.read', 'server.start'] } },
    });
  });

  it('refuses unknown, unmappable and foreign keys and roles', async () => {
    const url = `/api/v1/tenants/${G0}/roles/${mapped()}/mapping`;
    const unknown = await send('PUT', url, as(OWNER), { permissions: ['server.fly'] });
    expect(unknown.json().error.code).toBe('PN_RBAC_PERMISSION_UNKNOWN');
    const derived = await send('PUT', url, as(OWNER), { permissions: ['tenant.roles.manage'] });
    expect(derived.json().error.code).toBe('PN_RBAC_PERMISSION_NOT_MAPPABLE');
    const foreignRole = seed.guilds[1]!.roles[3]!.id;
    const foreign = await send(
      'PUT',
      `/api/v1/tenants/${G0}/roles/${foreignRole}/mapping`,
      as(OWNER),
      { permissions: ['server.read'] },
    );
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('PN_RBAC_ROLE_NOT_FOUND');
  });

  it('does not let a non-admin edit mappings', async () => {
    const res = await send(
      'PUT',
      `/api/v1/tenants/${G0}/roles/${mapped()}/mapping`,
      as(member().user_id),
      { permissions: ['server.delete'] },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'PN_FORBIDDEN',
      details: { permission: 'tenant.roles.manage' },
    });
  });

  it('explains why a member has or lacks a permission on a server', async () => {
    const who = member().user_id;
    const base = `/api/v1/tenants/${G0}/permissions/explain?member=${who}`;
    const yes = await get(`${base}&permission=server.start`, as(OWNER));
    expect(yes.statusCode).toBe(200);
    expect(yes.json().results[0]).toMatchObject({
      allowed: true,
      reason: 'mapped',
      grants: [{ via: 'mapping', roleId: mapped(), serverIds: null }],
    });
    const elsewhere = await get(`${base}&permission=server.console.read&server=srv-2`, as(OWNER));
    expect(elsewhere.json().results[0]).toMatchObject({
      allowed: false,
      reason: 'mapped-elsewhere',
    });
    const all = await get(base, as(OWNER));
    expect(all.json().results.length).toBeGreaterThanOrEqual(19);
    expect(all.json().member.roles[0]).toMatchObject({ id: G0, name: '@everyone' });
    const stranger = await get(`${base.replace(who, '1234567')}`, as(OWNER));
    expect(stranger.json().error.code).toBe('PN_RBAC_MEMBER_NOT_FOUND');
  });

  it('replaces every mapping at once', async () => {
    const res = await send('PUT', `/api/v1/tenants/${G0}/role-mappings`, as(OWNER), {
      mappings: [
        { roleId: mapped(), permissions: ['server.read', 'server.start'] },
        { roleId: ADMIN_ROLE, permissions: ['audit.read', 'tenant.settings.manage'] },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((m: Json) => m.roleId)
        .sort(),
    ).toEqual([mapped(), ADMIN_ROLE].sort());
    const me = await get(`/api/v1/tenants/${G0}/permissions/me`, as(member().user_id));
    expect(me.json().servers).toEqual({});
  });
});

describe('Discord stays the source of truth', () => {
  it('follows a role added and removed in Discord after a sync', async () => {
    const who = memberWith(0, true).user_id;
    const role = memberWith(0, false).roles[0]!;
    const check = async () =>
      (await get(`/api/v1/tenants/${G0}/permissions/me`, as(who))).json().permissions;
    expect(await check()).toEqual([]);
    discord.control.addMemberRole(G0, who, role);
    const synced = await send('POST', `/api/v1/tenants/${G0}/sync`, as(OWNER));
    expect(synced.json()).toMatchObject({ members: 1000, changed: 1, added: 0, removed: 0 });
    expect(await check()).toEqual(['server.read', 'server.start']);
    discord.control.removeMemberRole(G0, who, role);
    await send('POST', `/api/v1/tenants/${G0}/sync`, as(OWNER));
    expect(await check()).toEqual([]);
  });

  it('takes access away from a member who left, at the next sync', async () => {
    const who = memberWith(0, false).user_id;
    expect((await get(`/api/v1/tenants/${G0}`, as(who))).statusCode).toBe(200);
    discord.control.removeMember(G0, who);
    const synced = await send('POST', `/api/v1/tenants/${G0}/sync`, as(OWNER));
    expect(synced.json().removed).toBe(1);
    for (const url of [`/api/v1/tenants/${G0}`, `/api/v1/tenants/${G0}/permissions/me`]) {
      const res = await get(url, as(who));
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('PN_TENANT_NOT_FOUND');
    }
    discord.control.addMember(G0, who, { roles: [] });
    await send('POST', `/api/v1/tenants/${G0}/sync`, as(OWNER));
    expect((await get(`/api/v1/tenants/${G0}`, as(who))).statusCode).toBe(200);
  });

  it('re-reads a member at login and at session renewal, and applies member events without a sync', async () => {
    const who = memberWith(0, true).user_id;
    const role = memberWith(0, false).roles[0]!;
    const me = () => get(`/api/v1/tenants/${G0}/permissions/me`, as(who));
    expect((await me()).json().permissions).toEqual([]);
    discord.control.addMemberRole(G0, who, role);
    await core.app.pn.discord.invalidateGuild(G0);
    // No sync: logging in publishes auth.session.refreshed, and rbac re-reads the member.
    await login(who);
    const after = await until(me, (r) => r.json().permissions.length > 0);
    expect(after.json().permissions).toEqual(['server.read', 'server.start']);
    // Renewing the session re-reads them too: the role taken away in Discord is gone after it.
    discord.control.removeMemberRole(G0, who, role);
    await core.app.pn.discord.invalidateGuild(G0);
    const renewed = await core.inject({
      method: 'POST',
      url: '/auth/refresh',
      headers: { cookie: lastLoginCookies, origin: PUBLIC_URL },
    });
    expect(renewed.statusCode).toBe(200);
    expect((await until(me, (r) => r.json().permissions.length === 0)).json().permissions).toEqual(
      [],
    );
    discord.control.addMemberRole(G0, who, role);
    await login(who);
    await until(me, (r) => r.json().permissions.length > 0);
    // The bot will feed gateway events here: a member leaving loses access at once.
    discord.control.removeMember(G0, who);
    await core.app.pn.shared.events.publish('member.changed', {
      tenantId: G0,
      userId: who,
      left: true,
    });
    const gone = await until(me, (r) => r.statusCode === 404);
    expect(gone.json().error.code).toBe('PN_TENANT_NOT_FOUND');
    discord.control.addMember(G0, who, { roles: [] });
    await core.app.pn.shared.events.publish('member.changed', { tenantId: G0, userId: who });
    const back = await until(me, (r) => r.statusCode === 200);
    expect(back.json()).toMatchObject({ member: true, permissions: [] });
  });
});

describe('tenants', () => {
  it('keeps tenant admins of one guild out of another', async () => {
    // An Administrator in G0 who is a plain member of G2 cannot grant there …
    const admin = { user_id: ADMIN_USER };
    const g2Role = seed.guilds[2]!.roles[5]!.id;
    expect((await get(`/api/v1/tenants/${G0}/roles`, as(admin.user_id))).statusCode).toBe(200);
    const there = await send(
      'PUT',
      `/api/v1/tenants/${G2}/roles/${g2Role}/mapping`,
      as(admin.user_id),
      { permissions: ['server.delete'] },
    );
    expect(there.statusCode).toBe(403);
    // … nor through G0's routes with G2's role …
    const crossed = await send(
      'PUT',
      `/api/v1/tenants/${G0}/roles/${g2Role}/mapping`,
      as(admin.user_id),
      { permissions: ['server.delete'] },
    );
    expect(crossed.statusCode).toBe(404);
    // … and once out of G2, G2 does not exist for them.
    discord.control.removeMember(G2, admin.user_id);
    await send('POST', `/api/v1/tenants/${G2}/sync`, as(OWNER));
    const gone = await get(`/api/v1/tenants/${G2}/roles`, as(admin.user_id));
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('PN_TENANT_NOT_FOUND');
  });

  it('lets super admins act in any tenant, audited as an override', async () => {
    const res = await get(`/api/v1/tenants/${G0}/roles`, as(SUPER, true));
    expect(res.statusCode).toBe(200);
    const entries = await core.app.pn.db.query<Json>(
      `select actor_id, action, target_id, override from pn_audit_log where action = 'access.override' and tenant_id = $1`,
      [G0],
    );
    expect(entries).toContainEqual({
      actor_id: `user-${SUPER}`,
      action: 'access.override',
      target_id: 'GET /api/v1/tenants/:tenantId/roles',
      override: true,
    });
    // not for guilds where nothing is installed
    expect((await get(`/api/v1/tenants/${G1}/roles`, as(SUPER, true))).statusCode).toBe(404);
    // The panel learns it may show them everything.
    const me = (await get(`/api/v1/tenants/${G0}/permissions/me`, as(SUPER, true))).json();
    expect(me).toMatchObject({ superAdmin: true, member: false });
    expect(me.permissions).toEqual(expect.arrayContaining(['server.delete', 'audit.read']));
    const plain = (await get(`/api/v1/tenants/${G0}/permissions/me`, as(OWNER))).json();
    expect(plain.superAdmin).toBe(false);
    // Routes that ask no permission are overridden too when the super admin is not in the
    // guild, and each such request is audited, with what it overrode.
    const read = await get(`/api/v1/tenants/${G0}`, as(SUPER, true));
    expect(read.statusCode).toBe(200);
    const overrides = await core.app.pn.db.query<Json>(
      `select target_id, changes, request_id from pn_audit_log where action = 'access.override' and tenant_id = $1 and actor_id = $2 order by id`,
      [G0, `user-${SUPER}`],
    );
    expect(overrides).toContainEqual({
      target_id: 'GET /api/v1/tenants/:tenantId',
      changes: { membership: 'not a member of the guild' },
      request_id: read.headers['x-request-id'],
    });
    expect(overrides).toContainEqual(
      expect.objectContaining({
        target_id: 'GET /api/v1/tenants/:tenantId/permissions/me',
        changes: { membership: 'not a member of the guild' },
      }),
    );
    expect(overrides).toContainEqual(
      expect.objectContaining({
        target_id: 'GET /api/v1/tenants/:tenantId/roles',
        changes: { permission: 'tenant.members.read', membership: 'not a member of the guild' },
      }),
    );
    // A super admin who is a member acting within their own permissions overrides nothing.
    const before = overrides.length;
    await get(`/api/v1/tenants/${G0}`, as(OWNER, true));
    const after = await core.app.pn.db.query<Json>(
      `select 1 from pn_audit_log where action = 'access.override' and tenant_id = $1 and actor_id = $2`,
      [G0, `user-${OWNER}`],
    );
    expect(after).toEqual([]);
    expect(before).toBeGreaterThan(0);
  });

  it("lists an API client's tenants by asking Discord only about the guilds they were synced in", async () => {
    // The Admin holder left G2's guild (above) and is in G0's; no Discord session here.
    const directory = core.app.pn.tenants;
    const isMember = directory.isMember.bind(directory);
    const asked: string[] = [];
    directory.isMember = async (tenant, discordId) => {
      asked.push(tenant.id);
      return isMember(tenant, discordId);
    };
    try {
      const listed = (await get('/api/v1/tenants', as(ADMIN_USER))).json().items;
      expect(listed.map((t: Json) => t.id)).toEqual([G0]);
      expect(asked).toEqual([G0]);
    } finally {
      directory.isMember = isMember;
    }
  });

  it('records whether a change came through the panel or an API token', async () => {
    const bearer = await login(OWNER);
    const token = bearer.authorization!.slice('Bearer '.length);
    const panel = { cookie: `pn_access=${token}`, origin: PUBLIC_URL };
    const url = `/api/v1/tenants/${G0}/settings`;
    const fromPanel = await send('PATCH', url, panel, { nameOverride: 'From the panel' });
    const fromApi = await send('PATCH', url, bearer, { nameOverride: null });
    expect([fromPanel.statusCode, fromApi.statusCode]).toEqual([200, 200]);
    const rows = await core.app.pn.db.query<Json>(
      `select source, changes from pn_audit_log where action = 'tenant.settings.update' and request_id = any($1::text[]) order by id desc`,
      [[fromPanel.headers['x-request-id'], fromApi.headers['x-request-id']]],
    );
    expect(rows).toEqual([
      { source: 'api', changes: { set: { nameOverride: null } } },
      { source: 'web', changes: { set: { nameOverride: 'From the panel' } } },
    ]);
  });

  it('keeps settings, editable with tenant.settings.manage', async () => {
    const admin = { user_id: ADMIN_USER };
    const url = `/api/v1/tenants/${G0}/settings`;
    expect((await get(url, as(memberWith(0, true).user_id))).statusCode).toBe(403);
    const patched = await send('PATCH', url, as(admin.user_id), {
      nameOverride: 'Builders',
      quotas: { servers: 5 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toEqual({ nameOverride: 'Builders', quotas: { servers: 5 } });
    const cleared = await send('PATCH', url, as(admin.user_id), {
      nameOverride: null,
      quotas: { memoryMb: 2048 },
    });
    expect(cleared.json()).toEqual({ quotas: { servers: 5, memoryMb: 2048 } });
    expect((await get(`/api/v1/tenants/${G0}`, as(OWNER))).json().displayName).toBe(
      seed.guilds[0]!.name,
    );
  });

  it('offers the channels and clusters a setting may name, and refuses others', async () => {
    const headers = as(ADMIN_USER);
    const base = `/api/v1/tenants/${G0}`;
    // Text channels only, in Discord's order; voice channels cannot carry notifications.
    const channels = (await get(`${base}/channels`, headers)).json().items;
    const [general, status] = seed.guilds[0]!.channels;
    expect(channels).toEqual([
      { id: general!.id, name: 'general', kind: 'text', category: null },
      { id: status!.id, name: 'server-status', kind: 'text', category: null },
    ]);
    const voice = seed.guilds[0]!.channels.find((c) => c.type === 2)!;
    const refused = await send('PATCH', `${base}/settings`, headers, {
      notificationChannelId: voice.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'PN_TENANT_CHANNEL_UNKNOWN',
      details: { channelId: voice.id },
    });
    const elsewhere = seed.guilds[1]!.channels[0]!.id;
    expect(
      (
        await send('PATCH', `${base}/settings`, headers, { notificationChannelId: elsewhere })
      ).json().error.code,
    ).toBe('PN_TENANT_CHANNEL_UNKNOWN');
    const saved = await send('PATCH', `${base}/settings`, headers, {
      notificationChannelId: status!.id,
    });
    expect(saved.json()).toMatchObject({ notificationChannelId: status!.id });

    // Clusters: only approved ones, and only those may become the default.
    const gateway = core.app.pn.operatorGateway;
    const join = async (name: string) =>
      (
        await gateway.register({
          token: (await gateway.createJoinToken({ name, createdBy: null })).token,
        })
      ).clusterId;
    const approved = await join('approved');
    await gateway.approve(approved, null);
    const pending = await join('pending');
    const clusters = (await get(`${base}/clusters`, headers)).json().items;
    expect(clusters).toContainEqual({ id: approved, name: 'approved', connected: false });
    expect(clusters.map((c: Json) => c.id)).not.toContain(pending);
    const notApproved = await send('PATCH', `${base}/settings`, headers, {
      defaultClusterId: pending,
    });
    expect(notApproved.json().error).toMatchObject({
      code: 'PN_TENANT_CLUSTER_UNKNOWN',
      details: { clusterId: pending },
    });
    expect(
      (await send('PATCH', `${base}/settings`, headers, { defaultClusterId: approved })).json(),
    ).toMatchObject({ defaultClusterId: approved });
    // Both lists are for those who manage the settings.
    const member = as(memberWith(0, true).user_id);
    expect((await get(`${base}/channels`, member)).statusCode).toBe(403);
    expect((await get(`${base}/clusters`, member)).statusCode).toBe(403);
  });

  it('pages and filters the audit log', async () => {
    const admin = { user_id: ADMIN_USER };
    const base = `/api/v1/tenants/${G0}/audit`;
    const headers = as(admin.user_id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (
        await get(`${base}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers)
      ).json();
      seen.push(...page.items.map((i: Json) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
    const byAction = (await get(`${base}?action=rbac.*&limit=200`, headers)).json().items;
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((i: Json) => i.action.startsWith('rbac.'))).toBe(true);
    const byActor = (await get(`${base}?actor=user-${OWNER}&limit=200`, headers)).json().items;
    expect(byActor.every((i: Json) => i.actor.id === `user-${OWNER}`)).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await get(`${base}?from=${future}`, headers)).json().items).toEqual([]);
    expect((await get(`${base}?to=${future}&limit=1`, headers)).json().items).toHaveLength(1);
    const bad = await get(`${base}?cursor=nope`, headers);
    expect(bad.json().error.code).toBe('PN_AUDIT_CURSOR_INVALID');
    expect((await get(base, as(memberWith(0, true).user_id))).statusCode).toBe(403);
  });

  it('uninstalls for the owner only, with the typed name, and installs again', async () => {
    const owner = await login(OWNER);
    const url = `/api/v1/tenants/${G2}`;
    const body = { confirmName: seed.guilds[2]!.name, keepData: false };
    const admin = { user_id: ADMIN_USER };
    expect((await send('DELETE', url, as(admin.user_id), body)).statusCode).toBe(404);
    const notOwner = await send('DELETE', url, as(memberWith(2, true).user_id), body);
    expect(notOwner.json().error.code).toBe('PN_TENANT_OWNER_ONLY');
    const typo = await send('DELETE', url, owner, { ...body, confirmName: 'nope' });
    expect(typo.json().error.code).toBe('PN_TENANT_CONFIRMATION_MISMATCH');
    expect((await send('DELETE', url, owner, body)).statusCode).toBe(204);
    expect((await get(url, owner)).statusCode).toBe(404);
    const left = await until(
      () =>
        core.app.pn.db.query<{ n: string }>(
          `select count(*)::text as n from rbac_members where tenant_id = $1`,
          [G2],
        ),
      (rows) => rows[0]!.n === '0',
    );
    expect(left[0]!.n).toBe('0');
    const installable = await get('/api/v1/guilds/installable', owner);
    expect(installable.json().items.map((g: Json) => g.id)).toContain(G2);
    await install(G2, owner, { members: 999, roles: 51 });
  });
});

describe('mapping editors below the top (Manage Server, Manage Roles)', () => {
  const MANAGE_ROLES = String(1n << 28n);
  const MOD_ROLE = '1888888888888888801';
  const HIGH_ROLE = '1888888888888888802';
  const LOW_ROLE = '1888888888888888803';
  const MOD = '1777777777777777701';
  const url = (roleId: string) => `/api/v1/tenants/${G0}/roles/${roleId}/mapping`;
  const put = (who: Record<string, string>, roleId: string, body: unknown) =>
    send('PUT', url(roleId), who, body);

  beforeAll(async () => {
    discord.control.createRole(G0, {
      id: MOD_ROLE,
      name: 'Mods',
      position: 30,
      permissions: MANAGE_ROLES,
    });
    discord.control.createRole(G0, { id: HIGH_ROLE, name: 'Staff', position: 45 });
    discord.control.createRole(G0, { id: LOW_ROLE, name: 'Regulars', position: 3 });
    discord.control.createUser({ id: MOD, username: 'mod' });
    discord.control.addMember(G0, MOD, { roles: [MOD_ROLE] });
    expect((await send('POST', `/api/v1/tenants/${G0}/sync`, as(OWNER))).statusCode).toBe(200);
  });

  it('cannot grant a permission they do not hold, to any role or to @everyone', async () => {
    const low = await put(as(MOD), LOW_ROLE, { permissions: ['server.delete'] });
    expect(low.statusCode).toBe(403);
    expect(low.json().error).toEqual({
      code: 'PN_RBAC_GRANT_NOT_HELD',
      message: 'You cannot grant server.delete: you do not hold it yourself',
      details: { permission: 'server.delete', roleId: LOW_ROLE, serverIds: null },
    });
    const everyone = await put(as(MOD), G0, { permissions: ['server.read'] });
    expect(everyone.statusCode).toBe(403);
    expect(everyone.json().error.details).toMatchObject({
      permission: 'server.read',
      roleId: G0,
    });
    // What they hold as tenant admins they may hand on, below them.
    const held = await put(as(MOD), LOW_ROLE, {
      permissions: ['tenant.members.read', 'tenant.settings.manage'],
    });
    expect(held.statusCode).toBe(200);
  });

  it('cannot edit their own role or one above it', async () => {
    for (const roleId of [MOD_ROLE, HIGH_ROLE]) {
      const res = await put(as(MOD), roleId, { permissions: ['tenant.members.read'] });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({
        code: 'PN_RBAC_ROLE_NOT_BELOW',
        details: { roleId, highestPosition: 30 },
      });
    }
    await put(as(OWNER), HIGH_ROLE, { permissions: ['server.read'] });
    const removal = await send('DELETE', url(HIGH_ROLE), as(MOD));
    expect(removal.statusCode).toBe(403);
    expect(removal.json().error.code).toBe('PN_RBAC_ROLE_NOT_BELOW');
  });

  it('grant what they hold, where they hold it, and keep what someone above granted', async () => {
    await put(as(OWNER), MOD_ROLE, { permissions: ['server.start'], serverIds: ['srv-1'] });
    // Held on srv-1 only: granting it there passes, everywhere does not.
    expect(
      (await put(as(MOD), LOW_ROLE, { permissions: ['server.start'], serverIds: ['srv-1'] }))
        .statusCode,
    ).toBe(200);
    const wider = await put(as(MOD), LOW_ROLE, { permissions: ['server.start'] });
    expect(wider.statusCode).toBe(403);
    expect(wider.json().error.details).toEqual({
      permission: 'server.start',
      roleId: LOW_ROLE,
      serverIds: null,
    });
    // The owner grants server.delete below the mod; the mod may edit around it, or take it away.
    await put(as(OWNER), LOW_ROLE, { permissions: ['server.delete', 'server.logs.read'] });
    expect((await put(as(MOD), LOW_ROLE, { permissions: ['server.delete'] })).statusCode).toBe(200);
    expect((await put(as(MOD), LOW_ROLE, { permissions: [] })).statusCode).toBe(200);
  });

  it('checks only what a bulk replace changes', async () => {
    const roles = (await get(`/api/v1/tenants/${G0}/roles`, as(OWNER))).json().items as Json[];
    const kept = roles
      .filter((r) => r.mapping)
      .map((r) => ({
        roleId: r.id,
        permissions: r.mapping.permissions,
        serverIds: r.mapping.serverIds,
      }));
    const unchanged = await send('PUT', `/api/v1/tenants/${G0}/role-mappings`, as(MOD), {
      mappings: [...kept, { roleId: LOW_ROLE, permissions: ['tenant.members.read'] }],
    });
    expect(unchanged.statusCode).toBe(200);
    const raised = await send('PUT', `/api/v1/tenants/${G0}/role-mappings`, as(MOD), {
      mappings: kept.map((m) =>
        m.roleId === HIGH_ROLE ? { ...m, permissions: ['tenant.members.read'] } : m,
      ),
    });
    expect(raised.statusCode).toBe(403);
    expect(raised.json().error.code).toBe('PN_RBAC_ROLE_NOT_BELOW');
  });

  it('tells the panel which roles the caller may edit and whether they may grant everything', async () => {
    const mine = (await get(`/api/v1/tenants/${G0}/roles`, as(MOD))).json();
    const editable = (id: string) => mine.items.find((r: Json) => r.id === id).editable;
    expect(mine.grantsAll).toBe(false);
    expect([editable(LOW_ROLE), editable(G0), editable(MOD_ROLE), editable(HIGH_ROLE)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const owner = (await get(`/api/v1/tenants/${G0}/roles`, as(OWNER))).json();
    expect(owner.grantsAll).toBe(true);
    expect(owner.items.every((r: Json) => r.editable)).toBe(true);
  });

  it('leaves owners, Administrators and super admins free to grant anything anywhere', async () => {
    expect(
      (await put(as(ADMIN_USER), HIGH_ROLE, { permissions: ['server.delete'] })).statusCode,
    ).toBe(200);
    expect((await put(as(SUPER, true), MOD_ROLE, { permissions: ['audit.read'] })).statusCode).toBe(
      200,
    );
    expect((await put(as(OWNER), G0, { permissions: [] })).statusCode).toBe(200);
  });
});
