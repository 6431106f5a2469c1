// Fault: Redis frozen, then killed and restarted, while three core replicas serve. Redis is a
// server of this test's own on a port of its own (never the machine's shared one); the replicas
// share it, one PostgreSQL database and one key prefix, as in production.
// What must hold: while Redis does not answer, requests answer a coded 503 within seconds (no
// hang, no 500); afterwards, on every replica, sessions work again (kept across a freeze, a new
// login after a restart empties Redis), stream events fan out between replicas again, jobs run
// again; nothing in PostgreSQL is lost.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoSeedPath,
  loadSeedFile,
  startDiscordEmulator,
  type DiscordEmulator,
} from '@pteronimbus/discord-emulator';
import { authDiscordPlugin } from '@pteronimbus/plugin-auth-discord';
import { publishToStream, streamTopics, STREAM_PATH, type Job } from '@pteronimbus/sdk';
import { testIdentityPlugin } from '@pteronimbus/testing';
import { startRedis, type RedisProcess } from '../src/index.ts';
import { sharedDatabase, startReplicas, type Replicas } from './replicas.ts';

const PUBLIC_URL = 'http://localhost:3000';
const ALICE = '1104000000000000101';
/** A guild id: the tenant guard refuses anything else before looking it up. */
const TENANT = '1104000000000000900';
const topic = streamTopics.serverStatus(TENANT, 's1');

/** Cookies of one browser, as `name=value`. */
type Jar = Map<string, string>;
const cookieHeader = (jar: Jar) =>
  [...jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
function absorb(jar: Jar, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    const value = decodeURIComponent(pair!.slice(eq + 1));
    if (value === '' || /max-age=0/i.test(line)) jar.delete(pair!.slice(0, eq));
    else jar.set(pair!.slice(0, eq), value);
  }
}
async function send(base: string, jar: Jar, method: string, path: string): Promise<Response> {
  const res = await fetch(new URL(path, base), {
    method,
    redirect: 'manual',
    headers: {
      ...(jar.size ? { cookie: cookieHeader(jar) } : {}),
      // What the panel's own pages send with a state-changing request.
      ...(method === 'POST' ? { 'sec-fetch-site': 'same-origin', origin: PUBLIC_URL } : {}),
    },
    signal: AbortSignal.timeout(20_000),
  });
  absorb(jar, res);
  return res;
}

