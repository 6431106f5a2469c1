import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PERMISSIONS_CHANGED_TOPIC,
  SESSION_ENDED_TOPIC,
  STREAM_BUS_PREFIX,
  STREAM_PATH,
  STREAM_TICKET_PATH,
  StreamCloseCode,
  publishToStream,
  streamTopics,
  type StreamServerMessage,
} from '@pteronimbus/sdk';
import { startTestCore, type TestCore } from '@pteronimbus/testing';
import { TenantStore } from '../tenants/index.ts';
import type { StreamLimits } from './limits.ts';
import {
  SESSION_COOKIE,
  TENANT_A,
  TENANT_B,
  USERS,
  grant,
  holdHistory,
  revoke,
  startDiscordStub,
  streamAccessFixture,
} from './__fixtures__/access.ts';
import { StreamClient, refusedUpgrade } from './__fixtures__/client.ts';

const PUBLIC_URL = 'http://panel.test';
const as = (user: string) => ({ cookie: `${SESSION_COOKIE}=${user}`, origin: PUBLIC_URL });
const status = streamTopics.serverStatus(TENANT_A, 's1');

describe('real-time stream', () => {
  let core: TestCore;
  let discord: Awaited<ReturnType<typeof startDiscordStub>>;
  let url: string;
  const hub = () => core.app.pn.stream;
  const open = (user: string, options = {}) => StreamClient.open(url, as(user), options);
  const publish = (topic: string, payload: unknown) =>
    publishToStream(core.app.pn.shared.events, topic, payload);
  const clients: StreamClient[] = [];
  const track = <T extends StreamClient>(c: T) => (clients.push(c), c);

  /** A core with both tenants installed, with `limits` where the defaults would not do. */
  async function startCore(limits?: Partial<StreamLimits>): Promise<TestCore> {
    const started = await startTestCore({
      plugins: [streamAccessFixture],
      listen: true,
      ...(limits ? { stream: limits } : {}),
      config: {
        publicUrl: PUBLIC_URL,
        discord: { botToken: 'stub-token', apiUrl: discord.apiUrl },
      },
    });
    const tenants = new TenantStore(started.app.pn.db);
    for (const [id, owner] of [
      [TENANT_A, 'alice'],
      [TENANT_B, 'bob'],
    ] as const)
      await tenants.install({
        id,
        name: id,
        icon: null,
        ownerId: USERS[owner]!,
        installedBy: USERS[owner]!,
      });
    return started;
  }

  /** The core every test uses, unless it runs on one of its own (see {@link useLimits}). */
  let main: TestCore;
  let own: TestCore | null = null;
  const use = (c: TestCore) => {
    core = c;
    url = `${c.baseUrl!.replace('http', 'ws')}${STREAM_PATH}`;
  };
  /** The current test runs on a core of its own, built with these limits. */
  async function useLimits(limits: Partial<StreamLimits>) {
    own = await startCore(limits);
    use(own);
  }

  beforeAll(async () => {
    discord = await startDiscordStub();
    main = await startCore();
    use(main);
    grant('alice', TENANT_A, 'server.read', 's1');
    grant('alice', TENANT_A, 'server.console.read', 's1');
  }, 120_000);

  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    if (own) {
      await own.close();
      own = null;
      use(main);
    }
    for (let i = 0; i < 100 && hub().stats().connections > 0; i++) await sleep(20);
  });

  afterAll(async () => {
    await main?.close();
    await discord?.close();
  });

  describe('at the upgrade', () => {
    it('refuses a caller without a session with 401', async () => {
      expect(await refusedUpgrade(url, { origin: PUBLIC_URL })).toEqual({
        status: 401,
        code: 'PN_UNAUTHENTICATED',
      });
    });

    it("refuses a cookie sent from another site's page with 403 (CSWSH)", async () => {
      expect(await refusedUpgrade(url, { ...as('alice'), origin: 'http://evil.test' })).toEqual({
        status: 403,
        code: 'PN_STREAM_ORIGIN_REFUSED',
      });
      // Non-browser clients send no Origin at all.
      const tool = track(await StreamClient.open(url, { cookie: `${SESSION_COOKIE}=alice` }));
      expect((await tool.request({ id: 1, type: 'ping' })).type).toBe('pong');
    });

    it('accepts a one-time ticket once, from any origin, stored only as a hash', async () => {
      const res = await core.inject({
        method: 'POST',
        url: STREAM_TICKET_PATH,
        headers: { 'x-test-user': 'alice' },
      });
      expect(res.statusCode).toBe(201);
      const { ticket, expiresAt } = res.json() as { ticket: string; expiresAt: string };
      expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
      const hash = createHash('sha256').update(ticket).digest('hex');
      expect(await core.app.pn.shared.kv.get(`stream:ticket:${hash}`)).toContain('"alice"');
      expect(await core.app.pn.shared.kv.get(`stream:ticket:${ticket}`)).toBeNull();

      const withTicket = `${url}?ticket=${ticket}`;
      const client = track(
        await StreamClient.open(withTicket, { origin: 'http://elsewhere.test' }),
      );
      expect(await client.request({ id: 's', type: 'subscribe', topic: status })).toMatchObject({
        type: 'subscribed',
      });
      expect(await refusedUpgrade(withTicket)).toEqual({
        status: 401,
        code: 'PN_STREAM_TICKET_INVALID',
      });
      expect(await refusedUpgrade(`${url}?ticket=pnst_made-up`)).toMatchObject({ status: 401 });
      expect((await core.inject({ method: 'POST', url: STREAM_TICKET_PATH })).statusCode).toBe(401);
    });

    it('refuses a ticket whose session ended before it was used, and closes one opened with it', async () => {
      const ticketFor = async (user: string) =>
        (
          (
            await core.inject({
              method: 'POST',
              url: STREAM_TICKET_PATH,
              headers: { 'x-test-user': user },
            })
          ).json() as { ticket: string }
        ).ticket;
      const unused = await ticketFor('alice.41');
      const used = await ticketFor('alice.42');
      const open42 = track(await StreamClient.open(`${url}?ticket=${used}`));
      expect((await open42.request({ id: 1, type: 'ping' })).type).toBe('pong');

      for (const sessionId of ['alice.41', 'alice.42'])
        await core.app.pn.shared.events.publish(SESSION_ENDED_TOPIC, { sessionId });
      expect(await open42.closed).toEqual({
        code: StreamCloseCode.SESSION_ENDED,
        reason: 'session ended',
      });
      for (
        let i = 0;
        i < 100 &&
        !(await core.app.pn.shared.kv.get(
          'stream:ticket:ended:' + createHash('sha256').update('alice.41').digest('hex'),
        ));
        i++
      )
        await sleep(10);
      expect(await refusedUpgrade(`${url}?ticket=${unused}`)).toEqual({
        status: 401,
        code: 'PN_STREAM_TICKET_INVALID',
      });
      // Another session of the same user keeps its tickets.
      const other = track(await StreamClient.open(`${url}?ticket=${await ticketFor('alice.43')}`));
      expect((await other.request({ id: 1, type: 'ping' })).type).toBe('pong');
    });

    it('lets a ticket expire', async () => {
      await useLimits({ ticketTtlMs: 100 });
      const { ticket } = (
        await core.inject({
          method: 'POST',
          url: STREAM_TICKET_PATH,
          headers: { 'x-test-user': 'alice' },
        })
      ).json() as { ticket: string };
      await sleep(250);
      expect(await refusedUpgrade(`${url}?ticket=${ticket}`)).toEqual({
        status: 401,
        code: 'PN_STREAM_TICKET_INVALID',
      });
    });
  });

  describe('subscriptions', () => {
    it('deliver events in order, numbered per topic, with when they were published', async () => {
      const alice = track(await open('alice'));
      const ok = await alice.request({ id: 1, type: 'subscribe', topic: status });
      expect(ok).toMatchObject({
        id: 1,
        type: 'subscribed',
        topic: status,
        replayed: 0,
        reset: false,
      });
      const before = Date.now();
      for (const phase of ['Pending', 'Starting', 'Running']) await publish(status, { phase });
      await alice.next(() => alice.events(status).length === 3);
      const events = alice.events(status);
      expect(events.map((e) => e.payload)).toEqual([
        { phase: 'Pending' },
        { phase: 'Starting' },
        { phase: 'Running' },
      ]);
      const first = (ok as { seq: number }).seq;
      expect(events.map((e) => e.seq)).toEqual([first + 1, first + 2, first + 3]);
      for (const e of events) expect(e.at).toBeGreaterThanOrEqual(before - 5);
    });

    it("refuse another tenant's topics as not found, and name a missing permission", async () => {
      const alice = track(await open('alice'));
      const refusal = async (topic: string) => {
        const m = await alice.request({ id: topic, type: 'subscribe', topic });
        expect(m.type, topic).toBe('error');
        return (m as Extract<StreamServerMessage, { type: 'error' }>).error;
      };
      // Tenant B exists but alice is not in its guild; tenant 999 is not installed at all.
      expect((await refusal(streamTopics.serverStatus(TENANT_B, 's1'))).code).toBe(
        'PN_TENANT_NOT_FOUND',
      );
      expect((await refusal(streamTopics.tenantEvents('999'))).code).toBe('PN_TENANT_NOT_FOUND');
      expect(await refusal(streamTopics.serverConsole(TENANT_A, 's2'))).toEqual({
        code: 'PN_FORBIDDEN',
        message: 'Missing permission server.console.read',
        details: { permission: 'server.console.read' },
      });
      expect((await refusal('server/x')).code).toBe('PN_STREAM_TOPIC_UNKNOWN');
      // The tenant's events are about its servers: a member needs server.read on all of them
      // (alice holds it on s1 only); a non-member is not told the tenant exists.
      expect(await refusal(streamTopics.tenantEvents(TENANT_A))).toEqual({
        code: 'PN_FORBIDDEN',
        message: 'Missing permission server.read',
        details: { permission: 'server.read' },
      });
      grant('alice', TENANT_A, 'server.read');
      try {
        expect(
          await alice.request({
            id: 'ev',
            type: 'subscribe',
            topic: streamTopics.tenantEvents(TENANT_A),
          }),
        ).toMatchObject({ type: 'subscribed' });
        // Taking server.read away drops the subscription at the next permission change.
        revoke('alice', TENANT_A, 'server.read');
        const from = alice.received.length;
        await core.app.pn.shared.events.publish(PERMISSIONS_CHANGED_TOPIC, { tenantId: TENANT_A });
        expect(await alice.next((m) => m.type === 'error', from)).toMatchObject({
          type: 'error',
          topic: streamTopics.tenantEvents(TENANT_A),
          error: { code: 'PN_FORBIDDEN', details: { permission: 'server.read' } },
        });
      } finally {
        revoke('alice', TENANT_A, 'server.read');
      }
      const mallory = track(await open('mallory'));
      expect(
        await mallory.request({
          id: 1,
          type: 'subscribe',
          topic: streamTopics.tenantEvents(TENANT_A),
        }),
      ).toMatchObject({ type: 'error', error: { code: 'PN_TENANT_NOT_FOUND' } });
    });

    it('let super admins through, auditing each override', async () => {
      const root = track(await open('root'));
      const topic = streamTopics.serverConsole(TENANT_A, 's7');
      expect(await root.request({ id: 1, type: 'subscribe', topic })).toMatchObject({
        type: 'subscribed',
      });
      const rows = await core.app.pn.db.query<{ actor_id: string; target_id: string }>(
        `select "actor_id", "target_id" from "pn_audit_log" where "action" = 'access.override' and "target_type" = 'stream-topic'`,
      );
      expect(rows).toContainEqual({ actor_id: 'root', target_id: topic });
    });

    it('are dropped when a permission change takes the permission away', async () => {
      grant('alice', TENANT_A, 'server.read', 's3');
      const topic = streamTopics.serverStatus(TENANT_A, 's3');
      const alice = track(await open('alice'));
      await alice.request({ id: 1, type: 'subscribe', topic });
      await alice.request({ id: 2, type: 'subscribe', topic: status });
      // A change for someone else re-checks nothing of alice's.
      revoke('alice', TENANT_A, 'server.read', 's3');
      await core.app.pn.shared.events.publish(PERMISSIONS_CHANGED_TOPIC, {
        tenantId: TENANT_A,
        userIds: ['bob'],
      });
      await publish(topic, { n: 1 });
      await alice.next(() => alice.events(topic).length === 1);

      const from = alice.received.length;
      await core.app.pn.shared.events.publish(PERMISSIONS_CHANGED_TOPIC, { tenantId: TENANT_A });
      const dropped = await alice.next((m) => m.type === 'error', from);
      expect(dropped).toEqual({
        type: 'error',
        topic,
        error: {
          code: 'PN_FORBIDDEN',
          message: 'Missing permission server.read',
          details: { permission: 'server.read' },
        },
      });
      await publish(topic, { n: 2 });
      await publish(status, { n: 3 });
      await alice.next(() => alice.events(status).length === 1);
      await alice.barrier();
      expect(alice.events(topic).map((e) => e.payload)).toEqual([{ n: 1 }]);
      expect(hub().stats().subscriptions).toBe(1);
    });

    it('stop on unsubscribe, and share one bus subscription per topic', async () => {
      const a = track(await open('alice'));
      const b = track(await open('alice'));
      const topic = streamTopics.serverConsole(TENANT_A, 's1');
      await a.request({ id: 1, type: 'subscribe', topic });
      await b.request({ id: 1, type: 'subscribe', topic });
      expect(hub().stats()).toMatchObject({ connections: 2, subscriptions: 2 });
      const topics = hub().stats().topics;
      expect(await a.request({ id: 2, type: 'unsubscribe', topic })).toEqual({
        id: 2,
        type: 'unsubscribed',
        topic,
      });
      expect(hub().stats().topics).toBe(topics);
      await publish(topic, { line: 'after' });
      await b.next(() => b.events(topic).length === 1);
      await a.barrier();
      expect(a.events(topic)).toEqual([]);
      // Subscribing twice is harmless.
      expect(await b.request({ id: 3, type: 'subscribe', topic })).toMatchObject({
        type: 'subscribed',
        replayed: 0,
      });
      expect(hub().stats().subscriptions).toBe(1);
    });

    it('resume after `since` from what the replica still holds', async () => {
      const topic = streamTopics.serverConsole(TENANT_A, 's1');
      const first = track(await open('alice'));
      const ok = (await first.request({ id: 1, type: 'subscribe', topic })) as { epoch: string };
      for (let i = 1; i <= 5; i++) await publish(topic, { line: i });
      await first.next(() => first.events(topic).length === 5);
      const last = first.events(topic).at(-1)!.seq;
      first.ws.terminate();
      // Published while nobody was connected: the topic lingers, so the replica keeps them.
      for (let i = 6; i <= 7; i++) await publish(topic, { line: i });
      await sleep(100);

      const again = track(await open('alice'));
      const resumed = await again.request({
        id: 1,
        type: 'subscribe',
        topic,
        since: last,
        epoch: ok.epoch,
      });
      expect(resumed).toMatchObject({
        type: 'subscribed',
        replayed: 2,
        reset: false,
        seq: last + 2,
      });
      await again.next(() => again.events(topic).length === 2);
      expect(again.events(topic).map((e) => [e.seq, e.payload])).toEqual([
        [last + 1, { line: 6 }],
        [last + 2, { line: 7 }],
      ]);

      // A `since` from another epoch (another replica, a restart) starts afresh with all held.
      const other = track(await open('alice'));
      const fresh = await other.request({
        id: 1,
        type: 'subscribe',
        topic,
        since: 3,
        epoch: 'elsewhere',
      });
      expect(fresh).toMatchObject({ reset: true, replayed: last + 2 });
    });
  });

  describe('limits', () => {
    it('drop a consumer that stops reading, without slowing a fast one', async () => {
      await useLimits({ maxQueuedMessages: 200, maxQueuedBytes: 256 * 1024 });
      const topic = streamTopics.serverConsole(TENANT_A, 's1');
      const fast = track(await open('alice'));
      const slow = track(await open('alice'));
      await fast.request({ id: 1, type: 'subscribe', topic });
      await slow.request({ id: 1, type: 'subscribe', topic });
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();

      const line = 'x'.repeat(16 * 1024);
      const droppedBefore = hub().stats().dropped.slow;
      let sent = 0;
      while (hub().stats().dropped.slow === droppedBefore && sent < 4000) {
        await publish(topic, { n: sent++, line });
        if (sent % 25 === 0) await sleep(5);
      }
      expect(hub().stats().dropped.slow).toBe(droppedBefore + 1);
      await fast.next(() => fast.events(topic).length === sent, 0, 20_000);
      expect(fast.events(topic).map((e) => (e.payload as { n: number }).n)).toEqual(
        Array.from({ length: sent }, (_, i) => i),
      );
      (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      expect((await slow.closed).code).toBe(StreamCloseCode.TOO_SLOW);
      expect(hub().stats().connections).toBe(1);
      const metrics = (await core.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/pn_stream_dropped_total\{reason="slow"\} [1-9]/);
      expect(metrics).toMatch(/pn_stream_connections 1/);
      expect(metrics).toMatch(/pn_stream_subscriptions 1/);
    });

    it('start a topic with history from what came before, then live events in order', async () => {
      const topic = `history/${TENANT_A}/chat`;
      const alice = track(await open('alice'));
      const hold = holdHistory();
      const pending = alice.request({ id: 1, type: 'subscribe', topic, since: 0 });
      // Published while the history is fetched: it must come after it, not before or twice.
      await hold.entered;
      // The hub already follows the topic; a second local follower hears each event right after
      // it, so once this one has 'live 1' the hub has had it too, while still fetching history.
      let heard = false;
      const off = await core.app.pn.shared.events.subscribe(STREAM_BUS_PREFIX + topic, () => {
        heard = true;
      });
      await publish(topic, { line: 'live 1' });
      for (let i = 0; i < 200 && !heard; i++) await sleep(10);
      await off();
      hold.release();
      expect(await pending).toMatchObject({ type: 'subscribed', replayed: 3 });
      await publish(topic, { line: 'live 2' });
      await alice.next(() => alice.events(topic).length === 4);
      expect(alice.events(topic).map((e) => (e.payload as { line: string }).line)).toEqual([
        'chat 1',
        'chat 2',
        'live 1',
        'live 2',
      ]);
      // A second subscriber on this replica gets the same held events, without asking again.
      const bob = track(await open('alice.2'));
      expect(await bob.request({ id: 1, type: 'subscribe', topic, since: 0 })).toMatchObject({
        replayed: 4,
      });
    });

    it('serve a topic whose history cannot be had with live events only', async () => {
      const topic = `history/${TENANT_A}/broken`;
      const alice = track(await open('alice'));
      expect(await alice.request({ id: 1, type: 'subscribe', topic, since: 0 })).toMatchObject({
        type: 'subscribed',
        replayed: 0,
      });
      await publish(topic, { line: 'live' });
      await alice.next(() => alice.events(topic).length === 1);
    });

    it('close the sockets of a session that ended, on every replica, and keep the others', async () => {
      const ended = track(await open('alice'));
      const other = track(await open('alice.2'));
      await ended.request({ id: 1, type: 'subscribe', topic: status });
      await other.request({ id: 1, type: 'subscribe', topic: status });
      const before = hub().stats().dropped.session;
      await core.app.pn.shared.events.publish(SESSION_ENDED_TOPIC, { sessionId: 'alice.1' });
      expect(await ended.closed).toEqual({
        code: StreamCloseCode.SESSION_ENDED,
        reason: 'session ended',
      });
      expect(hub().stats().dropped.session).toBe(before + 1);
      expect(other.ws.readyState).toBe(other.ws.OPEN);
      await publish(status, { phase: 'Running' });
      await other.next((m) => m.type === 'event' && m.topic === status);
    });

    it('close a socket that answers no heartbeat, and keep one that does', async () => {
      await useLimits({ heartbeatMs: 60 });
      const silent = track(await open('alice', { autoPong: false }));
      const alive = track(await open('alice'));
      const started = Date.now();
      expect(await silent.closed).toEqual({
        code: StreamCloseCode.HEARTBEAT_TIMEOUT,
        reason: 'heartbeat timeout',
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(alive.ws.readyState).toBe(alive.ws.OPEN);
      expect(hub().stats().dropped.heartbeat).toBeGreaterThanOrEqual(1);
    });

    it('cap subscriptions per socket and refuse malformed messages without closing', async () => {
      await useLimits({ maxSubscriptions: 2 });
      const alice = track(await open('alice'));
      await alice.request({ id: 1, type: 'subscribe', topic: status });
      await alice.request({
        id: 2,
        type: 'subscribe',
        topic: streamTopics.serverConsole(TENANT_A, 's1'),
      });
      expect(
        await alice.request({
          id: 3,
          type: 'subscribe',
          topic: streamTopics.tenantEvents(TENANT_A),
        }),
      ).toMatchObject({
        type: 'error',
        error: { code: 'PN_STREAM_SUBSCRIPTION_LIMIT', details: { limit: 2 } },
      });
      const from = alice.received.length;
      alice.ws.send('{nope');
      alice.send({ id: 9, type: 'publish' });
      alice.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      await alice.barrier();
      const errors = alice.received.slice(from).filter((m) => m.type === 'error');
      expect(
        errors.map((m) => [
          'id' in m ? m.id : undefined,
          (m as { error: { code: string } }).error.code,
        ]),
      ).toEqual([
        [undefined, 'PN_STREAM_MESSAGE_INVALID'],
        [9, 'PN_STREAM_MESSAGE_INVALID'],
        [undefined, 'PN_STREAM_MESSAGE_INVALID'],
      ]);
    });

    it('close a socket that sends too large a message (1009) or too many (4029)', async () => {
      await useLimits({ messageBurst: 5, messagesPerSecond: 1 });
      const big = track(await open('alice'));
      big.send({ id: 1, type: 'subscribe', topic: 'x'.repeat(5000) });
      expect((await big.closed).code).toBe(1009);

      const chatty = track(await open('alice'));
      for (let i = 0; i < 10; i++) chatty.send({ type: 'ping' });
      expect(await chatty.closed).toEqual({
        code: StreamCloseCode.RATE_LIMITED,
        reason: 'too many messages',
      });
      expect(chatty.received.filter((m) => m.type === 'pong').length).toBeLessThanOrEqual(5);
      expect(hub().stats().dropped).toMatchObject({ size: 1, rate: 1 });
    });

    it('refuse a frame larger than a message may be from its header, before its payload', async () => {
      const client = track(await open('alice'));
      // A masked text frame announcing 50 MiB, of which only a few bytes ever come.
      const header = Buffer.alloc(14);
      header[0] = 0x81;
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(50n * 1024n * 1024n, 2);
      const raw = (client.ws as unknown as { _socket: { write(b: Buffer): void } })._socket;
      raw.write(Buffer.concat([header, Buffer.from('{"id":1')]));
      const started = Date.now();
      const dropped = hub().stats().dropped.size;
      expect((await client.closed).code).toBe(1009);
      expect(Date.now() - started).toBeLessThan(2_000);
      for (let i = 0; i < 100 && hub().stats().dropped.size === dropped; i++) await sleep(10);
      expect(hub().stats().dropped.size).toBe(dropped + 1);
    });

    it('cap the sockets one user holds, closing the next with 4009', async () => {
      await useLimits({ maxSocketsPerUser: 2 });
      const first = track(await open('alice'));
      const second = track(await open('alice.2'));
      const third = track(await open('alice.3'));
      expect(await third.closed).toEqual({
        code: StreamCloseCode.TOO_MANY_SOCKETS,
        reason: 'too many sockets',
      });
      const bob = track(await open('bob'));
      for (const c of [first, second, bob])
        expect((await c.request({ id: 1, type: 'ping' })).type).toBe('pong');
      expect(hub().stats().dropped.sockets).toBeGreaterThanOrEqual(1);
      first.ws.close();
      await first.closed;
      for (let i = 0; i < 100 && hub().stats().connections > 2; i++) await sleep(10);
      const again = track(await open('alice.4'));
      expect((await again.request({ id: 1, type: 'ping' })).type).toBe('pong');
    });
  });
});
