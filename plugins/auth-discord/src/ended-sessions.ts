import { SESSION_ENDED_TOPIC, type EventBus, type SessionEnded } from '@pteronimbus/sdk';
import type { AuthStore } from './store.ts';

/**
 * Sessions that ended while access tokens issued for them may still be unexpired. An access token
 * is checked by signature alone, so without this list a logout would leave the token usable until
 * it expires. Every replica keeps the list in memory (filled from the database at start, then
 * from the bus), so the per-request check stays a map lookup.
 */
export class EndedSessions {
  readonly #ended = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  #unsubscribe: (() => Promise<void>) | null = null;

  /** `ttlMs`: the longest an access token lives; an ended session is remembered that long. */
  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** Loads the sessions that ended recently, then follows the bus. */
  async start(store: AuthStore, events: EventBus): Promise<void> {
    for (const { id, endedAt } of await store.recentlyEnded(this.#ttlMs))
      this.#remember(id, endedAt.getTime());
    this.#unsubscribe = await events.subscribe<SessionEnded>(SESSION_ENDED_TOPIC, (event) => {
      if (typeof event.payload?.sessionId === 'string') this.add(event.payload.sessionId);
    });
  }

  async stop(): Promise<void> {
    await this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Remembers a session that just ended. */
  add(sessionId: string): void {
    this.#remember(sessionId, this.#now());
  }

  /** Whether tokens of this session must be refused. */
  has(sessionId: string): boolean {
    const forgetAt = this.#ended.get(sessionId);
    if (forgetAt === undefined) return false;
    if (forgetAt > this.#now()) return true;
    this.#ended.delete(sessionId);
    return false;
  }

  get size(): number {
    return this.#ended.size;
  }

  #remember(sessionId: string, endedAt: number): void {
    const now = this.#now();
    // Insertion order is age order, so expired entries sit at the front.
    for (const [id, forgetAt] of this.#ended) {
      if (forgetAt > now) break;
      this.#ended.delete(id);
    }
    this.#ended.delete(sessionId);
    this.#ended.set(sessionId, endedAt + this.#ttlMs);
  }
}
