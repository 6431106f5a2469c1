import { createHash, randomBytes } from 'node:crypto';
import {
  SESSION_ENDED_TOPIC,
  type EventBus,
  type KeyValueStore,
  type Principal,
  type SessionEnded,
} from '@pteronimbus/sdk';

const TICKET = /^pnst_[A-Za-z0-9_-]{32}$/;

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/** A ticket as handed to its holder (the only time it exists in clear). */
export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

const endedKey = (sessionId: string) => `ended:${hash(sessionId)}`;

/**
 * One-time tickets for clients that cannot send the session cookie with a WebSocket upgrade:
 * only the hash is stored, it lives seconds, and redeeming it deletes it. A ticket is bound to
 * the session it was issued to: once that session ends (logout, revocation), its tickets are
 * refused, on every replica (the mark is kept in the shared store as long as a ticket lives).
 */
export class StreamTickets {
  readonly #kv: KeyValueStore;
  readonly #ttlMs: () => number;
  #unsubscribe: (() => Promise<void>) | null = null;

  constructor(kv: KeyValueStore, ttlMs: () => number) {
    this.#kv = kv;
    this.#ttlMs = ttlMs;
  }

  /** Follows ended sessions on the bus. */
  async start(events: EventBus): Promise<void> {
    this.#unsubscribe = await events.subscribe<SessionEnded>(SESSION_ENDED_TOPIC, (event) =>
      typeof event.payload?.sessionId === 'string'
        ? this.endSession(event.payload.sessionId)
        : undefined,
    );
  }

  async stop(): Promise<void> {
    await this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Refuses, from now on, every ticket issued to `sessionId`. */
  async endSession(sessionId: string): Promise<void> {
    // A minute more than a ticket lives, for a ticket issued just before the session ended.
    await this.#kv.set(endedKey(sessionId), '1', { ttlMs: this.#ttlMs() + 60_000 });
  }

  /** Whether `sessionId` ended while tickets issued to it could still be unused. */
  async sessionEnded(sessionId: string | undefined): Promise<boolean> {
    return sessionId !== undefined && (await this.#kv.get(endedKey(sessionId))) !== null;
  }

  async issue(principal: Principal): Promise<IssuedTicket> {
    const ticket = `pnst_${randomBytes(24).toString('base64url')}`;
    const ttlMs = this.#ttlMs();
    await this.#kv.set(hash(ticket), JSON.stringify(principal), { ttlMs });
    return { ticket, expiresAt: new Date(Date.now() + ttlMs).toISOString() };
  }

  /**
   * The principal the ticket was issued to, once; `null` for an unknown, used or expired one, or
   * one whose session has ended.
   */
  async redeem(ticket: string): Promise<Principal | null> {
    if (!TICKET.test(ticket)) return null;
    const stored = await this.#kv.take(hash(ticket));
    if (!stored) return null;
    const principal = JSON.parse(stored) as Principal;
    return (await this.sessionEnded(principal.sessionId)) ? null : principal;
  }
}
