import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import {
  LINK_PATH,
  parseCoreMessage,
  type CoreMessage,
  type OperatorMessage,
} from '@pteronimbus/sdk';

/**
 * An operator on the real link, without Kubernetes: it says hello, acks every document and
 * records every frame, so a test can answer console and log requests as the kubelet would.
 */
export class FakeOperator {
  readonly ws: WebSocket;
  readonly received: CoreMessage[] = [];
  readonly closed: Promise<void>;
  #waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.on('close', () => resolve()));
    ws.on('message', (data: Buffer) => {
      const message = parseCoreMessage(data);
      this.received.push(message);
      if (message.type === 'document') this.send({ type: 'ack', revision: message.revision });
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  /** Opens the link with a cluster credential and waits for core's welcome. */
  static async connect(app: FastifyInstance, credential: string): Promise<FakeOperator> {
    // injectWS builds a request without a socket; the rate limiter keys on the caller's address.
    const ws = (await app.injectWS(LINK_PATH, {
      headers: { authorization: `Bearer ${credential}` },
      socket: { remoteAddress: '127.0.0.1' },
    } as never)) as unknown as WebSocket;
    const operator = new FakeOperator(ws);
    operator.send({ type: 'hello', lastRevision: 0, operatorVersion: '0.0.0-test', protocol: 2 });
    await operator.next((m) => m.type === 'welcome');
    return operator;
  }

  send(message: OperatorMessage): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The first frame from index `from` on that matches, waiting for it. */
  async next<T extends CoreMessage>(
    match: (m: CoreMessage) => boolean,
    from = 0,
    timeoutMs = 5_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(match);
      if (found) return found as T;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame in ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