/** A stream subscriber on one replica, collecting the payloads of `topic`. */
async function subscriber(url: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}${STREAM_PATH}`, {
    // A super admin: this test is about delivery, not about tenant membership.
    headers: { 'x-test-user': 'alice', 'x-test-super': '1' },
  });
  const got: number[] = [];
  let subscribed = false;
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as {
      type: string;
      topic?: string;
      payload?: { n: number };
    };
    if (m.type === 'subscribed') subscribed = true;
    if (m.type === 'event' && m.topic === topic) got.push(m.payload!.n);
  });
  ws.on('error', () => {});
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ id: 1, type: 'subscribe', topic }));
  await expect.poll(() => subscribed).toBe(true);
  return { ws, got };
}

describe('fault: Redis frozen, killed and restarted under three core replicas', () => {
  let redis: RedisProcess;
  let database: Awaited<ReturnType<typeof sharedDatabase>>;
  let discord: DiscordEmulator;
  let replicas: Replicas;
  const ran = new Map<string, number>();
  /** A stream subscription opened before any fault and kept through all of them. */
  let kept: Awaited<ReturnType<typeof subscriber>>;
  const ready = async () => {
    for (const u of replicas.urls)
      await expect
        .poll(async () => (await fetch(new URL('/readyz', u))).status, { timeout: 30_000 })
        .toBe(200);
  };
  const jar: Jar = new Map();

  const url = (i: number) => replicas.urls[i]!;
  const login = async (jarOf: Jar, at: number) => {
    const start = await send(url(at), jarOf, 'GET', '/auth/login');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    authorize.searchParams.set('auto_approve_user', ALICE);
    const consent = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    const done = await send(url(at), jarOf, 'GET', callback.pathname + callback.search);
    expect(done.status).toBe(302);
    expect(jarOf.has('pn_access')).toBe(true);
  };
  const me = (i: number) => send(url(i), jar, 'GET', '/auth/me');
  const refresh = (i: number) => send(url(i), jar, 'POST', '/auth/refresh');
  const jobsRun = async (tag: string, count: number) => {
    for (let i = 0; i < count; i++)
      await replicas.apps[i % 3]!.pn.shared.jobs.add(
        'fault.echo',
        { tag, i },
        { jobId: `${tag}-${i}` },
      );
    await expect
      .poll(() => [...ran.keys()].filter((k) => k.startsWith(`${tag}-`)).length, {
        timeout: 30_000,
      })
      .toBe(count);
    // Each job ran once, though three replicas' workers share the queue.
    for (const [k, times] of ran) if (k.startsWith(`${tag}-`)) expect(times, k).toBe(1);
  };
  const fansOut = async (from: number, to: number, base: number) => {
    const sub = await subscriber(url(to));
    try {
      for (let n = base; n < base + 5; n++)
        await publishToStream(replicas.apps[from]!.pn.shared.events, topic, { n });
      await expect
        .poll(() => sub.got, { timeout: 15_000 })
        .toEqual([0, 1, 2, 3, 4].map((n) => n + base));
    } finally {
      sub.ws.terminate();
    }
  };

  beforeAll(async () => {
    const seed = await loadSeedFile(demoSeedPath);
    seed.application.redirectUris = [`${PUBLIC_URL}/auth/callback`];
    [redis, database, discord] = await Promise.all([
      startRedis(),
      sharedDatabase(),
      startDiscordEmulator({ seed, port: 0 }),
    ]);
    replicas = await startReplicas({
      count: 3,
      databaseUrl: database.url,
      redisUrl: redis.url,
      plugins: [
        authDiscordPlugin,
        testIdentityPlugin({ grants: { alice: { [TENANT]: ['server.read'] } } }),
      ] as never[],
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
    // The stream's tenant check needs an installed tenant.
    await replicas.apps[0]!.pn.db.query(
      `insert into "pn_tenants" ("id", "name", "icon", "owner_id", "installed_by") values ($2, 'Faults', null, $1, $1)`,
      [ALICE, TENANT],
    );
    for (const app of replicas.apps)
      app.pn.shared.jobs.process('fault.echo', async (job: Job<{ tag: string; i: number }>) => {
        ran.set(
          `${job.data.tag}-${job.data.i}`,
          (ran.get(`${job.data.tag}-${job.data.i}`) ?? 0) + 1,
        );
      });
  }, 180_000);

  afterAll(async () => {
    kept?.ws.terminate();
    redis?.resume();
    await replicas?.close();
    await redis?.stop();
    await discord?.close();
    await database?.drop();
  });

  it('works across replicas before any fault: a session from one, streams and jobs between all', async () => {
    await login(jar, 0);
    // A replica that reloaded its keys less than a second ago takes a moment to see a new one.
    for (const i of [0, 1, 2])
      await expect.poll(async () => (await me(i)).status, { timeout: 5_000 }).toBe(200);
    expect((await refresh(1)).status).toBe(200);
    await fansOut(0, 2, 0);
    kept = await subscriber(url(1));
    await jobsRun('before', 6);
  });

  it('answers a coded 503 within seconds, on every replica, while Redis is frozen', async () => {
    redis.pause();
    try {
      for (const i of [0, 1, 2]) {
        const started = Date.now();
        const res = await refresh(i);
        expect(Date.now() - started).toBeLessThan(15_000);
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
          'PN_REDIS_UNAVAILABLE',
        );
      }
      const ready = await fetch(new URL('/readyz', url(1)));
      expect(ready.status).toBe(503);
    } finally {
      redis.resume();
    }
  });

  it('keeps sessions, streams and jobs once a frozen Redis answers again', async () => {
    await expect.poll(async () => (await refresh(2)).status, { timeout: 30_000 }).toBe(200);
    for (const i of [0, 1, 2]) expect((await me(i)).status).toBe(200);
    await ready();
    await fansOut(1, 0, 10);
    // The subscription made before the freeze still delivers.
    await publishToStream(replicas.apps[2]!.pn.shared.events, topic, { n: 100 });
    await expect.poll(() => kept.got.at(-1), { timeout: 15_000 }).toBe(100);
    await jobsRun('after-freeze', 6);
  });

  it('recovers from a killed and restarted (empty) Redis: new logins, fan-out and jobs, nothing in PostgreSQL lost', async () => {
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const count = async () =>
        Number(
          (
            await db.query<{ n: string }>(
              `select (select count(*) from "auth_discord_sessions") + (select count(*) from "pn_audit_log") as n`,
            )
          ).rows[0]!.n,
        );
      const before = await count();
      await redis.kill();
      await sleep(300);
      const down = await refresh(0);
      expect(down.status).toBe(503);
      expect(((await down.json()) as { error: { code: string } }).error.code).toBe(
        'PN_REDIS_UNAVAILABLE',
      );
      await redis.start();
      await ready();
      // The refresh tokens lived in the lost Redis: the session ends with a coded 401, and a new
      // login works on any replica.
      const ended = await send(url(1), new Map(jar), 'POST', '/auth/refresh');
      expect(ended.status).toBe(401);
      expect(((await ended.json()) as { error: { code: string } }).error.code).toMatch(/^PN_AUTH_/);
      const again: Jar = new Map();
      await login(again, 2);
      for (const i of [0, 1, 2])
        await expect
          .poll(async () => (await send(url(i), again, 'GET', '/auth/me')).status)
          .toBe(200);
      // The subscription made before the kill is subscribed again by the replica, on its own.
      await expect
        .poll(
          async () => {
            await publishToStream(replicas.apps[0]!.pn.shared.events, topic, { n: 200 });
            return kept.got.includes(200);
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(true);
      await fansOut(2, 1, 20);
      await jobsRun('after-restart', 6);
      // PostgreSQL kept every session and audit entry; the new login only added some.
      expect(await count()).toBeGreaterThan(before);
    } finally {
      await db.end();
    }
  });
});
