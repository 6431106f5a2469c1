/**
 * The panel's side of the real-time stream (`/api/v1/stream`, see docs/reference/stream.md): one
 * WebSocket per tab, shared by every live view, that subscribes to topics, keeps itself alive and
 * comes back after a drop, resuming each topic where it left off.
 */

/** Where the stream is served, relative to the panel's origin. */
export const STREAM_PATH = '/api/v1/stream';

/** A coded failure inside a stream message. */
export interface StreamError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** One event on a subscribed topic. */
export interface StreamEvent<T = unknown> {
  topic: string;
  payload: T;
  /** Unix epoch milliseconds when published. */
  at: number;
  /** Per topic, increasing by one within an epoch. */
  seq: number;
}

/** What the server answered to a subscribe. */
export interface StreamSubscribed {
  topic: string;
  epoch: string;
  seq: number;
  replayed: number;
  /** The resume point could not be honoured: drop what was shown, everything held follows. */
  reset: boolean;
}

type ServerMessage =
  | ({ id: string | number; type: 'subscribed' } & StreamSubscribed)
  | { id: string | number; type: 'unsubscribed'; topic: string }
  | { id?: string | number; type: 'error'; topic?: string; error: StreamError }
  | ({ type: 'event' } & StreamEvent)
  | { id?: string | number; type: 'pong' };

/**
 * The connection as a badge shows it: `idle` before the first subscription, `connecting` for the
 * first attempt, `open`, `reconnecting` after a drop (while waiting to retry or retrying), and
 * `closed` once {@link StreamClient.close} was called.
 */
export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What one subscriber hears about its topic. */
export interface StreamHandlers<T = unknown> {
  /** Each event, in order, never twice within an epoch. */
  onEvent(event: StreamEvent<T>): void;
  /**
   * The server accepted the subscription (again, after each reconnect). When `reset` is true the
   * events that follow are everything the server holds: clear what was shown before them.
   */
  onSubscribed?(info: StreamSubscribed): void;
  /**
   * The subscription was refused, or ended by the server (`dropped`: its permission was
   * revoked). No more events follow; the subscription is gone.
   */
  onError?(error: StreamError, dropped: boolean): void;
}

/** Options of one subscription. */
export interface SubscribeOptions {
  /**
   * Replay from this sequence number on the first subscribe: `0` asks for everything the server
   * holds (the console's last lines). Left out, only live events arrive.
   */
  since?: number;
}

/** A live subscription; `unsubscribe` is idempotent. */
export interface StreamSubscription {
  readonly topic: string;
  unsubscribe(): void;
}

/** The part of the browser's `WebSocket` the client uses (the `ws` package fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Options of {@link createStreamClient}. */
export interface StreamClientOptions {
  /** The socket address; defaults to {@link STREAM_PATH} on the page's origin. */
  url?: string;
  /** Opens a socket; defaults to the browser's `WebSocket`. */
  connect?: (url: string) => WebSocketLike;
  /** First retry delay after a drop, doubled per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /**
   * How often the client pings; a socket that has been silent for two intervals is taken for
   * dead (a half-open TCP connection after a network change says nothing on its own).
   */
  pingIntervalMs?: number;
  /** Close the socket this long after the last subscription ended. */
  idleCloseMs?: number;
  /** Jitter source in [0, 1); tests make it deterministic. */
  random?: () => number;
  /**
   * The server closed the socket because its session ended (logout or revocation elsewhere,
   * close code 4001). The client still reconnects, which works once the session is renewed; the
   * panel uses this to check the session at once instead of retrying blind.
   */
  onSessionEnded?: () => void;
}

interface Listener {
  handlers: StreamHandlers;
}

interface TopicState {
  topic: string;
  listeners: Set<Listener>;
  /** Replay point of the first subscribe, when no epoch is known yet. */
  since: number | undefined;
  epoch: string | undefined;
  lastSeq: number;
  /** Id of the subscribe in flight on the current socket. */
  pendingId: number | undefined;
  /** Accepted on the current socket: events may flow. */
  active: boolean;
}

const OPEN = 1;
const NORMAL_CLOSURE = 1000;

