import type { Redis } from 'ioredis';
import type { BusEvent, EventBus } from '@pteronimbus/sdk';

type Handler = (event: BusEvent<unknown>) => void;

function matches(pattern: string, topic: string) {
  return pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : pattern === topic;
}

function safeCall(handler: Handler, event: BusEvent<unknown>, onError: (err: unknown) => void) {
  try {
    handler(event);
  } catch (err) {
    onError(err);
  }
}

/** In-process event bus for single-node mode. Delivery is asynchronous, like the Redis one. */
export class MemoryEventBus implements EventBus {
  readonly #subs = new Set<{ pattern: string; handler: Handler }>();
  readonly #onError: (err: unknown) => void;

  constructor(options: { onError?: (err: unknown) => void } = {}) {
    this.#onError = options.onError ?? (() => {});
  }

  async publish<T>(topic: string, payload: T) {
    const event: BusEvent<unknown> = { topic, payload, at: Date.now() };
    const targets = [...this.#subs].filter((s) => matches(s.pattern, topic));
    queueMicrotask(() => {
      for (const s of targets) if (this.#subs.has(s)) safeCall(s.handler, event, this.#onError);
    });
  }

  async subscribe<T>(topic: string, handler: (event: BusEvent<T>) => void) {
    const sub = { pattern: topic, handler: handler as Handler };
    this.#subs.add(sub);
    return async () => {
      this.#subs.delete(sub);
    };
  }
}

/**
 * Redis pub/sub event bus. One connection publishes, a dedicated one subscribes (Redis requires
 * it); each pattern is subscribed once and fanned out to local handlers.
 */
export class RedisEventBus implements EventBus {
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #prefix: string;
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #onError: (err: unknown) => void;

  constructor(redis: Redis, options: { prefix?: string; onError?: (err: unknown) => void } = {}) {
    this.#pub = redis;
    this.#sub = redis.duplicate();
    // The shared connection logs Redis errors; this one reconnects and resubscribes on its own.
    this.#sub.on('error', () => {});
    this.#prefix = options.prefix ?? 'pn:events:';
    this.#onError = options.onError ?? (() => {});
    const deliver = (pattern: string, channel: string, message: string) => {
      const handlers = this.#handlers.get(pattern);
      if (!handlers) return;
      let event: BusEvent<unknown>;
      try {
        event = JSON.parse(message) as BusEvent<unknown>;
      } catch (err) {
        this.#onError(err);
        return;
      }
      if (event.topic !== channel.slice(this.#prefix.length)) return;
      for (const h of handlers) safeCall(h, event, this.#onError);
    };
    this.#sub.on('message', (channel: string, message: string) =>
      deliver(channel.slice(this.#prefix.length), channel, message),
    );
    this.#sub.on('pmessage', (pattern: string, channel: string, message: string) =>
      deliver(pattern.slice(this.#prefix.length), channel, message),
    );
  }

  async publish<T>(topic: string, payload: T) {
    const event: BusEvent<T> = { topic, payload, at: Date.now() };
    await this.#pub.publish(this.#prefix + topic, JSON.stringify(event));
  }

  async subscribe<T>(topic: string, handler: (event: BusEvent<T>) => void) {
    let set = this.#handlers.get(topic);
    if (!set) {
      set = new Set();
      this.#handlers.set(topic, set);
      const channel = this.#prefix + topic;
      if (topic.endsWith('*')) await this.#sub.psubscribe(channel);
      else await this.#sub.subscribe(channel);
    }
    set.add(handler as Handler);
    return async () => {
      const current = this.#handlers.get(topic);
      if (!current) return;
      current.delete(handler as Handler);
      if (current.size === 0) {
        this.#handlers.delete(topic);
        const channel = this.#prefix + topic;
        if (topic.endsWith('*')) await this.#sub.punsubscribe(channel);
        else await this.#sub.unsubscribe(channel);
      }
    };
  }

  async close() {
    this.#handlers.clear();
    this.#sub.disconnect();
  }
}
