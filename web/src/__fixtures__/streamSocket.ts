import { createStreamClient, type WebSocketLike } from '../api/stream.ts';
import { setStreamClient } from '../composables/useStream.ts';

/**
 * An in-memory stand-in for core's end of `/api/v1/stream`, for component tests in jsdom: it
 * accepts every subscribe and lets the test publish events on a topic. The client under it is
 * the panel's real stream client.
 */
export function fakeStream() {
  const sockets: FakeSocket[] = [];
  const seqs = new Map<string, number>();
  const subscribed = new Set<string>();

  class FakeSocket implements WebSocketLike {
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason?: string }) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    constructor() {
      queueMicrotask(() => {
        this.readyState = 1;
        this.onopen?.({});
      });
    }
    send(data: string): void {
      const message = JSON.parse(data) as { id?: number; type: string; topic?: string };
      if (message.type === 'subscribe' && message.topic !== undefined) {
        subscribed.add(message.topic);
        this.reply({
          id: message.id,
          type: 'subscribed',
          topic: message.topic,
          epoch: 'e1',
          seq: seqs.get(message.topic) ?? 0,
          replayed: 0,
          reset: false,
        });
      } else if (message.type === 'unsubscribe' && message.topic !== undefined) {
        subscribed.delete(message.topic);
        this.reply({ id: message.id, type: 'unsubscribed', topic: message.topic });
      }
    }
    reply(message: Record<string, unknown>): void {
      queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(message) }));
    }
    close(code = 1000): void {
      this.readyState = 3;
      this.onclose?.({ code });
    }
  }

  const client = createStreamClient({
    url: 'ws://panel.test/api/v1/stream',
    connect: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    random: () => 0.5,
  });
  setStreamClient(client);

  return {
    client,
    /** Topics currently subscribed. */
    subscribed,
    /** Publishes one event on a topic to every open socket. */
    emit(topic: string, payload: unknown): void {
      const seq = (seqs.get(topic) ?? 0) + 1;
      seqs.set(topic, seq);
      for (const socket of sockets) {
        if (socket.readyState !== 1) continue;
        socket.onmessage?.({
          data: JSON.stringify({ type: 'event', topic, payload, at: Date.now(), seq }),
        });
      }
    },
    /** Closes the client and forgets it. */
    stop(): void {
      setStreamClient(null);
    },
  };
}
