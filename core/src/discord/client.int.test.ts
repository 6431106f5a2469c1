import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordEmulator,
  demoSeedPath,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import type { KeyValueStore, Logger, RateLimiter } from '@pteronimbus/sdk';
import { MemoryKeyValueStore } from '../ports/kv.ts';
import { MemoryRateLimiter } from '../ports/rate-limit.ts';
import {
  createDiscordService,
  splitApiUrl,
  type DiscordClient,
  type DiscordServiceOptions,
} from './client.ts';
import { routeKey } from './shared-limits.ts';

const demo = {
  clientId: '1291800000000000001',
  clientSecret: 'demo-client-secret-not-for-production',
  botToken: 'demo-bot-token-not-for-production',
  redirectUri: 'http://localhost:3000/auth/callback',
  alice: '1104000000000000101',
  bob: '1104000000000000102',
  devGuild: '1180000000000000201',
  devGeneral: '1180000000000000222',
  vikingGuild: '1180000000000000401',
};

const silent: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
  child: () => silent,
};

let discord: DiscordEmulator;
const clients: DiscordClient[] = [];

function client(overrides: Partial<DiscordServiceOptions> = {}): DiscordClient {
  const c = createDiscordService({
    apiUrl: discord.apiUrl,
    authorizeUrl: discord.authorizeUrl,
    botToken: demo.botToken,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    kv: new MemoryKeyValueStore(),
    rateLimiter: new MemoryRateLimiter(),
    logger: silent,
    retryBaseMs: 20,
    ...overrides,
  });
  clients.push(c);
  return c;
}

