import { afterEach, describe, expect, it } from 'vitest';
import { bearer, demo, startTestEmulator, type TestEmulator } from '../__fixtures__/harness.ts';
import { DEFAULT_RATE_LIMITS, mergeRateLimits, RateLimiter } from './rate-limit.ts';

let emu: TestEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('per-route buckets', () => {
  it('sends the rate-limit headers and a 429 with Retry-After when a bucket is empty', async () => {
    emu = await startTestEmulator({
      rateLimits: {
        global: { limit: 1000, windowMs: 1000 },
        routes: [{ method: 'GET', route: '/guilds/:guild_id/roles', limit: 2, windowMs: 5000 }],
      },
    });
    const path = `/guilds/${demo.devGuild}/roles`;
    const first = await emu.bot(path);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset-after')).toBe('5.000');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeCloseTo(
      (emu.control.now() + 5000) / 1000,
      3,
    );
    const bucket = first.headers.get('x-ratelimit-bucket');
    expect(bucket).toMatch(/^[0-9a-f]{32}$/);
    emu.tick(1500);
    const second = await emu.bot(path);
    expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(second.headers.get('x-ratelimit-reset-after')).toBe('3.500');
    const limited = await emu.bot(path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('4');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-global')).toBeNull();
    expect(limited.headers.get('x-ratelimit-bucket')).toBe(bucket);
    expect(await limited.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 3.5,
      global: false,
    });
    // Another guild is another major parameter: its own counter, same bucket hash.
    const other = await emu.bot(`/guilds/${demo.blockyGuild}/roles`);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-bucket')).toBe(bucket);
    emu.tick(3500);
    const reset = await emu.bot(path);
    expect(reset.status).toBe(200);
    expect(reset.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('counts each token separately unless the route is shared', async () => {
    emu = await startTestEmulator({
      rateLimits: {
        routes: [
          { method: 'GET', route: '/users/@me', limit: 1, windowMs: 1000 },
          { method: 'GET', route: '/users/@me/guilds', limit: 1, windowMs: 1000, scope: 'shared' },
        ],
      },
    });
    const alice = await emu.login(demo.alice);
    const bob = await emu.login(demo.bob);
    expect((await emu.api('/users/@me', bearer(alice.access_token))).status).toBe(200);
    expect((await emu.api('/users/@me', bearer(bob.access_token))).status).toBe(200);
    expect((await emu.api('/users/@me', bearer(alice.access_token))).status).toBe(429);
    expect((await emu.api('/users/@me/guilds', bearer(alice.access_token))).status).toBe(200);
    const shared = await emu.api('/users/@me/guilds', bearer(bob.access_token));
    expect(shared.status).toBe(429);
    expect(shared.headers.get('x-ratelimit-scope')).toBe('shared');
  });

  it('applies Discord-like defaults: 5 messages per 5 seconds per channel', async () => {
    emu = await startTestEmulator({ rateLimits: {} });
    const send = (channel: string) =>
      emu!.bot(`/channels/${channel}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'x' }),
      });
    // The harness raises the default and global limits; restore the real defaults.
    emu.control.setRateLimits({
      global: DEFAULT_RATE_LIMITS.global,
      defaultRoute: DEFAULT_RATE_LIMITS.defaultRoute,
    });
    for (let i = 0; i < 5; i++) expect((await send(demo.devStatus)).status).toBe(200);
    expect((await send(demo.devStatus)).status).toBe(429);
    expect((await send(demo.devGeneral)).status).toBe(200);
  });
});

describe('global limit', () => {
  it('answers a global 429 past the per-token limit, and exempts interaction routes', async () => {
    emu = await startTestEmulator({ rateLimits: { global: { limit: 3, windowMs: 1000 } } });
    for (let i = 0; i < 3; i++) expect((await emu.bot('/users/@me')).status).toBe(200);
    const limited = await emu.bot(`/guilds/${demo.devGuild}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-global')).toBe('true');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('global');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 1,
      global: true,
    });
    // Interaction callbacks are outside the global limit.
    const callback = await emu.api('/interactions/1/nope/callback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":4}',
    });
    expect(callback.status).toBe(404);
    // Another token has its own global counter.
    const user = await emu.login(demo.alice);
    expect((await emu.api('/users/@me', bearer(user.access_token))).status).toBe(200);
    emu.tick(1000);
    expect((await emu.bot('/users/@me')).status).toBe(200);
    const log = emu.control.requests({ path: `/guilds/${demo.devGuild}` });
    expect(log.at(-1)).toMatchObject({ status: 429, rateLimited: true, auth: 'bot' });
  });

  it('limits can be changed at run time through the control API', async () => {
    emu = await startTestEmulator();
    const put = await emu.raw('/_control/rate-limits', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ global: { limit: 1, windowMs: 60000 } }),
    });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { global: unknown }).global).toEqual({
      limit: 1,
      windowMs: 60000,
    });
    expect((await emu.bot('/users/@me')).status).toBe(200);
    const limited = await emu.bot('/users/@me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    const bad = await emu.raw('/_control/rate-limits', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ global: { limit: 0, windowMs: 1 } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe(
      'PN_DISCORD_EMULATOR_INVALID_ARGUMENT',
    );
  });
});

describe('RateLimiter', () => {
  it('merges route rules by method and route', () => {
    const merged = mergeRateLimits(DEFAULT_RATE_LIMITS, {
      routes: [
        { method: 'POST', route: '/channels/:channel_id/messages', limit: 1, windowMs: 10 },
        { route: '/users/@me', limit: 7, windowMs: 10 },
      ],
    });
    expect(merged.routes.filter((r) => r.route === '/channels/:channel_id/messages')).toEqual([
      { method: 'POST', route: '/channels/:channel_id/messages', limit: 1, windowMs: 10 },
    ]);
    expect(merged.routes.at(-1)).toEqual({ route: '/users/@me', limit: 7, windowMs: 10 });
    expect(merged.global).toBe(DEFAULT_RATE_LIMITS.global);
  });

  it('shares a counter between routes naming the same bucket', () => {
    let now = 0;
    const limiter = new RateLimiter(
      mergeRateLimits(DEFAULT_RATE_LIMITS, {
        routes: [
          { method: 'GET', route: '/a', limit: 1, windowMs: 100, bucket: 'ab' },
          { method: 'GET', route: '/b', limit: 1, windowMs: 100, bucket: 'ab' },
        ],
      }),
      () => now,
    );
    const hit = (route: string) =>
      limiter.check({ identity: 't', method: 'GET', route, params: {}, exemptFromGlobal: false });
    expect(hit('/a').allowed).toBe(true);
    expect(hit('/b').allowed).toBe(false);
    now = 100;
    expect(hit('/b').allowed).toBe(true);
  });
});
