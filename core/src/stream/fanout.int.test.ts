import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PERMISSIONS_CHANGED_TOPIC,
  STREAM_BUS_PREFIX,
  STREAM_PATH,
  publishToStream,
  streamTopics,
} from '@pteronimbus/sdk';
import { createTestDatabase, testIdentityPlugin, type TestDatabase } from '@pteronimbus/testing';
import { buildApp } from '../app.ts';
import { defineConfig } from '../config/load.ts';
import { StreamClient } from './__fixtures__/client.ts';

// Two core replicas on one Redis and one database, as in production behind a load balancer.
describe('stream fan-out between replicas', () => {
  const redisUrl = process.env.TEST_REDIS_URL;
  const keyPrefix = `pn:test:${randomBytes(6).toString('hex')}:`;
  const grants = { alice: { t1: ['server.read'] } };
  const replicas: Array<{ app: FastifyInstance; url: string }> = [];
  let database: TestDatabase;
  let redis: Redis;
  const dataDirs: string[] = [];
  const clients: StreamClient[] = [];
  const topic = streamTopics.serverStatus('t1', 's1');

  beforeAll(async () => {
    if (!redisUrl)
      throw new Error('TEST_REDIS_URL must point at a Redis server for the fan-out test');
    database = await createTestDatabase();
    redis = new Redis(redisUrl);
    for (const name of ['a', 'b']) {
      const dataDir = await mkdtemp(join(tmpdir(), `pn-fanout-${name}-`));
      dataDirs.push(dataDir);
      const app = await buildApp(
        defineConfig({
          databaseUrl: database.url,
          redisUrl,
          dataDir,
          secretKey: 'fan-out-test-secret-key-of-enough-length-0123456789',
          webRoot: false,
          logLevel: 'silent',
          plugins: [],
          // The stand-in identity decides alone: no bot answers for guild membership here.
          insecureSkipTenantCheck: true,
        }),
        {
          plugins: [testIdentityPlugin({ grants })],
          keyPrefix,
          rateLimitPerMinute: 1_000_000,
          logStream: new Writable({ write: (_c, _e, cb) => cb() }),
        },
      );
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      replicas.push({ app, url: `${base.replace('http', 'ws')}${STREAM_PATH}` });
    }
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.ws.terminate();
    for (const r of replicas) await r.app.close();
    redis?.disconnect();
    await database?.drop();
    for (const d of dataDirs) await rm(d, { recursive: true, force: true });
  });

  const open = async (replica: number) => {
    const c = await StreamClient.open(replicas[replica]!.url, { 'x-test-user': 'alice' });
    clients.push(c);
    return c;
  };

  it("delivers replica A's publish to sockets on replica B, one bus subscription per replica", async () => {
    const onA = await open(0);
    const onB1 = await open(1);
    const onB2 = await open(1);
    for (const c of [onA, onB1, onB2])
      expect(await c.request({ id: 1, type: 'subscribe', topic })).toMatchObject({
        type: 'subscribed',
      });
    const channel = `${keyPrefix}events:${STREAM_BUS_PREFIX}${topic}`;
    const [, subscribers] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    expect(subscribers).toBe(2);

    for (let i = 0; i < 20; i++)
      await publishToStream(replicas[0]!.app.pn.shared.events, topic, { n: i });
    for (const c of [onA, onB1, onB2]) {
      await c.next(() => c.events(topic).length === 20);
      expect(c.events(topic).map((e) => (e.payload as { n: number }).n)).toEqual(
        Array.from({ length: 20 }, (_, i) => i),
      );
    }
  });

  it('drops subscriptions on every replica when permissions change anywhere', async () => {
    const onB = await open(1);
    await onB.request({ id: 1, type: 'subscribe', topic });
    const from = onB.received.length;
    grants.alice.t1 = [];
    await replicas[0]!.app.pn.shared.events.publish(PERMISSIONS_CHANGED_TOPIC, {
      tenantId: 't1',
      userIds: ['alice'],
    });
    expect(await onB.next((m) => m.type === 'error', from)).toMatchObject({
      topic,
      error: { code: 'PN_FORBIDDEN' },
    });
  });
});
