import type { Redis } from 'ioredis';
import type { RateLimiter, RateLimitResult } from '@pteronimbus/sdk';

/** In-process fixed-window counters for single-node mode. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { count: number; resetAt: number }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async consume(key: string, limit: number, windowMs: number, cost = 1): Promise<RateLimitResult> {
    const now = this.#now();
    let w = this.#windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.#windows.size > 100_000) this.#prune(now);
      w = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, w);
    }
    w.count += cost;
    return {
      allowed: w.count <= limit,
      remaining: Math.max(0, limit - w.count),
      resetMs: w.resetAt - now,
    };
  }

  #prune(now: number) {
    for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
  }
}

const CONSUME_SCRIPT = `
local c = redis.call('INCRBY', KEYS[1], ARGV[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); t = tonumber(ARGV[2]) end
return {c, t}`;

/** Redis fixed-window counters shared by every replica (one atomic script per call). */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix = 'pn:rl:') {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async consume(key: string, limit: number, windowMs: number, cost = 1): Promise<RateLimitResult> {
    const [count, ttl] = (await this.#redis.eval(
      CONSUME_SCRIPT,
      1,
      this.#prefix + key,
      String(cost),
      String(windowMs),
    )) as [number, number];
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs: ttl };
  }
}
