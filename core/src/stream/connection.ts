import type { RawData, WebSocket } from 'ws';
import {
  StreamCloseCode,
  type Logger,
  type Principal,
  type StreamClientMessage,
  type StreamServerMessage,
} from '@pteronimbus/sdk';
import { StreamMessageInvalid } from '../errors/codes.ts';
import type { StreamLimits } from './limits.ts';
import { readClientMessage, toStreamError } from './protocol.ts';
import type { TopicMatch } from './topics.ts';

/** Why the server ended a socket, as counted in `pn_stream_dropped_total`. */
export type DropReason = 'slow' | 'heartbeat' | 'rate' | 'size' | 'session' | 'sockets';

/** One subscription a socket holds. */
export interface Subscription {
  /** The `id` of the `subscribe` that made it. */
  id: string | number;
  match: TopicMatch;
}

/** What a connection needs from the hub that owns it. */
export interface ConnectionHost {
  readonly limits: StreamLimits;
  readonly logger: Logger;
  handle(connection: StreamConnection, message: StreamClientMessage): Promise<void>;
  /** The socket is gone (or going): release everything it held. */
  detach(connection: StreamConnection, reason?: DropReason): void;
}

const NORMAL_WRITE = { binary: false } as const;

/**
 * Lowers the largest frame (and message) `socket` accepts. One WebSocket server serves the stream
 * and the operator link, whose messages are larger, so its `maxPayload` is the link's; `ws` has
 * no public per-socket setting, and its frame reader keeps the limit in `_maxPayload`, read at
 * every frame header. A larger frame then fails with 1009 before its payload is buffered.
 */
export function limitFrames(socket: WebSocket, bytes: number): boolean {
  const receiver = (socket as unknown as { _receiver?: { _maxPayload?: unknown } })._receiver;
  if (!receiver || typeof receiver._maxPayload !== 'number') return false;
  receiver._maxPayload = bytes;
  return true;
}

function toBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/**
 * One browser tab's socket: reads and limits client messages (in order, one at a time), writes
 * frames while the peer keeps up, and answers for its heartbeat.
 */
export class StreamConnection {
  readonly principal: Principal;
  /** By topic. */
  readonly subscriptions = new Map<string, Subscription>();
  readonly #socket: WebSocket;
  readonly #host: ConnectionHost;
  #closed = false;
  /** Frames handed to the socket whose write has not completed. */
  #pending = 0;
  #unanswered = 0;
  #tokens: number;
  #refilledAt = Date.now();
  #chain: Promise<void> = Promise.resolve();

  constructor(socket: WebSocket, principal: Principal, host: ConnectionHost) {
    this.#socket = socket;
    this.principal = principal;
    this.#host = host;
    this.#tokens = host.limits.messageBurst;
    // The message check below still holds should the frame reader's limit not be settable.
    limitFrames(socket, host.limits.maxMessageBytes);
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on('pong', () => {
      this.#unanswered = 0;
    });
    socket.on('close', () => {
      if (this.#closed) return;
      this.#closed = true;
      this.#host.detach(this);
    });
    // A reset peer surfaces here before `close`; nothing to do beyond what `close` does. A frame
    // over the limit too: the frame reader already answered 1009, only the count is left.
    socket.on('error', (err: Error & { code?: string }) => {
      if (this.#closed || err.code !== 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return;
      this.#closed = true;
      this.#host.detach(this, 'size');
    });
  }

  /** Whether frames may still be written. */
  get open(): boolean {
    return !this.#closed;
  }

  /**
   * Writes a ready-made frame, unless the peer has fallen behind the limits: then the socket is
   * closed (4008) at once, so that one slow reader never holds memory or delays anyone else.
   * Returns whether the frame was written.
   */
  sendFrame(frame: Buffer): boolean {
    if (this.#closed) return false;
    const { maxQueuedMessages, maxQueuedBytes } = this.#host.limits;
    if (this.#pending >= maxQueuedMessages || this.#socket.bufferedAmount >= maxQueuedBytes) {
      this.close(StreamCloseCode.TOO_SLOW, 'too slow', 'slow');
      return false;
    }
    this.#pending++;
    this.#socket.send(frame, NORMAL_WRITE, () => {
      this.#pending--;
    });
    return true;
  }

  send(message: StreamServerMessage): boolean {
    return this.sendFrame(Buffer.from(JSON.stringify(message)));
  }

  /** Runs `task` after every message received before it has been handled. */
  enqueue(task: () => Promise<void>): void {
    this.#chain = this.#chain.then(task).catch((err: unknown) => {
      this.#host.logger.error({ err, userId: this.principal.userId }, 'stream message failed');
    });
  }

  /** One heartbeat tick: ping, or give up after too many unanswered pings. */
  heartbeat(): void {
    if (this.#closed) return;
    if (this.#unanswered >= this.#host.limits.missedPongs) {
      this.close(StreamCloseCode.HEARTBEAT_TIMEOUT, 'heartbeat timeout', 'heartbeat');
      return;
    }
    this.#unanswered++;
    this.#socket.ping();
  }

  /**
   * Ends the socket with `code`; a peer that does not complete the close handshake within the
   * grace period (it may not be reading at all) is cut.
   */
  close(code: number, reason: string, dropped?: DropReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#host.detach(this, dropped);
    const cut = setTimeout(() => this.#socket.terminate(), this.#host.limits.closeGraceMs);
    cut.unref();
    this.#socket.once('close', () => clearTimeout(cut));
    this.#socket.close(code, reason);
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    const { maxMessageBytes } = this.#host.limits;
    const bytes = toBuffer(data);
    if (bytes.length > maxMessageBytes) {
      this.close(1009, 'message too big', 'size');
      return;
    }
    if (!this.#take()) {
      this.close(StreamCloseCode.RATE_LIMITED, 'too many messages', 'rate');
      return;
    }
    // Whatever the peer sends proves it is alive as well as a pong does.
    this.#unanswered = 0;
    if (isBinary) {
      this.send({
        type: 'error',
        error: toStreamError(StreamMessageInvalid('binary frames are not accepted')),
      });
      return;
    }
    const read = readClientMessage(bytes.toString('utf8'));
    if (!read.ok) {
      this.send({
        ...(read.id !== undefined ? { id: read.id } : {}),
        type: 'error',
        error: toStreamError(read.error),
      });
      return;
    }
    this.enqueue(() => this.#host.handle(this, read.message));
  }

  /** Token bucket: `messageBurst` at once, refilled at `messagesPerSecond`. */
  #take(): boolean {
    const { messageBurst, messagesPerSecond } = this.#host.limits;
    const now = Date.now();
    this.#tokens = Math.min(
      messageBurst,
      this.#tokens + ((now - this.#refilledAt) * messagesPerSecond) / 1000,
    );
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens--;
    return true;
  }
}
