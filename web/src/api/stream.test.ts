// @vitest-environment node
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import {
  PERMISSIONS_CHANGED_TOPIC,
  SESSION_ENDED_TOPIC,
  publishToStream,
  streamTopics,
} from '@pteronimbus/sdk';
import { startTestCore, testIdentityPlugin, type TestCore } from '@pteronimbus/testing';
import {
  STREAM_PATH,
  createStreamClient,
  type StreamClient,
  type StreamError,
  type StreamEvent,
  type StreamState,
  type StreamSubscribed,
  type WebSocketLike,
} from './stream.ts';

/** How long and how often the tests look again for what the stream should have delivered. */
const settle = { timeout: 5_000, interval: 10 };

/** Records what one subscriber sees, as a view would show it (cleared on reset). */
function recorder() {
  const shown: number[] = [];
  const subscribed: StreamSubscribed[] = [];
  const errors: Array<{ error: StreamError; dropped: boolean }> = [];
  return {
    shown,
    subscribed,
    errors,
    handlers: {
      onEvent: (e: StreamEvent<{ n: number }>) => shown.push(e.payload.n),
      onSubscribed: (info: StreamSubscribed) => {
        subscribed.push(info);
        if (info.reset) shown.length = 0;
      },
      onError: (error: StreamError, dropped: boolean) => errors.push({ error, dropped }),
    },
  };
}