/** A user access token from the emulator's code flow. */
async function userToken(userId: string): Promise<string> {
  const authorize = new URL(discord.authorizeUrl);
  authorize.search = new URLSearchParams({
    client_id: demo.clientId,
    redirect_uri: demo.redirectUri,
    response_type: 'code',
    scope: 'identify guilds guilds.members.read',
    auto_approve_user: userId,
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
  const res = await fetch(`${discord.apiUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: demo.redirectUri,
      client_id: demo.clientId,
      client_secret: demo.clientSecret,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const calls = (route: string) => discord.control.requests().filter((r) => r.route === route);

beforeAll(async () => {
  discord = await startDiscordEmulator({ seed: demoSeedPath, port: 0 });
});
afterEach(() => {
  discord.control.reset();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await discord.close();
});

describe('splitApiUrl and routeKey', () => {
  it('takes the version from DISCORD_API_URL', () => {
    expect(splitApiUrl('https://discord.com/api/v10/')).toEqual({
      api: 'https://discord.com/api',
      version: '10',
    });
    expect(splitApiUrl('http://127.0.0.1:1/proxy')).toEqual({
      api: 'http://127.0.0.1:1/proxy',
      version: null,
    });
  });

  it('keeps the major parameter and folds other ids', () => {
    expect(routeKey('get', '/guilds/1180000000000000201/members/1104000000000000101')).toBe(
      'GET /guilds/1180000000000000201/members/:id',
    );
    expect(routeKey('GET', '/users/1104000000000000101?x=1')).toBe('GET /users/:id');
  });
});

describe('Discord client against the emulator', () => {
  it('reads the bot user, a guild, its roles and members page by page', async () => {
    const c = client();
    expect((await c.bot.currentUser()).id).toBe(demo.clientId);
    const guild = await c.bot.guild(demo.devGuild, { withCounts: true });
    expect(guild).toMatchObject({ id: demo.devGuild, name: 'Pteronimbus Dev' });
    expect(guild.approximate_member_count).toBeGreaterThan(0);
    const roles = await c.bot.guildRoles(demo.devGuild);
    expect(roles.map((r) => r.name)).toContain('@everyone');

    const all = [];
    for await (const m of c.bot.allGuildMembers(demo.devGuild, { pageSize: 1 }))
      all.push(m.user!.id);
    expect(all.length).toBeGreaterThan(1);
    expect([...all].sort()).toEqual(all);
    expect(calls('/guilds/:guild_id/members').length).toBe(all.length + 1);
  });

  it('caches roles and members briefly and forgets them on invalidation', async () => {
    const c = client();
    await c.bot.guildRoles(demo.devGuild);
    await c.bot.guildRoles(demo.devGuild);
    expect(calls('/guilds/:guild_id/roles')).toHaveLength(1);
    const before = await c.bot.guildMember(demo.devGuild, demo.alice);
    const role = discord.control.createRole(demo.devGuild, { name: 'Fresh' }) as { id: string };
    discord.control.addMemberRole(demo.devGuild, demo.alice, role.id);
    expect((await c.bot.guildMember(demo.devGuild, demo.alice)).roles).toEqual(before.roles);
    expect((await c.bot.guildRoles(demo.devGuild)).some((r) => r.name === 'Fresh')).toBe(false);

    await c.invalidateGuild(demo.devGuild);
    expect((await c.bot.guildMember(demo.devGuild, demo.alice)).roles).toContain(role.id);
    expect((await c.bot.guildRoles(demo.devGuild)).some((r) => r.name === 'Fresh')).toBe(true);
    expect(calls('/guilds/:guild_id/roles')).toHaveLength(2);
  });

  it('expires the cache after its lifetime', async () => {
    const c = client({ cacheTtlMs: 50 });
    await c.bot.guildRoles(demo.devGuild);
    await new Promise((r) => setTimeout(r, 80));
    await c.bot.guildRoles(demo.devGuild);
    expect(calls('/guilds/:guild_id/roles')).toHaveLength(2);
  });

  it('posts messages as the bot', async () => {
    const c = client();
    const message = await c.bot.createMessage(demo.devGeneral, { content: 'server started' });
    expect(message.content).toBe('server started');
    expect(
      discord.control.messages({ channelId: demo.devGeneral }).map((m) => m.content),
    ).toContain('server started');
  });

  it('makes user calls with a bearer token', async () => {
    const c = client();
    const token = await userToken(demo.alice);
    const me = c.asUser(token);
    expect((await me.currentUser()).username).toBe('alice');
    const guilds = await me.guilds({ withCounts: true });
    expect(guilds.map((g) => g.id)).toContain(demo.devGuild);
    const member = await me.guildMember(demo.devGuild);
    expect(member.user?.id).toBe(demo.alice);
    await me.guildMember(demo.devGuild);
    expect(calls('/users/@me/guilds/:guild_id/member')).toHaveLength(1);
    const userCalls = discord.control.requests().filter((r) => r.route?.startsWith('/users/@me'));
    expect(userCalls.map((r) => [r.auth, r.userId])).toEqual(
      userCalls.map(() => ['bearer', demo.alice]),
    );
  });

  it('maps Discord failures onto coded errors', async () => {
    const c = client();
    await expect(c.bot.guild('1180000000000000999')).rejects.toMatchObject({
      code: 'PN_DISCORD_NOT_FOUND',
      statusCode: 404,
      details: { discordCode: 10004 },
    });
    await expect(c.bot.guildRoles(demo.vikingGuild)).rejects.toMatchObject({
      code: 'PN_DISCORD_FORBIDDEN',
    });
    await expect(c.asUser('not-a-token').currentUser()).rejects.toMatchObject({
      code: 'PN_DISCORD_UNAUTHORIZED',
    });
    await expect(c.bot.guildMembers(demo.devGuild, { limit: 5000 })).rejects.toMatchObject({
      code: 'PN_DISCORD_REJECTED',
      details: { discordCode: 50035 },
    });
    // A 401 on a user call must not poison later bot calls.
    expect((await c.bot.currentUser()).id).toBe(demo.clientId);
    const unconfigured = client({ botToken: null, clientId: null });
    await expect(unconfigured.bot.currentUser()).rejects.toMatchObject({
      code: 'PN_DISCORD_NOT_CONFIGURED',
    });
    expect(unconfigured.oauth2).toBeNull();
    expect(c.oauth2).toMatchObject({ tokenUrl: `${discord.apiUrl}/oauth2/token` });
  });

  it('retries 5xx with growing backoff and gives up with PN_DISCORD_UNAVAILABLE', async () => {
    const c = client({ retries: 3, retryBaseMs: 40 });
    discord.control.setFaults([
      { kind: 'status', status: 503, count: 2, path: '/api/v10/users/@me' },
    ]);
    expect((await c.bot.currentUser()).id).toBe(demo.clientId);
    const attempts = calls('/users/@me');
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    const gaps = attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(attempts[i]!.at));
    expect(gaps[0]).toBeGreaterThanOrEqual(40);
    expect(gaps[1]).toBeGreaterThanOrEqual(80);

    discord.control.clearRequests();
    discord.control.setFaults([
      { kind: 'status', status: 502, count: 10, path: '/api/v10/users/@me' },
    ]);
    await expect(c.bot.currentUser()).rejects.toMatchObject({
      code: 'PN_DISCORD_UNAVAILABLE',
      statusCode: 502,
    });
    expect(calls('/users/@me')).toHaveLength(4);
  });

  it('does not repeat a POST Discord may have applied', async () => {
    const c = client();
    discord.control.setFaults([{ kind: 'status', status: 500, count: 1, method: 'POST' }]);
    await expect(c.bot.createMessage(demo.devGeneral, { content: 'once' })).rejects.toMatchObject({
      code: 'PN_DISCORD_UNAVAILABLE',
    });
    expect(calls('/channels/:channel_id/messages')).toHaveLength(1);
  });

  it('reports a dropped connection as unavailable', async () => {
    const c = client({ retries: 1 });
    discord.control.setFaults([{ kind: 'drop', count: 5, path: '/api/v10/users/@me' }]);
    await expect(c.bot.currentUser()).rejects.toMatchObject({ code: 'PN_DISCORD_UNAVAILABLE' });
  });

  it('times out a hanging call', async () => {
    const c = client({ retries: 0, timeoutMs: 100 });
    discord.control.setFaults([{ kind: 'delay', ms: 1000, path: '/api/v10/users/@me' }]);
    await expect(c.bot.currentUser()).rejects.toMatchObject({
      code: 'PN_DISCORD_UNAVAILABLE',
      message: /timed out/,
    });
  });
});

describe('rate limits', () => {
  const limitUsersMe = () =>
    discord.control.setRateLimits({
      routes: [{ method: 'GET', route: '/users/@me', limit: 2, windowMs: 1000 }],
    });

  it('waits retry_after on a 429 and sends the call once more, no storm', async () => {
    limitUsersMe();
    // Someone else spent the bucket: the client learns it from its 429.
    for (let i = 0; i < 2; i++)
      await fetch(`${discord.apiUrl}/users/@me`, {
        headers: { authorization: `Bot ${demo.botToken}` },
      });
    const c = client();
    const started = Date.now();
    expect((await c.bot.currentUser()).id).toBe(demo.clientId);
    const attempts = calls('/users/@me').slice(2);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('queues a burst inside the bucket instead of hammering Discord', async () => {
    limitUsersMe();
    const c = client();
    const users = await Promise.all(Array.from({ length: 6 }, () => c.bot.currentUser()));
    expect(users).toHaveLength(6);
    const attempts = calls('/users/@me');
    expect(attempts.filter((a) => a.status === 429).length).toBeLessThanOrEqual(1);
    expect(attempts.filter((a) => a.status === 200)).toHaveLength(6);
  });

  it('shares an exhausted bucket between replicas', async () => {
    limitUsersMe();
    const kv: KeyValueStore = new MemoryKeyValueStore();
    const rateLimiter: RateLimiter = new MemoryRateLimiter();
    const a = client({ kv, rateLimiter });
    const b = client({ kv, rateLimiter });
    await a.bot.currentUser();
    await a.bot.currentUser();
    await b.bot.currentUser();
    expect(calls('/users/@me').map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('keeps replicas together under the global budget', async () => {
    const kv = new MemoryKeyValueStore();
    const rateLimiter = new MemoryRateLimiter();
    const a = client({ kv, rateLimiter, globalPerSecond: 2 });
    const b = client({ kv, rateLimiter, globalPerSecond: 2 });
    await a.bot.currentUser();
    await a.bot.guild(demo.devGuild);
    const started = Date.now();
    await b.bot.guildRoles(demo.devGuild);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('fails fast with PN_DISCORD_RATE_LIMITED when the wait would be too long', async () => {
    discord.control.setRateLimits({
      routes: [{ method: 'GET', route: '/users/@me', limit: 1, windowMs: 60_000 }],
    });
    const c = client({ maxRateLimitWaitMs: 1000 });
    await c.bot.currentUser();
    await expect(c.bot.currentUser()).rejects.toMatchObject({
      code: 'PN_DISCORD_RATE_LIMITED',
      statusCode: 429,
    });
    expect(calls('/users/@me').filter((r) => r.status === 429).length).toBeLessThanOrEqual(1);
  });

  it('builds avatar URLs', () => {
    const c = client();
    expect(c.avatarUrl({ id: demo.alice, avatar: 'abc' })).toBe(
      `https://cdn.discordapp.com/avatars/${demo.alice}/abc.png?size=128`,
    );
    expect(c.avatarUrl({ id: demo.alice, avatar: 'a_abc' }, 64)).toMatch(/\.gif\?size=64$/);
    expect(c.avatarUrl({ id: demo.alice, avatar: null })).toMatch(
      /^https:\/\/cdn\.discordapp\.com\/embed\/avatars\/[0-5]\.png$/,
    );
  });
});
