import type { Redis } from 'ioredis';
import type { KeyValueStore } from '@pteronimbus/sdk';

/** In-process key-value store for single-node mode. Expiry is checked lazily and swept. */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly #data = new Map<string, { value: string; expiresAt: number | null }>();
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref();
  }

  #live(key: string) {
    const entry = this.#data.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.#now()) {
      this.#data.delete(key);
      return undefined;
    }
    return entry;
  }

  #sweep() {
    const now = this.#now();
    for (const [key, entry] of this.#data)
      if (entry.expiresAt !== null && entry.expiresAt <= now) this.#data.delete(key);
  }

  #expiry(ttlMs?: number) {
    return ttlMs === undefined ? null : this.#now() + ttlMs;
  }

  async get(key: string) {
    return this.#live(key)?.value ?? null;
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}) {
    this.#data.set(key, { value, expiresAt: this.#expiry(options.ttlMs) });
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}) {
    if (this.#live(key)) return false;
    this.#data.set(key, { value, expiresAt: this.#expiry(options.ttlMs) });
    return true;
  }

  async take(key: string) {
    const entry = this.#live(key);
    this.#data.delete(key);
    return entry?.value ?? null;
  }

  async delete(key: string) {
    const existed = this.#live(key) !== undefined;
    this.#data.delete(key);
    return existed;
  }

  async increment(key: string, by = 1, options: { ttlMs?: number } = {}) {
    const entry = this.#live(key);
    const next = (entry ? Number.parseInt(entry.value, 10) || 0 : 0) + by;
    this.#data.set(key, {
      value: String(next),
      expiresAt: entry?.expiresAt ?? this.#expiry(options.ttlMs),
    });
    return next;
  }

  async ttl(key: string) {
    const entry = this.#live(key);
    if (!entry || entry.expiresAt === null) return null;
    return Math.max(0, entry.expiresAt - this.#now());
  }

  close() {
    clearInterval(this.#sweeper);
  }
}

const INCREMENT_SCRIPT = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if ARGV[2] ~= '' and redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

/** Redis-backed key-value store, shared by every core replica. */
export class RedisKeyValueStore implements KeyValueStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix = '') {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  #k(key: string) {
    return this.#prefix + key;
  }

  async get(key: string) {
    return this.#redis.get(this.#k(key));
  }

  async set(key: string, value: string, options: { ttlMs?: number } = {}) {
    if (options.ttlMs !== undefined)
      await this.#redis.set(this.#k(key), value, 'PX', Math.max(1, Math.ceil(options.ttlMs)));
    else await this.#redis.set(this.#k(key), value);
  }

  async setIfAbsent(key: string, value: string, options: { ttlMs?: number } = {}) {
    const result =
      options.ttlMs !== undefined
        ? await this.#redis.set(
            this.#k(key),
            value,
            'PX',
            Math.max(1, Math.ceil(options.ttlMs)),
            'NX',
          )
        : await this.#redis.set(this.#k(key), value, 'NX');
    return result === 'OK';
  }

  async take(key: string) {
    return this.#redis.getdel(this.#k(key));
  }

  async delete(key: string) {
    return (await this.#redis.del(this.#k(key))) > 0;
  }

  async increment(key: string, by = 1, options: { ttlMs?: number } = {}) {
    const ttl = options.ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(options.ttlMs)));
    return Number(await this.#redis.eval(INCREMENT_SCRIPT, 1, this.#k(key), String(by), ttl));
  }

  async ttl(key: string) {
    const ms = await this.#redis.pttl(this.#k(key));
    return ms < 0 ? null : ms;
  }
}

/** A view of a store whose keys all start with `prefix` (each plugin gets `pn:<pluginId>:`). */
export function prefixedKeyValueStore(store: KeyValueStore, prefix: string): KeyValueStore {
  const k = (key: string) => prefix + key;
  return {
    get: (key) => store.get(k(key)),
    set: (key, value, options) => store.set(k(key), value, options),
    setIfAbsent: (key, value, options) => store.setIfAbsent(k(key), value, options),
    take: (key) => store.take(k(key)),
    delete: (key) => store.delete(k(key)),
    increment: (key, by, options) => store.increment(k(key), by, options),
    ttl: (key) => store.ttl(k(key)),
  };
}
