import { describe, expect, it } from 'vitest';
import { bearer, demo, type TestEmulator, useSharedEmulator } from '../__fixtures__/harness.ts';

let emu: TestEmulator;
useSharedEmulator((e) => (emu = e));

type Json = Record<string, unknown>;
const control = (method: string, path: string, body?: unknown) =>
  emu.raw(`/_control${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
const memberRoles = async (guild: string, user: string) =>
  ((await (await emu.bot(`/guilds/${guild}/members/${user}`)).json()) as { roles: string[] }).roles;

describe('control API over HTTP', () => {
  it('adds and removes a role on a member', async () => {
    expect(
      (
        await control(
          'PUT',
          `/guilds/${demo.devGuild}/members/${demo.carol}/roles/${demo.devModRole}`,
        )
      ).status,
    ).toBe(204);
    expect(await memberRoles(demo.devGuild, demo.carol)).toEqual([
      demo.devPlayerRole,
      demo.devModRole,
    ]);
    expect(
      (
        await control(
          'DELETE',
          `/guilds/${demo.devGuild}/members/${demo.carol}/roles/${demo.devPlayerRole}`,
        )
      ).status,
    ).toBe(204);
    expect(await memberRoles(demo.devGuild, demo.carol)).toEqual([demo.devModRole]);
  });

  it('creates and deletes roles; deleting takes the role off members', async () => {
    const created = await control('POST', `/guilds/${demo.devGuild}/roles`, {
      name: 'Ops',
      permissions: '32',
      color: 255,
    });
    expect(created.status).toBe(201);
    const role = (await created.json()) as Json;
    expect(role).toMatchObject({ name: 'Ops', permissions: '32', color: 255, managed: false });
    await control(
      'PUT',
      `/guilds/${demo.devGuild}/members/${demo.dave}/roles/${role.id as string}`,
    );
    const dave = await emu.login(demo.dave, ['guilds']);
    const perms = async () =>
      (
        (await (await emu.api('/users/@me/guilds', bearer(dave.access_token))).json()) as Json[]
      ).find((g) => g.id === demo.devGuild)!.permissions as string;
    expect(BigInt(await perms()) & 32n).toBe(32n);
    expect(
      (await control('DELETE', `/guilds/${demo.devGuild}/roles/${role.id as string}`)).status,
    ).toBe(204);
    expect(await memberRoles(demo.devGuild, demo.dave)).toEqual([]);
    expect(BigInt(await perms()) & 32n).toBe(0n);
  });

  it('adds and removes members', async () => {
    const added = await control('PUT', `/guilds/${demo.blockyGuild}/members/${demo.dave}`, {
      nick: 'Dave',
      roles: [demo.blockyManagerRole],
    });
    expect(added.status).toBe(201);
    expect(
      await (await emu.bot(`/guilds/${demo.blockyGuild}/members/${demo.dave}`)).json(),
    ).toMatchObject({
      nick: 'Dave',
      roles: [demo.blockyManagerRole],
    });
    expect((await control('PUT', `/guilds/${demo.blockyGuild}/members/${demo.dave}`)).status).toBe(
      409,
    );
    expect(
      (await control('DELETE', `/guilds/${demo.blockyGuild}/members/${demo.dave}`)).status,
    ).toBe(204);
    expect(
      ((await (await emu.bot(`/guilds/${demo.blockyGuild}/members/${demo.dave}`)).json()) as Json)
        .code,
    ).toBe(10007);
  });

  it('deletes a guild and adds or removes the bot', async () => {
    expect((await control('DELETE', `/guilds/${demo.blockyGuild}`)).status).toBe(204);
    expect(((await (await emu.bot(`/guilds/${demo.blockyGuild}`)).json()) as Json).code).toBe(
      10004,
    );
    expect(
      (await control('PUT', `/guilds/${demo.vikingGuild}/bot`, { permissions: '8' })).status,
    ).toBe(204);
    expect((await emu.bot(`/guilds/${demo.vikingGuild}`)).status).toBe(200);
    expect((await control('DELETE', `/guilds/${demo.vikingGuild}/bot`)).status).toBe(204);
    expect((await emu.bot(`/guilds/${demo.vikingGuild}`)).status).toBe(403);
    const roles = emu.control.snapshot().guilds.find((g) => g.id === demo.vikingGuild)!.roleCount;
    expect(roles).toBe(3);
  });

  it('deactivates users and revokes authorizations', async () => {
    const alice = await emu.login(demo.alice);
    const bob = await emu.login(demo.bob);
    expect(await (await control('DELETE', `/users/${demo.alice}/authorization`)).json()).toEqual({
      revoked: 1,
    });
    expect((await emu.api('/users/@me', bearer(alice.access_token))).status).toBe(401);
    expect((await control('POST', `/users/${demo.bob}/deactivate`)).status).toBe(204);
    expect((await emu.api('/users/@me', bearer(bob.access_token))).status).toBe(401);
  });

  it('creates users who can then log in', async () => {
    const created = (await (
      await control('POST', '/users', { username: 'erin', global_name: 'Erin' })
    ).json()) as Json;
    await control('PUT', `/guilds/${demo.devGuild}/members/${created.id as string}`, {});
    const erin = await emu.login(created.id as string, ['identify', 'guilds']);
    const guilds = (await (
      await emu.api('/users/@me/guilds', bearer(erin.access_token))
    ).json()) as Json[];
    expect(guilds.map((g) => g.id)).toEqual([demo.devGuild]);
  });

  it('answers coded errors for unknown ids and bad bodies', async () => {
    const missing = await control('PUT', `/guilds/1/members/${demo.alice}/roles/2`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'PN_DISCORD_EMULATOR_UNKNOWN_GUILD', message: 'Unknown guild 1' },
    });
    const badRole = await control(
      'PUT',
      `/guilds/${demo.devGuild}/members/${demo.alice}/roles/${demo.devGuild}`,
    );
    expect(((await badRole.json()) as { error: { code: string } }).error.code).toBe(
      'PN_DISCORD_EMULATOR_UNKNOWN_ROLE',
    );
    const badBody = await control('POST', `/guilds/${demo.devGuild}/roles`, { permissions: 'all' });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as { error: { code: string } }).error.code).toBe(
      'PN_DISCORD_EMULATOR_INVALID_ARGUMENT',
    );
    expect((await control('GET', '/nope')).status).toBe(404);
  });

  it('lists messages and commands', async () => {
    await emu.bot(`/channels/${demo.devStatus}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"content":"up"}',
    });
    const messages = (await (
      await control('GET', `/messages?channel_id=${demo.devStatus}`)
    ).json()) as Json[];
    expect(messages.map((m) => m.content)).toEqual(['up']);
    expect(await (await control('GET', `/messages?channel_id=${demo.devGeneral}`)).json()).toEqual(
      [],
    );
    expect(await (await control('GET', '/commands')).json()).toEqual([]);
  });

  it('logs requests with every credential redacted', async () => {
    const tokens = await emu.login(demo.alice);
    await emu.api('/users/@me', bearer(tokens.access_token));
    await emu.bot('/users/@me');
    await emu.api('/interactions/1/secret-token/callback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const log = (await (await control('GET', '/requests')).json()) as Json[];
    const text = JSON.stringify(log);
    for (const secret of [
      tokens.access_token,
      tokens.refresh_token,
      demo.botToken,
      demo.clientSecret,
      'secret-token',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(log.filter((e) => e.path === '/api/v10/users/@me')).toEqual([
      expect.objectContaining({
        method: 'GET',
        status: 200,
        auth: 'bearer',
        userId: demo.alice,
        route: '/users/@me',
      }),
      expect.objectContaining({ status: 200, auth: 'bot', userId: demo.appId }),
    ]);
    expect(
      log.find((e) => e.route === '/interactions/:interaction_id/:interaction_token/callback')
        ?.path,
    ).toBe('/api/v10/interactions/1/[redacted]/callback');
    const since = (log.at(-1) as { seq: number }).seq;
    await emu.bot('/users/@me');
    expect(await (await control('GET', `/requests?since=${since}`)).json()).toHaveLength(1);
    expect((await control('DELETE', '/requests')).status).toBe(204);
    expect(emu.control.requests()).toEqual([]);
  });

  it('moves the clock and resets to the seed', async () => {
    const tokens = await emu.login(demo.alice);
    const before = ((await (await control('GET', '/clock')).json()) as { now: number }).now;
    const after = (await (await control('POST', '/clock/advance', { ms: 604_800_000 })).json()) as {
      now: number;
    };
    expect(after.now - before).toBe(604_800_000);
    expect((await emu.api('/users/@me', bearer(tokens.access_token))).status).toBe(401);
    await control('DELETE', `/guilds/${demo.devGuild}`);
    expect((await control('POST', '/reset')).status).toBe(204);
    expect((await emu.bot(`/guilds/${demo.devGuild}`)).status).toBe(200);
    const state = (await (await control('GET', '/state')).json()) as {
      guilds: unknown[];
      application: Json;
    };
    expect(state.guilds).toHaveLength(3);
    expect(state.application.publicKey).toBe(demo.publicKey);
  });
});
