import { describe, expect, it } from 'vitest';
import {
  bearer,
  demo,
  startTestEmulator,
  type TestEmulator,
  useSharedEmulator,
} from '../__fixtures__/harness.ts';
import { demoSeedPath, loadSeedFile } from '../seed/load.ts';
import { ALL_PERMISSIONS } from '../state/permissions.ts';

let emu: TestEmulator;
useSharedEmulator((e) => (emu = e));

type Json = Record<string, unknown>;
const json = async (response: Response | Promise<Response>) =>
  (await (await response).json()) as Json & Json[];

describe('users', () => {
  it('GET /users/@me needs identify and shows email only with the email scope', async () => {
    const plain = await emu.login(demo.alice, ['identify']);
    const me = await json(emu.api('/users/@me', bearer(plain.access_token)));
    expect(me).toMatchObject({
      id: demo.alice,
      username: 'alice',
      global_name: 'Alice',
      discriminator: '0',
      avatar: null,
    });
    expect(me).not.toHaveProperty('email');
    const withEmail = await emu.login(demo.alice, ['identify', 'email']);
    expect(await json(emu.api('/users/@me', bearer(withEmail.access_token)))).toMatchObject({
      email: 'alice@example.test',
      verified: true,
    });
    const guildsOnly = await emu.login(demo.alice, ['guilds']);
    const denied = await emu.api('/users/@me', bearer(guildsOnly.access_token));
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('the bot sees itself at /users/@me and others at /users/{id}', async () => {
    expect(await json(emu.bot('/users/@me'))).toMatchObject({ id: demo.appId, bot: true });
    expect(await json(emu.bot(`/users/${demo.carol}`))).toMatchObject({
      id: demo.carol,
      username: 'carol',
    });
    const missing = await emu.bot('/users/42');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Unknown User', code: 10013 });
  });

  it('rejects a bad bot token and no token with 401', async () => {
    expect((await emu.api('/users/@me', { headers: { authorization: 'Bot nope' } })).status).toBe(
      401,
    );
    expect((await emu.api('/users/@me')).status).toBe(401);
  });

  it('GET /users/@me/guilds lists partial guilds with computed permissions', async () => {
    const bob = await emu.login(demo.bob, ['guilds']);
    const guilds = await json(emu.api('/users/@me/guilds', bearer(bob.access_token)));
    expect(guilds.map((g) => g.id)).toEqual([demo.devGuild, demo.blockyGuild]);
    const [dev, blocky] = guilds as Json[];
    // @everyone (2147601472) | Moderator (268446722) | Player (0).
    expect(dev).toMatchObject({
      name: 'Pteronimbus Dev',
      owner: false,
      permissions: (2147601472n | 268446722n).toString(),
    });
    expect(blocky).toMatchObject({ owner: true, permissions: ALL_PERMISSIONS.toString() });
    expect(Object.keys(dev!).sort()).toEqual([
      'banner',
      'features',
      'icon',
      'id',
      'name',
      'owner',
      'permissions',
    ]);

    const alice = await emu.login(demo.alice, ['guilds']);
    const aliceGuilds = await json(
      emu.api('/users/@me/guilds?with_counts=true', bearer(alice.access_token)),
    );
    const viking = aliceGuilds.find((g) => g.id === demo.vikingGuild)!;
    // Administrator through the Jarl role means every permission.
    expect(viking).toMatchObject({
      owner: false,
      permissions: ALL_PERMISSIONS.toString(),
      approximate_member_count: 3,
    });
  });

  it('GET /users/@me/guilds pages with limit, after and before', async () => {
    const alice = await emu.login(demo.alice, ['guilds']);
    const page = await json(
      emu.api(`/users/@me/guilds?limit=1&after=${demo.devGuild}`, bearer(alice.access_token)),
    );
    expect(page.map((g) => g.id)).toEqual([demo.blockyGuild]);
    const before = await json(
      emu.api(`/users/@me/guilds?before=${demo.vikingGuild}`, bearer(alice.access_token)),
    );
    expect(before.map((g) => g.id)).toEqual([demo.devGuild, demo.blockyGuild]);
    const bad = await emu.api('/users/@me/guilds?limit=201', bearer(alice.access_token));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      code: 50035,
      message: 'Invalid Form Body',
      errors: {
        limit: {
          _errors: [
            { code: 'NUMBER_TYPE_MAX', message: 'int value should be less than or equal to 200.' },
          ],
        },
      },
    });
  });

  it('GET /users/@me/guilds/{id}/member needs guilds.members.read', async () => {
    const without = await emu.login(demo.bob, ['identify', 'guilds']);
    expect(
      (await emu.api(`/users/@me/guilds/${demo.devGuild}/member`, bearer(without.access_token)))
        .status,
    ).toBe(401);
    const bob = await emu.login(demo.bob, ['guilds.members.read']);
    const member = await json(
      emu.api(`/users/@me/guilds/${demo.devGuild}/member`, bearer(bob.access_token)),
    );
    expect(member).toMatchObject({
      nick: 'Bob (mod)',
      roles: [demo.devModRole, demo.devPlayerRole],
      user: { id: demo.bob },
      joined_at: '2024-03-02T12:30:00.000000+00:00',
    });
    const notIn = await emu.api(
      `/users/@me/guilds/${demo.vikingGuild}/member`,
      bearer(bob.access_token),
    );
    expect(notIn.status).toBe(404);
    expect(await notIn.json()).toEqual({ message: 'Unknown Guild', code: 10004 });
  });
});

