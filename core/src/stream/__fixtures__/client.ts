import { WebSocket, type ClientOptions } from 'ws';
import type { StreamClientMessage, StreamServerMessage } from '@pteronimbus/sdk';

/** What an upgrade that was refused answered. */
export async function refusedUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; code: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          code: (JSON.parse(body) as { error: { code: string } }).error.code,
        });
        ws.terminate();
      });
    });
    ws.on('error', () => {});
  });
}

/** A stream client that records every message and can wait for one. */
export class StreamClient {
  readonly ws: WebSocket;
  readonly received: StreamServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString()) as StreamServerMessage);
      for (const w of this.#waiters.splice(0)) w();
    });
    ws.on('error', () => {});
  }

  static async open(
    url: string,
    headers: Record<string, string> = {},
    options: ClientOptions = {},
  ): Promise<StreamClient> {
    const ws = new WebSocket(url, { headers, ...options });
    const client = new StreamClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
    });
    return client;
  }

  send(message: StreamClientMessage | Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first message received from index `from` on that matches. */
  async next(
    match: (m: StreamServerMessage) => boolean,
    from = 0,
    timeoutMs = 5_000,
  ): Promise<StreamServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no matching message in ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends and waits for the answer carrying the same id. */
  async request(message: StreamClientMessage): Promise<StreamServerMessage> {
    const from = this.received.length;
    this.send(message);
    const id = (message as { id?: unknown }).id;
    return this.next((m) => 'id' in m && m.id === id, from);
  }

  /** Every `event` received so far on `topic`. */
  events(topic: string) {
    return this.received.flatMap((m) => (m.type === 'event' && m.topic === topic ? [m] : []));
  }

  /** Resolves once every message the server sent before now has arrived. */
  async barrier(): Promise<void> {
    const id = `b${Math.random()}`;
    await this.request({ id, type: 'ping' } as StreamClientMessage);
  }

  close(): void {
    this.ws.close();
  }
}
