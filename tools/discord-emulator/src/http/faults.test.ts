import { describe, expect, it } from 'vitest';
import { demo, type TestEmulator, useSharedEmulator } from '../__fixtures__/harness.ts';
import { FaultInjector } from './faults.ts';

let emu: TestEmulator;
useSharedEmulator((e) => (emu = e));

describe('fault injection', () => {
  it('answers the next N requests with 500, 502 or 503 as Discord’s edge does, then recovers', async () => {
    emu.control.setFaults([
      { kind: 'status', status: 500, count: 2, path: '/api/v10/users/@me' },
      { kind: 'status', status: 502, path: '/api/v10/guilds/:guild_id' },
      { kind: 'status', status: 503, method: 'GET', path: '/api/v10/guilds/:guild_id/*' },
    ]);
    const first = await emu.bot('/users/@me');
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({ message: '500: Internal Server Error', code: 0 });
    expect((await emu.bot('/users/@me')).status).toBe(500);
    expect((await emu.bot('/users/@me')).status).toBe(200);
    const badGateway = await emu.bot(`/guilds/${demo.devGuild}`);
    expect(badGateway.status).toBe(502);
    expect(badGateway.headers.get('content-type')).toMatch(/text\/html/);
    const unavailable = await emu.bot(`/guilds/${demo.devGuild}/roles`);
    expect(unavailable.status).toBe(503);
    expect(await unavailable.text()).toContain('upstream connect error');
    expect((await emu.bot(`/guilds/${demo.devGuild}/roles`)).status).toBe(200);
    expect(emu.control.faults()).toEqual([]);
  });

  it('answers a 429 storm as Discord does, per route or global, then recovers', async () => {
    emu.control.setFaults([
      { kind: 'rateLimit', retryAfterMs: 1500, count: 2, path: '/api/v10/users/@me' },
      { kind: 'rateLimit', retryAfterMs: 250, global: true, path: '/api/v10/guilds/:guild_id' },
    ]);
    const limited = await emu.bot('/users/@me');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 1.5,
      global: false,
    });
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.headers.get('x-ratelimit-reset-after')).toBe('1.500');
    expect((await emu.bot('/users/@me')).status).toBe(429);
    expect((await emu.bot('/users/@me')).status).toBe(200);
    const global = await emu.bot(`/guilds/${demo.devGuild}`);
    expect(global.status).toBe(429);
    expect(global.headers.get('x-ratelimit-global')).toBe('true');
    expect(((await global.json()) as { global: boolean }).global).toBe(true);
    expect((await emu.bot(`/guilds/${demo.devGuild}`)).status).toBe(200);
    expect(
      emu.control.requests({ path: '/api/v10/users/@me' }).map((r) => [r.status, r.fault]),
    ).toEqual(expect.arrayContaining([[429, 'rateLimit']]));
    expect(() => emu.control.addFault({ kind: 'rateLimit', retryAfterMs: 0 } as never)).toThrow(
      /retryAfterMs/,
    );
  });

  it('only consumes faults on matching requests', async () => {
    emu.control.addFault({ kind: 'status', status: 500, method: 'POST' });
    expect((await emu.bot('/users/@me')).status).toBe(200);
    expect(emu.control.faults()).toHaveLength(1);
    const post = await emu.bot(`/channels/${demo.devStatus}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"content":"x"}',
    });
    expect(post.status).toBe(500);
    expect(emu.control.messages()).toEqual([]);
  });

  it('delays responses', async () => {
    emu.control.addFault({ kind: 'delay', ms: 300 });
    const started = performance.now();
    const response = await emu.bot('/users/@me');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('drops the connection without an answer', async () => {
    const put = await emu.raw('/_control/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ kind: 'drop', path: '/api/v10/users/*' }]),
    });
    expect(put.status).toBe(204);
    await expect(emu.bot('/users/@me')).rejects.toThrow();
    expect((await emu.bot('/users/@me')).status).toBe(200);
    expect(emu.control.requests({ path: '/users/@me' })[0]).toMatchObject({
      status: 0,
      fault: 'drop',
    });
  });

  it('refuses nonsense faults with a coded error', async () => {
    expect(() => emu.control.addFault({ kind: 'status', status: 404 as 500 })).toThrow(
      expect.objectContaining({ code: 'PN_DISCORD_EMULATOR_INVALID_ARGUMENT' }),
    );
    const response = await emu.raw('/_control/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'explode' }),
    });
    expect(response.status).toBe(400);
  });
});

describe('FaultInjector', () => {
  it('matches templates segment by segment', () => {
    const faults = new FaultInjector();
    faults.set([{ kind: 'drop', path: '/api/v10/guilds/:guild_id/members', count: 5 }]);
    expect(faults.take('GET', '/api/v10/guilds/1/members/2')).toBeUndefined();
    expect(faults.take('GET', '/api/v10/guilds/1/roles')).toBeUndefined();
    expect(faults.take('GET', '/api/v10/guilds/1/members')).toMatchObject({ kind: 'drop' });
    expect(faults.list()[0]!.remaining).toBe(4);
  });
});
