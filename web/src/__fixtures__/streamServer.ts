import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Ws from 'ws';
import { STREAM_PATH, createStreamClient, type WebSocketLike } from '../api/stream.ts';
import { setStreamClient } from '../composables/useStream.ts';

// Browser-like test documents resolve `ws` to its browser stub; the server needs Node's build.
const { WebSocket, WebSocketServer } = createRequire(join(process.cwd(), 'package.json'))(
  'ws',
) as typeof Ws;
type WebSocket = Ws.WebSocket;

interface Held {
  seq: number;
  frame: string;
}

/**
 * A real WebSocket server speaking the stream protocol of docs/reference/stream.md (numbered
 * events per topic and epoch, replay `since`, `reset` when the epoch is another, refusals and
 * drops), for component tests that run in a browser-like document where a whole core cannot.
 * The panel's real stream client is connected to it and installed as the tab's client.
 */
export async function startStreamServer(options: { hold?: number } = {}) {
  const hold = options.hold ?? 1000;
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as { port: number }).port;
  let epoch = randomBytes(6).toString('hex');
  const buffers = new Map<string, Held[]>();
  const seqs = new Map<string, number>();
  const followers = new Map<WebSocket, Set<string>>();
  const refused = new Map<string, { code: string; message: string; details?: object }>();
  let connections = 0;

  server.on('connection', (ws) => {
    connections += 1;
    followers.set(ws, new Set());
    ws.on('close', () => followers.delete(ws));
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as {
        id?: number;
        type: string;
        topic?: string;
        since?: number;
        epoch?: string;
      };
      const send = (message: object) => ws.send(JSON.stringify(message));
      if (m.type === 'ping') return send({ type: 'pong', ...(m.id ? { id: m.id } : {}) });
      const topic = m.topic ?? '';
      if (m.type === 'unsubscribe') {
        followers.get(ws)?.delete(topic);
        return send({ id: m.id, type: 'unsubscribed', topic });
      }
      const refusal = refused.get(topic);
      if (refusal) return send({ id: m.id, type: 'error', topic, error: refusal });
      followers.get(ws)?.add(topic);
      const held = buffers.get(topic) ?? [];
      const seq = seqs.get(topic) ?? 0;
      let replay: Held[] = [];
      let reset = false;
      if (m.since !== undefined) {
        const oldest = held[0]?.seq ?? seq + 1;
        const honoured =
          (m.epoch === undefined || m.epoch === epoch) && m.since <= seq && m.since >= oldest - 1;
        reset = !honoured && !(m.since === 0 && m.epoch === undefined);
        replay = honoured ? held.filter((e) => e.seq > m.since!) : held;
        if (m.since === 0 && m.epoch === undefined) replay = held;
      }
      send({ id: m.id, type: 'subscribed', topic, epoch, seq, replayed: replay.length, reset });
      for (const e of replay) ws.send(e.frame);
    });
  });

  const client = createStreamClient({
    url: `ws://127.0.0.1:${port}${STREAM_PATH}`,
    connect: (url) => new WebSocket(url) as unknown as WebSocketLike,
    initialDelayMs: 20,
    maxDelayMs: 100,
    random: () => 0.5,
  });
  setStreamClient(client);

  return {
    client,
    /** Sockets accepted so far. */
    get connections() {
      return connections;
    },
    /** Topics followed by open sockets. */
    subscribed(): string[] {
      return [...followers.values()].flatMap((topics) => [...topics]);
    },
    /** Publishes one event on a topic: held for replay and sent to its followers. */
    publish(topic: string, payload: unknown): void {
      const seq = (seqs.get(topic) ?? 0) + 1;
      seqs.set(topic, seq);
      const frame = JSON.stringify({ type: 'event', topic, payload, at: Date.now(), seq });
      const held = buffers.get(topic) ?? [];
      held.push({ seq, frame });
      if (held.length > hold) held.shift();
      buffers.set(topic, held);
      for (const [ws, topics] of followers) if (topics.has(topic)) ws.send(frame);
    },
    /** Answers subscribes to `topic` with this error from now on. */
    refuse(topic: string, error: { code: string; message: string; details?: object }): void {
      refused.set(topic, error);
    },
    /** Ends a subscription on the server's own account (an error without id). */
    drop(topic: string, error: { code: string; message: string; details?: object }): void {
      for (const [ws, topics] of followers) {
        if (!topics.delete(topic)) continue;
        ws.send(JSON.stringify({ type: 'error', topic, error }));
      }
    },
    /** Cuts every socket, as a network change or a lost replica does. */
    cut(): void {
      for (const ws of server.clients) ws.terminate();
    },
    /** Forgets everything held and starts a new epoch, as another replica would answer. */
    restart(): void {
      epoch = randomBytes(6).toString('hex');
      buffers.clear();
      seqs.clear();
      this.cut();
    },
    async close(): Promise<void> {
      setStreamClient(null);
      for (const ws of server.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** See {@link startStreamServer}. */
export type TestStreamServer = Awaited<ReturnType<typeof startStreamServer>>;
