// Fault: Discord answers storms of 429s and 5xx (injected by the Discord emulator).
// What must hold: the bot calls a guild sync makes and the calls of a login wait as long as
// Discord's `retry_after` says, then succeed; a 5xx storm is retried a bounded number of times
// with growing delays and ends in a coded error (PN_DISCORD_UNAVAILABLE; a login is sent back to
// the login page with PN_AUTH_DISCORD_FAILED), never a 500; everything works again once the storm is over; and nothing ends as
// an unhandled rejection.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  demoSeedPath,
  loadSeedFile,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { startTestCore, type TestCore } from '@pteronimbus/testing';

const PUBLIC_URL = 'http://localhost:3000';
const ALICE = '1104000000000000101';
const GUILD = '1180000000000000201';

describe('fault: Discord 429 and 5xx storms', () => {
  let discord: DiscordEmulator;
  let core: TestCore;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  /** Logs in as alice through the emulator; returns the callback's answer and the cookies. */
  const login = async () => {
    const start = await core.inject({ url: '/auth/login' });
    const cookies = ([] as string[])
      .concat(start.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const authorize = new URL(start.headers.location as string);
    authorize.searchParams.set('auto_approve_user', ALICE);
    const consent = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    const done = await core.inject({
      url: callback.pathname + callback.search,
      headers: { cookie: cookies },
    });
    const access = ([] as string[])
      .concat(done.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('pn_access='));
    return { done, access: access?.split(';')[0] };
  };
  /** When the emulator saw each request to `path`, in order. */
  const seen = (path: string, since: number) =>
    discord.control
      .requests({ path, since })
      .filter((r) => r.path.split('?')[0] === path)
      .map((r) => ({ at: Date.parse(String(r.at)), status: r.status }));

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    const seed = await loadSeedFile(demoSeedPath);
    seed.application.redirectUris = [`${PUBLIC_URL}/auth/callback`];
    discord = await startDiscordEmulator({ seed, port: 0 });
    core = await startTestCore({
      plugins: [authDiscordPlugin] as never[],
      config: {
        publicUrl: PUBLIC_URL,
        discord: {
          clientId: '1291800000000000001',
          clientSecret: 'demo-client-secret-not-for-production',
          botToken: 'demo-bot-token-not-for-production',
          publicKey: null,
          apiUrl: discord.apiUrl,
          authorizeUrl: discord.authorizeUrl,
        },
      },
      pluginConfig: {
        'auth-discord': { rateLimit: { loginPerMinute: 1000, refreshPerMinute: 1000 } },
      },
    });
  }, 120_000);

  afterEach(() => discord.control.clearFaults());

  afterAll(async () => {
    await core?.close();
    await discord?.close();
    process.off('unhandledRejection', onUnhandled);
  });

  it("a guild sync's bot calls wait out a 429 storm for as long as retry_after says, then succeed", async () => {
    const bot = core.app.pn.discord.bot;
    const path = `/api/v10/guilds/${GUILD}`;
    const since = discord.control.requests().at(-1)?.seq ?? 0;
    discord.control.setFaults([{ kind: 'rateLimit', retryAfterMs: 700, count: 3, path }]);
    const started = Date.now();
    const guild = await bot.guild(GUILD);
    expect(guild.id).toBe(GUILD);
    const calls = seen(path, since);
    expect(calls.map((c) => c.status)).toEqual([429, 429, 429, 200]);
    // Never sooner than Discord asked (a little slack for the clocks of two processes).
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(650);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 650);
    // The members a sync pages through, under a global 429.
    discord.control.setFaults([
      { kind: 'rateLimit', retryAfterMs: 500, global: true, path: `${path}/members` },
    ]);
    const members = [];
    for await (const m of bot.allGuildMembers(GUILD)) members.push(m);
    expect(members.length).toBeGreaterThan(0);
  });

  it('a 5xx storm ends in PN_DISCORD_UNAVAILABLE after a bounded number of spaced retries, then recovers', async () => {
    const bot = core.app.pn.discord.bot;
    const path = `/api/v10/guilds/${GUILD}`;
    const since = discord.control.requests().at(-1)?.seq ?? 0;
    discord.control.setFaults([
      { kind: 'status', status: 502, count: 2, path },
      { kind: 'status', status: 503, count: 50, path },
    ]);
    await expect(bot.guild(GUILD)).rejects.toMatchObject({
      code: 'PN_DISCORD_UNAVAILABLE',
    });
    const calls = seen(path, since);
    // The first try and three retries: a storm is not multiplied.
    expect(calls).toHaveLength(4);
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    discord.control.clearFaults();
    expect((await bot.guild(GUILD)).id).toBe(GUILD);
  });

  it('the panel answers coded errors during the storm: the login page gets PN_AUTH_DISCORD_FAILED, the tenant list 502 PN_DISCORD_UNAVAILABLE', async () => {
    const { access } = await login();
    expect(access).toBeDefined();
    discord.control.setFaults([
      { kind: 'status', status: 500, count: 100, path: '/api/v10/oauth2/token' },
      { kind: 'status', status: 503, count: 100, path: '/api/v10/users/@me/guilds' },
    ]);
    // The browser is sent back to the panel's login page with the code to show.
    const { done, access: none } = await login();
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/login?error=PN_AUTH_DISCORD_FAILED');
    expect(none).toBeUndefined();
    const tenants = await core.inject({ url: '/api/v1/tenants', headers: { cookie: access! } });
    expect(tenants.statusCode).toBe(502);
    expect(tenants.json().error.code).toBe('PN_DISCORD_UNAVAILABLE');
  });

  it('a 429 on the code exchange sends the login back to the login page with a code, and the next login works', async () => {
    // The code exchange is not retried: its one-time state is spent by the first attempt.
    discord.control.setFaults([
      { kind: 'rateLimit', retryAfterMs: 1000, path: '/api/v10/oauth2/token' },
    ]);
    const { done, access } = await login();
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/login?error=PN_AUTH_DISCORD_FAILED');
    expect(access).toBeUndefined();
    expect((await login()).access).toBeDefined();
  });

  it('a login waits out a 429 storm on its Discord calls and succeeds, and works again after any storm', async () => {
    discord.control.setFaults([
      { kind: 'rateLimit', retryAfterMs: 600, count: 2, path: '/api/v10/users/@me' },
    ]);
    const since = discord.control.requests().at(-1)?.seq ?? 0;
    const { done, access } = await login();
    expect(done.statusCode).toBe(302);
    // Each 429 was waited out before the same call went again, and the calls got through.
    const calls = seen('/api/v10/users/@me', since);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(2);
    expect(calls.at(-1)!.status).toBe(200);
    for (let i = 1; i < calls.length; i++)
      if (calls[i - 1]!.status === 429)
        expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(550);
    expect(access).toBeDefined();
    const tenants = await core.inject({ url: '/api/v1/tenants', headers: { cookie: access! } });
    expect(tenants.statusCode).toBe(200);
  });

  it('left no unhandled rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});