describe('guilds (bot)', () => {
  it('GET /guilds/{id} returns the guild with roles; counts on request', async () => {
    const guild = await json(emu.bot(`/guilds/${demo.devGuild}?with_counts=true`));
    expect(guild).toMatchObject({
      id: demo.devGuild,
      name: 'Pteronimbus Dev',
      owner_id: demo.alice,
      approximate_member_count: 5,
    });
    expect((guild.roles as Json[]).map((r) => r.name)).toEqual([
      '@everyone',
      'Player',
      'Pteronimbus',
      'Moderator',
      'Admin',
    ]);
  });

  it('answers 10004 for an unknown guild, 50001 where the bot is not, 50035 for a bad id, 401 for a user token', async () => {
    const unknownGuild = await emu.bot('/guilds/123');
    expect(unknownGuild.status).toBe(404);
    expect(await unknownGuild.json()).toEqual({ message: 'Unknown Guild', code: 10004 });
    const notIn = await emu.bot(`/guilds/${demo.vikingGuild}/roles`);
    expect(notIn.status).toBe(403);
    expect(await notIn.json()).toEqual({ message: 'Missing Access', code: 50001 });
    const bad = await emu.bot('/guilds/abc');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).errors).toEqual({
      guild_id: {
        _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value "abc" is not snowflake.' }],
      },
    });
    const user = await emu.login(demo.alice);
    expect((await emu.api(`/guilds/${demo.devGuild}`, bearer(user.access_token))).status).toBe(401);
  });

  it('GET /guilds/{id}/roles and /channels', async () => {
    const roles = await json(emu.bot(`/guilds/${demo.devGuild}/roles`));
    expect(roles.find((r) => r.id === demo.devAdminRole)).toMatchObject({
      name: 'Admin',
      permissions: '8',
      color: 15158332,
      hoist: true,
      managed: false,
      mentionable: false,
      position: 4,
    });
    const channels = await json(emu.bot(`/guilds/${demo.devGuild}/channels`));
    expect(channels.find((c) => c.id === demo.devStatus)).toMatchObject({
      name: 'server-status',
      type: 0,
      parent_id: '1180000000000000221',
    });
  });

  it('GET /guilds/{id}/members is sorted by user id and pages with limit and after', async () => {
    const first = await json(emu.bot(`/guilds/${demo.devGuild}/members`));
    expect(first).toHaveLength(1);
    const all = await json(emu.bot(`/guilds/${demo.devGuild}/members?limit=1000`));
    const ids = all.map((m) => (m.user as Json).id as string);
    expect(ids).toEqual([demo.alice, demo.bob, demo.carol, demo.dave, demo.appId]);
    const next = await json(emu.bot(`/guilds/${demo.devGuild}/members?limit=2&after=${demo.bob}`));
    expect(next.map((m) => (m.user as Json).id)).toEqual([demo.carol, demo.dave]);
    for (const [limit, code] of [
      ['0', 'NUMBER_TYPE_MIN'],
      ['1001', 'NUMBER_TYPE_MAX'],
    ]) {
      const response = await emu.bot(`/guilds/${demo.devGuild}/members?limit=${limit}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as {
        errors: { limit: { _errors: { code: string }[] } };
      };
      expect(body.errors.limit._errors[0]!.code).toBe(code);
    }
  });

  it('GET /guilds/{id}/members/{user} tells Unknown Member from Unknown User', async () => {
    expect(await json(emu.bot(`/guilds/${demo.devGuild}/members/${demo.carol}`))).toMatchObject({
      roles: [demo.devPlayerRole],
      user: { id: demo.carol, username: 'carol' },
      deaf: false,
      mute: false,
    });
    const notMember = await emu.bot(`/guilds/${demo.blockyGuild}/members/${demo.dave}`);
    expect(await notMember.json()).toEqual({ message: 'Unknown Member', code: 10007 });
    const noUser = await emu.bot(`/guilds/${demo.blockyGuild}/members/99`);
    expect(await noUser.json()).toEqual({ message: 'Unknown User', code: 10013 });
  });

  it('answers unknown routes like Discord', async () => {
    const response = await emu.bot('/nothing/here');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: '404: Not Found', code: 0 });
  });
});

describe('messages', () => {
  const post = (channel: string, body: unknown) =>
    emu.bot(`/channels/${channel}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('stores a sent message and returns it; the control API lists it', async () => {
    const response = await post(demo.devStatus, {
      content: 'Minecraft is up',
      embeds: [{ title: 'Online' }],
    });
    expect(response.status).toBe(200);
    const message = (await response.json()) as Json;
    expect(message).toMatchObject({
      channel_id: demo.devStatus,
      content: 'Minecraft is up',
      author: { id: demo.appId, bot: true },
      embeds: [{ title: 'Online' }],
      type: 0,
    });
    expect(emu.control.messages({ channelId: demo.devStatus }).map((m) => m.id)).toEqual([
      message.id,
    ]);
    expect(emu.control.messages({ channelId: demo.devGeneral })).toEqual([]);
  });

  it('refuses empty and oversized messages, unknown channels, channels the bot cannot see and invalid JSON', async () => {
    expect(await (await post(demo.devStatus, { content: '  ' })).json()).toEqual({
      message: 'Cannot send an empty message',
      code: 50006,
    });
    const long = await post(demo.devStatus, { content: 'x'.repeat(2001) });
    expect(((await long.json()) as Json).code).toBe(50035);
    expect(await (await post('1', { content: 'hi' })).json()).toEqual({
      message: 'Unknown Channel',
      code: 10003,
    });
    expect((await post(demo.vikingHall, { content: 'hi' })).status).toBe(403);
    const invalid = await emu.bot(`/channels/${demo.devStatus}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"content":',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      message: 'The request body contains invalid JSON.',
      code: 50109,
    });
  });

  it('needs View Channel and Send Messages from the bot roles', async () => {
    const seed = structuredClone(await loadSeedFile(demoSeedPath));
    const viking = seed.guilds.find((g) => g.id === demo.vikingGuild)!;
    viking.bot = true;
    viking.roles.find((r) => r.id === demo.vikingGuild)!.permissions = '1024';
    const other = await startTestEmulator({ seed });
    try {
      const send = () =>
        other.bot(`/channels/${demo.vikingHall}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ content: 'hi' }),
        });
      const denied = await send();
      expect(denied.status).toBe(403);
      expect(await denied.json()).toEqual({ message: 'Missing Permissions', code: 50013 });
      const role = other.control.createRole(demo.vikingGuild, {
        name: 'Speaker',
        permissions: '2048',
      });
      other.control.addMemberRole(demo.vikingGuild, demo.appId, role.id as string);
      expect((await send()).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
