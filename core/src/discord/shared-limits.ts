import { setTimeout as sleep } from 'node:timers/promises';
import type { KeyValueStore, RateLimiter } from '@pteronimbus/sdk';
import { DiscordRateLimited } from '../errors/codes.ts';

/**
 * Rate-limit state shared by every core replica.
 *
 * `@discordjs/rest` keeps its buckets in process memory: each replica learns a bucket's remaining
 * count from response headers and queues its own requests, and each assumes the whole global
 * budget (50 requests per second per token) is its own. With several replicas that would overrun
 * Discord's limits. So every HTTP attempt first passes this gate, backed by the key-value store and
 * rate limiter (Redis when configured):
 *
 * - a shared fixed-window counter per token keeps all replicas together under the global budget;
 * - when any replica sees a bucket exhausted (`X-RateLimit-Remaining: 0`) or receives a 429, it
 *   records a block for that token and route until the reset Discord announced, and the others wait
 *   it out instead of learning it from their own 429.
 */
export class SharedRateLimits {
  readonly #kv: KeyValueStore;
  readonly #limiter: RateLimiter;
  readonly #globalPerSecond: number;
  readonly #maxWaitMs: number;

  constructor(options: {
    kv: KeyValueStore;
    limiter: RateLimiter;
    globalPerSecond: number;
    maxWaitMs: number;
  }) {
    this.#kv = options.kv;
    this.#limiter = options.limiter;
    this.#globalPerSecond = options.globalPerSecond;
    this.#maxWaitMs = options.maxWaitMs;
  }

  /** Waits until `token` may send a request on `route`; rejects when that would take too long. */
  async before(token: string, route: string): Promise<void> {
    const deadline = Date.now() + this.#maxWaitMs;
    for (;;) {
      const [globalBlock, routeBlock] = await Promise.all([
        this.#kv.ttl(`block:${token}:global`),
        this.#kv.ttl(`block:${token}:${route}`),
      ]);
      const blocked = Math.max(globalBlock ?? 0, routeBlock ?? 0);
      if (blocked > 0) {
        await this.#wait(blocked, deadline);
        continue;
      }
      const budget = await this.#limiter.consume(
        `discord:${token}:global`,
        this.#globalPerSecond,
        1000,
      );
      if (budget.allowed) return;
      await this.#wait(Math.max(1, budget.resetMs), deadline);
    }
  }

  /** Records what a response says about the bucket, for the other replicas. */
  async after(token: string, route: string, status: number, headers: Headers): Promise<void> {
    const seconds = (name: string) => {
      const v = Number.parseFloat(headers.get(name) ?? '');
      return Number.isFinite(v) && v > 0 ? v * 1000 : 0;
    };
    if (status === 429) {
      const ms = seconds('retry-after') || seconds('x-ratelimit-reset-after');
      if (!ms) return;
      const global = headers.get('x-ratelimit-global') === 'true';
      await this.#kv.set(`block:${token}:${global ? 'global' : route}`, '1', {
        ttlMs: Math.ceil(ms),
      });
      return;
    }
    if (headers.get('x-ratelimit-remaining') === '0') {
      const ms = seconds('x-ratelimit-reset-after');
      if (ms) await this.#kv.set(`block:${token}:${route}`, '1', { ttlMs: Math.ceil(ms) });
    }
  }

  async #wait(ms: number, deadline: number) {
    if (Date.now() + ms > deadline) {
      throw DiscordRateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });
    }
    await sleep(ms);
  }
}

const SNOWFLAKE = /^\d{5,25}$/;
const MAJOR = new Set(['channels', 'guilds', 'webhooks']);

/**
 * The rate-limit identity of a path, as Discord buckets it: ids become `:id` except the major
 * parameter (the id right after `/channels`, `/guilds` or `/webhooks` at the start).
 */
export function routeKey(method: string, path: string): string {
  const parts = path.split('?')[0]!.split('/');
  const out = parts.map((part, i) => {
    if (!SNOWFLAKE.test(part)) return part;
    return i === 2 && MAJOR.has(parts[1] ?? '') ? part : ':id';
  });
  return `${method.toUpperCase()} ${out.join('/')}`;
}