function defaultUrl(): string {
  const { protocol, host } = globalThis.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${STREAM_PATH}`;
}

// Stop hearing a socket being let go. Its error handler stays a no-op: closing a socket that
// is still connecting reports an error in some implementations, which nobody needs to hear.
function detach(ws: WebSocketLike) {
  ws.onopen = ws.onmessage = ws.onclose = null;
  ws.onerror = () => undefined;
}

function readMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as unknown;
    if (typeof value !== 'object' || value === null || !('type' in value)) return null;
    return value as ServerMessage;
  } catch {
    return null;
  }
}

/**
 * Creates a stream client. The socket opens with the first subscription and closes a while after
 * the last one ends; a drop is retried with exponential backoff and jitter, and every topic is
 * subscribed again with `since` (the last sequence number seen) and `epoch`, so no event is lost
 * or shown twice when the server still holds them, and a `reset` is announced when it does not.
 */
/** The close code core ends a socket with when its session ended. */
const SESSION_ENDED_CLOSE = 4001;

export function createStreamClient(options: StreamClientOptions = {}) {
  const connect =
    options.connect ?? ((url: string) => new globalThis.WebSocket(url) as unknown as WebSocketLike);
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const pingIntervalMs = options.pingIntervalMs ?? 25_000;
  const idleCloseMs = options.idleCloseMs ?? 30_000;
  const random = options.random ?? Math.random;

  const topics = new Map<string, TopicState>();
  const byId = new Map<number, TopicState>();
  const stateListeners = new Set<(state: StreamState) => void>();
  const errorListeners = new Set<(topic: string, error: StreamError) => void>();
  let state: StreamState = 'idle';
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let lastHeard = 0;

  function setState(next: StreamState) {
    if (state === next) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function send(message: Record<string, unknown>) {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  function sendSubscribe(entry: TopicState) {
    const id = nextId++;
    entry.pendingId = id;
    entry.active = false;
    byId.set(id, entry);
    const resume =
      entry.epoch !== undefined
        ? { since: entry.lastSeq, epoch: entry.epoch }
        : entry.since !== undefined
          ? { since: entry.since }
          : {};
    send({ id, type: 'subscribe', topic: entry.topic, ...resume });
  }

  function forget(entry: TopicState) {
    topics.delete(entry.topic);
    if (entry.pendingId !== undefined) byId.delete(entry.pendingId);
    if (topics.size > 0) return;
    if (socket === null) {
      // Waiting to reconnect for nobody: stop trying.
      clearTimers();
      setState('idle');
    } else if (state === 'reconnecting') {
      // A retry still under way, for nobody: give it up rather than finish it.
      drop(socket);
    } else scheduleIdleClose();
  }

  function fail(entry: TopicState, error: StreamError, dropped: boolean) {
    forget(entry);
    for (const listener of [...entry.listeners]) listener.handlers.onError?.(error, dropped);
    for (const listener of errorListeners) listener(entry.topic, error);
  }

  function onMessage(message: ServerMessage) {
    switch (message.type) {
      case 'event': {
        const entry = topics.get(message.topic);
        // Before the answer to a resubscribe, events belong to no known sequence.
        if (!entry?.active || message.seq <= entry.lastSeq) return;
        entry.lastSeq = message.seq;
        const event: StreamEvent = {
          topic: message.topic,
          payload: message.payload,
          at: message.at,
          seq: message.seq,
        };
        for (const listener of [...entry.listeners]) listener.handlers.onEvent(event);
        return;
      }
      case 'subscribed': {
        const entry = typeof message.id === 'number' ? byId.get(message.id) : undefined;
        if (!entry || entry.pendingId !== message.id) return;
        byId.delete(message.id);
        entry.pendingId = undefined;
        entry.active = true;
        entry.epoch = message.epoch;
        // The replayed events are the last `replayed` ones up to `seq`; accept from just before.
        entry.lastSeq = message.seq - message.replayed;
        const info: StreamSubscribed = {
          topic: message.topic,
          epoch: message.epoch,
          seq: message.seq,
          replayed: message.replayed,
          reset: message.reset,
        };
        for (const listener of [...entry.listeners]) listener.handlers.onSubscribed?.(info);
        return;
      }
      case 'error': {
        if (message.id === undefined) {
          // The server ended this subscription on its own; nothing more will come.
          const entry = message.topic !== undefined ? topics.get(message.topic) : undefined;
          if (entry) fail(entry, message.error, true);
          return;
        }
        const entry = typeof message.id === 'number' ? byId.get(message.id) : undefined;
        if (!entry || entry.pendingId !== message.id) return;
        fail(entry, message.error, false);
        return;
      }
      default:
        return;
    }
  }

  function clearTimers() {
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    retryTimer = undefined;
    pingTimer = undefined;
  }

  function open() {
    clearTimers();
    if (topics.size === 0) {
      setState('idle');
      return;
    }
    const url = options.url ?? defaultUrl();
    let ws: WebSocketLike;
    try {
      ws = connect(url);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      lastHeard = Date.now();
      setState('open');
      for (const entry of topics.values()) sendSubscribe(entry);
      pingTimer = setInterval(() => {
        if (Date.now() - lastHeard > 2 * pingIntervalMs) {
          // Silent for too long: take it for dead and start over.
          drop(ws);
          return;
        }
        send({ type: 'ping' });
      }, pingIntervalMs);
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      lastHeard = Date.now();
      const message = readMessage(event.data);
      if (message) onMessage(message);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      if (event?.code === SESSION_ENDED_CLOSE) options.onSessionEnded?.();
      drop(ws);
    };
    // A failed upgrade reports an error, then a close; the close decides.
    ws.onerror = () => undefined;
  }

  function drop(ws: WebSocketLike) {
    if (socket !== ws) return;
    socket = null;
    detach(ws);
    try {
      ws.close();
    } catch {
      // Closing a socket that never opened may throw in some browsers; it is gone either way.
    }
    for (const entry of topics.values()) {
      if (entry.pendingId !== undefined) byId.delete(entry.pendingId);
      entry.pendingId = undefined;
      entry.active = false;
    }
    clearTimers();
    if (topics.size === 0) {
      setState('idle');
      return;
    }
    scheduleRetry();
  }

  function scheduleRetry() {
    setState('reconnecting');
    const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
    attempt += 1;
    // Full jitter over the upper half, so tabs that lost the same replica do not return together.
    const delay = ceiling / 2 + (random() * ceiling) / 2;
    retryTimer = setTimeout(open, delay);
  }

  function scheduleIdleClose() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (topics.size > 0 || socket === null) return;
      const ws = socket;
      socket = null;
      detach(ws);
      ws.close(NORMAL_CLOSURE);
      clearTimers();
      setState('idle');
    }, idleCloseMs);
  }

  function ensureOpen() {
    clearTimeout(idleTimer);
    if (state === 'closed') setState('idle');
    if (socket === null && retryTimer === undefined) {
      setState(state === 'reconnecting' ? 'reconnecting' : 'connecting');
      open();
    }
  }

  return {
    /** The connection state now. */
    get state(): StreamState {
      return state;
    },

    /** Calls `listener` on every state change; returns the way to stop. */
    onState(listener: (state: StreamState) => void): () => void {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },

    /** Calls `listener` whenever a subscription is refused or dropped by the server. */
    onSubscriptionError(listener: (topic: string, error: StreamError) => void): () => void {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },

    /**
     * Subscribes to `topic`. Subscribers of the same topic share one server subscription; one
     * that joins a topic already held hears only what follows (no replay of its own).
     */
    subscribe<T = unknown>(
      topic: string,
      handlers: StreamHandlers<T>,
      subscribeOptions: SubscribeOptions = {},
    ): StreamSubscription {
      const listener: Listener = { handlers: handlers as StreamHandlers };
      let entry = topics.get(topic);
      if (!entry) {
        entry = {
          topic,
          listeners: new Set(),
          since: subscribeOptions.since,
          epoch: undefined,
          lastSeq: 0,
          pendingId: undefined,
          active: false,
        };
        topics.set(topic, entry);
        entry.listeners.add(listener);
        ensureOpen();
        if (socket?.readyState === OPEN) sendSubscribe(entry);
      } else {
        entry.listeners.add(listener);
      }
      const held = entry;
      let done = false;
      return {
        topic,
        unsubscribe() {
          if (done) return;
          done = true;
          held.listeners.delete(listener);
          if (held.listeners.size > 0 || topics.get(topic) !== held) return;
          forget(held);
          send({ id: nextId++, type: 'unsubscribe', topic });
        },
      };
    },

    /** Retries now instead of waiting out the backoff (the browser came back online). */
    reconnectNow(): void {
      if (state !== 'reconnecting' || topics.size === 0) return;
      attempt = 0;
      const ws = socket;
      socket = null;
      if (ws) {
        detach(ws);
        ws.close();
      }
      open();
    },

    /** Closes the socket for good; every subscription ends without a word. */
    close(): void {
      clearTimers();
      clearTimeout(idleTimer);
      topics.clear();
      byId.clear();
      const ws = socket;
      socket = null;
      if (ws) {
        detach(ws);
        ws.close(NORMAL_CLOSURE);
      }
      setState('closed');
    },
  };
}

/** The client type, for injection and stubbing. */
export type StreamClient = ReturnType<typeof createStreamClient>;