describe('stream client against a real core', () => {
  const grants: Record<string, Record<string, string[]>> = {
    alice: { t1: ['server.read', 'server.console.read'] },
  };
  let core: TestCore;
  let url: string;
  const sockets: WebSocket[] = [];
  const clients: StreamClient[] = [];
  const topic = streamTopics.serverConsole('t1', 's1');
  const publish = (t: string, n: number) => publishToStream(core.app.pn.shared.events, t, { n });

  function client(extra: Parameters<typeof createStreamClient>[0] = {}) {
    const c = createStreamClient({
      url,
      connect: (u) => {
        const ws = new WebSocket(u, { headers: { 'x-test-user': 'alice' } });
        sockets.push(ws);
        return ws as unknown as WebSocketLike;
      },
      initialDelayMs: 50,
      random: () => 0.5,
      ...extra,
    });
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    core = await startTestCore({ plugins: [testIdentityPlugin({ grants })], listen: true });
    url = `${core.baseUrl!.replace('http', 'ws')}${STREAM_PATH}`;
  }, 120_000);

  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
    for (const ws of sockets.splice(0)) ws.terminate();
    grants.alice!.t1 = ['server.read', 'server.console.read'];
  });

  afterAll(async () => {
    await core?.close();
  });

  it('opens on the first subscription, replays what is held with since 0, then goes live', async () => {
    const held = streamTopics.serverConsole('t1', 'held');
    // The replica holds a topic's events once someone follows it.
    const first = recorder();
    const warm = client().subscribe(held, first.handlers);
    await vi.waitFor(() => expect(first.subscribed).toHaveLength(1), settle);
    for (let n = 1; n <= 3; n++) await publish(held, n);

    const c = client();
    const states: StreamState[] = [];
    c.onState((s) => states.push(s));
    expect(c.state).toBe('idle');
    const r = recorder();
    c.subscribe(held, r.handlers, { since: 0 });
    await vi.waitFor(() => expect(r.shown).toHaveLength(3), settle);
    expect(r.subscribed[0]).toMatchObject({ replayed: 3, reset: false, seq: 3 });
    await publish(held, 4);
    await vi.waitFor(() => expect(r.shown).toHaveLength(4), settle);
    expect(r.shown).toEqual([1, 2, 3, 4]);
    expect(states).toEqual(['connecting', 'open']);
    warm.unsubscribe();
  });

  it('reconnects after a drop and resumes without losing or repeating events', async () => {
    const c = client();
    const r = recorder();
    const states: StreamState[] = [];
    c.onState((s) => states.push(s));
    c.subscribe(topic, r.handlers);
    await vi.waitFor(() => expect(r.subscribed).toHaveLength(1), settle);
    for (let n = 1; n <= 3; n++) await publish(topic, n);
    await vi.waitFor(() => expect(r.shown).toHaveLength(3), settle);

    sockets.at(-1)!.terminate();
    await vi.waitFor(() => expect(c.state).toBe('reconnecting'), settle);
    // Published while the tab is away: held by the replica, replayed on resume.
    for (let n = 4; n <= 6; n++) await publish(topic, n);
    await vi.waitFor(() => expect(r.subscribed).toHaveLength(2), settle);
    await publish(topic, 7);
    await vi.waitFor(() => expect(r.shown).toHaveLength(7), settle);
    await sleep(50);
    expect(r.shown).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.subscribed[1]).toMatchObject({ reset: false, replayed: 3 });
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
  });

  it('tells the panel when the server closed the socket because its session ended', async () => {
    let ended = 0;
    const c = createStreamClient({
      url,
      connect: (u) => {
        const ws = new WebSocket(u, {
          headers: { 'x-test-user': 'alice', 'x-test-session': 'session-1' },
        });
        sockets.push(ws);
        return ws as unknown as WebSocketLike;
      },
      initialDelayMs: 50,
      random: () => 0.5,
      onSessionEnded: () => ended++,
    });
    clients.push(c);
    c.subscribe(topic, recorder().handlers);
    await vi.waitFor(() => expect(c.state).toBe('open'), settle);
    await core.app.pn.shared.events.publish(SESSION_ENDED_TOPIC, { sessionId: 'other' });
    await sleep(100);
    expect(ended).toBe(0);
    await core.app.pn.shared.events.publish(SESSION_ENDED_TOPIC, { sessionId: 'session-1' });
    await vi.waitFor(() => expect(ended).toBe(1), settle);
    // It keeps its subscriptions and comes back once the session is renewed.
    await vi.waitFor(() => expect(c.state).toBe('open'), settle);
  });

  it('announces a reset when the resume point is gone, and the view rebuilds from what is held', async () => {
    // Another tab keeps following the topic: the replica holds it while the first tab is away,
    // and this one shows when everything published has reached the replica.
    const watcher = recorder();
    client().subscribe(topic, watcher.handlers);
    await vi.waitFor(() => expect(watcher.subscribed).toHaveLength(1), settle);
    // It comes back only when told to, however long publishing takes on a busy machine.
    const c = client({ initialDelayMs: 3_600_000 });
    const r = recorder();
    c.subscribe(topic, r.handlers);
    await vi.waitFor(() => expect(r.subscribed).toHaveLength(1), settle);
    await publish(topic, -1);
    await vi.waitFor(() => expect(r.shown).toHaveLength(1), settle);

    sockets.at(-1)!.terminate();
    await vi.waitFor(() => expect(c.state).toBe('reconnecting'), settle);
    // More than the replica holds (1,000 events): the resume point falls out of its buffer.
    // Sent in order over one connection, without waiting for each answer in turn.
    await Promise.all(Array.from({ length: 1_100 }, (_, i) => publish(topic, i + 1)));
    await vi.waitFor(() => expect(watcher.shown.at(-1)).toBe(1_100), {
      ...settle,
      timeout: 30_000,
    });
    expect(watcher.shown).toHaveLength(1_101);
    expect(c.state).toBe('reconnecting');
    c.reconnectNow();
    await vi.waitFor(
      () => {
        expect(r.subscribed).toHaveLength(2);
        expect(r.shown).toHaveLength(1_000);
      },
      { ...settle, timeout: 10_000 },
    );
    expect(r.subscribed[1]).toMatchObject({ reset: true, replayed: 1_000 });
    expect(r.shown[0]).toBe(101);
    expect(r.shown.at(-1)).toBe(1_100);
  }, 60_000);

  it('reports a refused subscription and one the server drops on its own', async () => {
    const c = client();
    const dropped: string[] = [];
    c.onSubscriptionError((t, e) => dropped.push(`${t} ${e.code}`));
    const unknown = recorder();
    c.subscribe('nothing/t1/here', unknown.handlers);
    const forbidden = recorder();
    c.subscribe(streamTopics.serverStatus('t2', 's1'), forbidden.handlers);
    await vi.waitFor(() => {
      expect(unknown.errors).toHaveLength(1);
      expect(forbidden.errors).toHaveLength(1);
    }, settle);
    expect(unknown.errors[0]).toMatchObject({
      error: { code: 'PN_STREAM_TOPIC_UNKNOWN' },
      dropped: false,
    });
    expect(forbidden.errors[0]).toMatchObject({
      error: { code: 'PN_FORBIDDEN', details: { permission: 'server.read' } },
      dropped: false,
    });

    const live = recorder();
    c.subscribe(topic, live.handlers);
    await vi.waitFor(() => expect(live.subscribed).toHaveLength(1), settle);
    grants.alice!.t1 = [];
    await core.app.pn.shared.events.publish(PERMISSIONS_CHANGED_TOPIC, {
      tenantId: 't1',
      userIds: ['alice'],
    });
    await vi.waitFor(() => expect(live.errors).toHaveLength(1), settle);
    expect(live.errors[0]).toMatchObject({ error: { code: 'PN_FORBIDDEN' }, dropped: true });
    expect(dropped).toContain(`${topic} PN_FORBIDDEN`);
    // Gone for good: a reconnect does not bring it back.
    sockets.at(-1)!.terminate();
    await vi.waitFor(() => expect(['open', 'idle']).toContain(c.state), settle);
    expect(core.app.pn.stream.stats().subscriptions).toBe(0);
  });

  it('shares one server subscription per topic and closes the socket once idle', async () => {
    const c = client({ idleCloseMs: 50 });
    const a = recorder();
    const b = recorder();
    const subA = c.subscribe(topic, a.handlers);
    const subB = c.subscribe(topic, b.handlers);
    await vi.waitFor(() => expect(a.subscribed).toHaveLength(1), settle);
    expect(core.app.pn.stream.stats().subscriptions).toBe(1);
    await publish(topic, 1);
    await vi.waitFor(() => {
      expect(a.shown).toHaveLength(1);
      expect(b.shown).toHaveLength(1);
    }, settle);
    subA.unsubscribe();
    subA.unsubscribe();
    await publish(topic, 2);
    await vi.waitFor(() => expect(b.shown).toHaveLength(2), settle);
    expect(a.shown).toEqual([1]);
    subB.unsubscribe();
    await vi.waitFor(() => expect(c.state).toBe('idle'), settle);
    await vi.waitFor(() => expect(core.app.pn.stream.stats().connections).toBe(0), settle);
  });
});

