import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBus, JobQueue, KeyValueStore, RateLimiter } from '@pteronimbus/sdk';
import { MemoryEventBus, RedisEventBus } from './events.ts';
import { MemoryJobQueue, RedisJobQueue } from './jobs.ts';
import { MemoryKeyValueStore, RedisKeyValueStore, prefixedKeyValueStore } from './kv.ts';
import { MemoryRateLimiter, RedisRateLimiter } from './rate-limit.ts';

interface Ports {
  kv: KeyValueStore;
  events: EventBus;
  jobs: JobQueue;
  rateLimiter: RateLimiter;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long and how often a contract test looks again for what a port does in the background. */
const settle = { timeout: 5_000, interval: 20 };

function memoryPorts(): Ports {
  const kv = new MemoryKeyValueStore();
  const jobs = new MemoryJobQueue();
  return {
    kv,
    events: new MemoryEventBus(),
    jobs,
    rateLimiter: new MemoryRateLimiter(),
    async close() {
      kv.close();
      await jobs.close();
    },
  };
}

function redisPorts(): Ports {
  const url = process.env.TEST_REDIS_URL;
  if (!url)
    throw new Error('TEST_REDIS_URL must point at a Redis server for the Redis contract tests');
  const redis = new Redis(url);
  const prefix = `pn:contract:${randomBytes(4).toString('hex')}:`;
  const events = new RedisEventBus(redis, { prefix: `${prefix}events:` });
  const jobs = new RedisJobQueue(redis, { prefix: `${prefix}jobs` });
  return {
    kv: new RedisKeyValueStore(redis, prefix),
    events,
    jobs,
    rateLimiter: new RedisRateLimiter(redis, `${prefix}rl:`),
    async close() {
      await jobs.close();
      await events.close();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

describe.each([
  ['in-process', memoryPorts],
  ['redis', redisPorts],
] as const)('ports contract: %s', (_name, make) => {
  let ports: Ports;
  beforeAll(() => {
    ports = make();
  });
  afterAll(async () => {
    await ports.close();
  });

  describe('key-value store', () => {
    it('sets, gets and deletes', async () => {
      expect(await ports.kv.get('a')).toBeNull();
      await ports.kv.set('a', '1');
      expect(await ports.kv.get('a')).toBe('1');
      expect(await ports.kv.delete('a')).toBe(true);
      expect(await ports.kv.delete('a')).toBe(false);
      expect(await ports.kv.get('a')).toBeNull();
    });

    it('expires keys after their ttl', async () => {
      await ports.kv.set('short', 'x', { ttlMs: 60 });
      const ttl = await ports.kv.ttl('short');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
      await sleep(120);
      expect(await ports.kv.get('short')).toBeNull();
      await ports.kv.set('forever', 'x');
      expect(await ports.kv.ttl('forever')).toBeNull();
      expect(await ports.kv.ttl('missing')).toBeNull();
    });

    it('stores only absent keys with setIfAbsent', async () => {
      expect(await ports.kv.setIfAbsent('once', '1', { ttlMs: 10_000 })).toBe(true);
      expect(await ports.kv.setIfAbsent('once', '2')).toBe(false);
      expect(await ports.kv.get('once')).toBe('1');
    });

    it('takes a value exactly once', async () => {
      await ports.kv.set('token', 'secret');
      const results = await Promise.all([ports.kv.take('token'), ports.kv.take('token')]);
      expect(results.filter((r) => r === 'secret')).toHaveLength(1);
      expect(await ports.kv.get('token')).toBeNull();
    });

    it('increments atomically and keeps the first expiry', async () => {
      const values = await Promise.all(
        Array.from({ length: 20 }, () => ports.kv.increment('counter', 1, { ttlMs: 10_000 })),
      );
      expect(values.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await ports.kv.increment('counter', 5)).toBe(25);
      expect(await ports.kv.ttl('counter')).toBeGreaterThan(9_000);
    });

    it('isolates prefixed views', async () => {
      const a = prefixedKeyValueStore(ports.kv, 'pa:');
      const b = prefixedKeyValueStore(ports.kv, 'pb:');
      await a.set('k', 'from a');
      expect(await b.get('k')).toBeNull();
      expect(await a.get('k')).toBe('from a');
      expect(await ports.kv.get('pa:k')).toBe('from a');
    });
  });

  describe('event bus', () => {
    it('delivers to exact and prefix subscribers until they unsubscribe', async () => {
      const exact: unknown[] = [];
      const prefix: string[] = [];
      const offExact = await ports.events.subscribe<{ n: number }>('server.status', (e) =>
        exact.push(e.payload),
      );
      const offPrefix = await ports.events.subscribe('server.*', (e) => prefix.push(e.topic));
      await ports.events.publish('server.status', { n: 1 });
      await ports.events.publish('server.console', { n: 2 });
      await ports.events.publish('tenant.events', { n: 3 });
      await expect.poll(() => prefix.length, settle).toBeGreaterThanOrEqual(2);
      expect(exact).toEqual([{ n: 1 }]);
      expect(prefix).toEqual(['server.status', 'server.console']);
      await offExact();
      await offPrefix();
      await ports.events.publish('server.status', { n: 4 });
      await sleep(100);
      expect(exact).toHaveLength(1);
    });

    it('stamps events with topic and time, in publish order', async () => {
      const got: Array<{ topic: string; at: number; payload: unknown }> = [];
      const off = await ports.events.subscribe<number>('order', (e) => got.push(e));
      for (let i = 0; i < 10; i++) await ports.events.publish('order', i);
      await expect.poll(() => got.length, settle).toBeGreaterThanOrEqual(10);
      expect(got.map((e) => e.payload)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(got[0]!.topic).toBe('order');
      expect(Math.abs(got[0]!.at - Date.now())).toBeLessThan(5_000);
      await off();
    });

    it('keeps delivering when one handler throws', async () => {
      const got: number[] = [];
      const offBad = await ports.events.subscribe('throwing', () => {
        throw new Error('handler bug');
      });
      const offGood = await ports.events.subscribe<number>('throwing', (e) => got.push(e.payload));
      await ports.events.publish('throwing', 1);
      await ports.events.publish('throwing', 2);
      await expect.poll(() => got.length, settle).toBeGreaterThanOrEqual(2);
      expect(got).toEqual([1, 2]);
      await offBad();
      await offGood();
    });
  });

  describe('job queue', () => {
    it('runs jobs with their data', async () => {
      const seen: Array<{ name: string; data: unknown; attempt: number }> = [];
      ports.jobs.process<{ x: number }>('plain', async (job) => {
        seen.push({ name: job.name, data: job.data, attempt: job.attempt });
      });
      await ports.jobs.add('plain', { x: 1 });
      await ports.jobs.add('plain', { x: 2 });
      await expect.poll(() => seen.length, settle).toBeGreaterThanOrEqual(2);
      expect(seen).toEqual([
        { name: 'plain', data: { x: 1 }, attempt: 1 },
        { name: 'plain', data: { x: 2 }, attempt: 1 },
      ]);
    });

    it('retries a failing job with backoff up to its attempts', async () => {
      const attempts: number[] = [];
      ports.jobs.process('flaky', async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < 3) throw new Error('not yet');
      });
      await ports.jobs.add('flaky', {}, { attempts: 3, backoffMs: 20 });
      await expect.poll(() => attempts.length, settle).toBeGreaterThanOrEqual(3);
      await sleep(150);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('does not add a job twice while one with the same id is pending', async () => {
      let runs = 0;
      await ports.jobs.add('dedupe', {}, { jobId: 'same', delayMs: 100 });
      await ports.jobs.add('dedupe', {}, { jobId: 'same', delayMs: 100 });
      ports.jobs.process('dedupe', async () => {
        runs++;
      });
      await expect.poll(() => runs, settle).toBeGreaterThanOrEqual(1);
      await sleep(300);
      expect(runs).toBe(1);
    });

    it('waits for the delay before running', async () => {
      let ranAt = 0;
      ports.jobs.process('later', async () => {
        ranAt = Date.now();
      });
      const addedAt = Date.now();
      await ports.jobs.add('later', {}, { delayMs: 250 });
      await expect.poll(() => ranAt, settle).toBeGreaterThan(0);
      expect(ranAt - addedAt).toBeGreaterThanOrEqual(200);
    });

    it('refuses a second handler for the same job name', () => {
      ports.jobs.process('single', async () => {});
      expect(() => ports.jobs.process('single', async () => {})).toThrow(
        expect.objectContaining({ code: 'PN_JOB_HANDLER_DUPLICATE' }),
      );
    });
  });

  describe('rate limiter', () => {
    it('allows up to the limit in a window, then refuses until it resets', async () => {
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await ports.rateLimiter.consume('ip:1', 3, 200));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      expect(results[3]!.resetMs).toBeGreaterThan(0);
      expect(results[3]!.resetMs).toBeLessThanOrEqual(200);
      await sleep(250);
      expect((await ports.rateLimiter.consume('ip:1', 3, 200)).allowed).toBe(true);
    });

    it('counts keys separately and honours cost', async () => {
      expect((await ports.rateLimiter.consume('ip:2', 5, 1_000, 5)).allowed).toBe(true);
      expect((await ports.rateLimiter.consume('ip:2', 5, 1_000)).allowed).toBe(false);
      expect((await ports.rateLimiter.consume('ip:3', 5, 1_000)).allowed).toBe(true);
    });
  });
});
