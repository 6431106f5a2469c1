// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { WebSocket } from 'ws';
import { publishToStream, streamTopics } from '@pteronimbus/sdk';
import { startTestCore, testIdentityPlugin, type TestCore } from '@pteronimbus/testing';
import { api } from '../api/client.ts';
import { STREAM_PATH, createStreamClient, type WebSocketLike } from '../api/stream.ts';
import { setStreamClient, streamClient, useStreamConnection, useStreamTopic } from './useStream.ts';

/** How long and how often the tests look again for the state they wait for. */
const settle = { timeout: 5_000, interval: 10 };

describe('useStreamTopic', () => {
  let core: TestCore;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    core = await startTestCore({
      plugins: [testIdentityPlugin({ grants: { alice: { t1: ['server.read'] } } })],
      listen: true,
    });
  }, 120_000);

  afterEach(() => {
    setStreamClient(null);
    for (const ws of sockets.splice(0)) ws.terminate();
  });

  afterAll(async () => {
    await core?.close();
  });

  function install() {
    setStreamClient(
      createStreamClient({
        url: `${core.baseUrl!.replace('http', 'ws')}${STREAM_PATH}`,
        connect: (u) => {
          const ws = new WebSocket(u, { headers: { 'x-test-user': 'alice' } });
          sockets.push(ws);
          return ws as unknown as WebSocketLike;
        },
        initialDelayMs: 20,
        idleCloseMs: 20,
      }),
    );
  }

  it('follows the topic while its scope lives, switches with it and reports the connection', async () => {
    install();
    const { state } = useStreamConnection();
    const serverId = ref<string | null>('s1');
    const seen: string[] = [];
    const scope = effectScope();
    const topic = scope.run(() =>
      useStreamTopic<{ phase: string }>(
        () => (serverId.value ? streamTopics.serverStatus('t1', serverId.value) : null),
        { onEvent: (e) => seen.push(`${e.topic} ${e.payload.phase}`) },
      ),
    )!;
    expect(topic.status.value).toBe('pending');
    await vi.waitFor(() => expect(topic.status.value).toBe('live'), settle);
    expect(state.value).toBe('open');
    await publishToStream(core.app.pn.shared.events, streamTopics.serverStatus('t1', 's1'), {
      phase: 'Running',
    });
    await vi.waitFor(() => expect(seen).toHaveLength(1), settle);

    serverId.value = 's2';
    await nextTick();
    await vi.waitFor(() => expect(topic.status.value).toBe('live'), settle);
    await publishToStream(core.app.pn.shared.events, streamTopics.serverStatus('t1', 's1'), {
      phase: 'Stopped',
    });
    await publishToStream(core.app.pn.shared.events, streamTopics.serverStatus('t1', 's2'), {
      phase: 'Starting',
    });
    await vi.waitFor(() => expect(seen).toHaveLength(2), settle);
    expect(seen).toEqual(['server/t1/s1/status Running', 'server/t1/s2/status Starting']);

    serverId.value = null;
    await nextTick();
    expect(topic.status.value).toBe('off');
    scope.stop();
    await vi.waitFor(() => expect(state.value).toBe('idle'), settle);
  });

  it('says when a subscription is refused and lets the view try again', async () => {
    install();
    const scope = effectScope();
    const topic = scope.run(() =>
      useStreamTopic(streamTopics.serverStatus('t9', 's1'), { onEvent: () => undefined }),
    )!;
    await vi.waitFor(() => expect(topic.status.value).toBe('refused'), settle);
    expect(topic.error.value).toMatchObject({ code: 'PN_FORBIDDEN' });
    expect(useStreamConnection().lastDropped.value).toMatchObject({
      topic: 'server/t9/s1/status',
      error: { code: 'PN_FORBIDDEN' },
    });
    topic.retry();
    expect(topic.status.value).toBe('pending');
    await vi.waitFor(() => expect(topic.status.value).toBe('refused'), settle);
    scope.stop();
  });

  it('closes the socket when the session ends', async () => {
    install();
    const { state } = useStreamConnection();
    const scope = effectScope();
    scope.run(() =>
      useStreamTopic(streamTopics.serverStatus('t1', 's1'), { onEvent: () => undefined }),
    );
    await vi.waitFor(() => expect(state.value).toBe('open'), settle);
    const fetch = globalThis.fetch;
    globalThis.fetch = async () =>
      new Response(JSON.stringify({ error: { code: 'PN_UNAUTHENTICATED', message: 'gone' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    try {
      await expect(api.refreshSession()).rejects.toMatchObject({ status: 401 });
    } finally {
      globalThis.fetch = fetch;
    }
    expect(state.value).toBe('closed');
    await vi.waitFor(() => expect(core.app.pn.stream.stats().connections).toBe(0), settle);
    scope.stop();
  });

  it('creates one client per tab on first use', () => {
    setStreamClient(null);
    const g = globalThis as { location?: unknown };
    const had = 'location' in g;
    g.location ??= { protocol: 'https:', host: 'panel.test' };
    try {
      expect(streamClient()).toBe(streamClient());
      expect(streamClient().state).toBe('idle');
    } finally {
      if (!had) delete g.location;
    }
  });
});