describe('stream client against a silent or refusing server', () => {
  let server: WebSocketServer;
  let port: number;
  let refuse = false;
  const arrivals: number[] = [];

  beforeAll(async () => {
    server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (_info, done) => {
        arrivals.push(Date.now());
        done(!refuse, 401);
      },
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const ws of server.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const connect = (u: string) => new WebSocket(u) as unknown as WebSocketLike;
  const made: StreamClient[] = [];
  // Every client is closed after its test, passed or not, so none keeps knocking in the next.
  const client = (options: Parameters<typeof createStreamClient>[0]) => {
    const c = createStreamClient({
      url: `ws://127.0.0.1:${port}${STREAM_PATH}`,
      connect,
      ...options,
    });
    made.push(c);
    return c;
  };

  afterEach(() => {
    for (const c of made.splice(0)) c.close();
  });

  it('takes a socket that stopped answering pings for dead and reconnects', async () => {
    refuse = false;
    arrivals.length = 0;
    const c = client({
      pingIntervalMs: 150,
      initialDelayMs: 10,
    });
    const pings: string[] = [];
    server.once('connection', (ws) => ws.on('message', (d: Buffer) => pings.push(d.toString())));
    c.subscribe('server/t1/s1/status', { onEvent: () => undefined });
    await vi.waitFor(() => expect(arrivals.length).toBeGreaterThanOrEqual(2), {
      ...settle,
      timeout: 3_000,
    });
    expect(pings).toContain(JSON.stringify({ type: 'ping' }));
    c.close();
    expect(c.state).toBe('closed');
  });

  it('backs off exponentially while the upgrade is refused, and retries at once when told', async () => {
    refuse = true;
    arrivals.length = 0;
    const c = client({
      initialDelayMs: 100,
      maxDelayMs: 400,
      random: () => 0.999,
    });
    c.subscribe('server/t1/s1/status', { onEvent: () => undefined });
    await vi.waitFor(() => expect(arrivals.length).toBeGreaterThanOrEqual(5), {
      ...settle,
      timeout: 5_000,
    });
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    // ~100, ~200, ~400, ~400: doubling up to the ceiling.
    expect(gaps[1]!).toBeGreaterThan(gaps[0]! * 1.4);
    expect(gaps[2]!).toBeGreaterThan(gaps[1]! * 1.4);
    expect(gaps[3]!).toBeLessThan(gaps[2]! * 1.4);
    expect(c.state).toBe('reconnecting');

    refuse = false;
    const before = arrivals.length;
    c.reconnectNow();
    await vi.waitFor(() => expect(c.state).toBe('open'), { ...settle, timeout: 1_000 });
    expect(arrivals.length).toBe(before + 1);
    c.close();
  });

  it('stops retrying once nobody is subscribed any more', async () => {
    refuse = true;
    arrivals.length = 0;
    const c = client({ initialDelayMs: 20 });
    const subscription = c.subscribe('server/t1/s1/status', { onEvent: () => undefined });
    await vi.waitFor(() => expect(arrivals.length).toBeGreaterThanOrEqual(2), {
      ...settle,
      timeout: 3_000,
    });
    expect(c.state).toBe('reconnecting');
    subscription.unsubscribe();
    expect(c.state).toBe('idle');
    const seen = arrivals.length;
    await sleep(200);
    expect(arrivals.length).toBe(seen);
    c.close();
  });
});
