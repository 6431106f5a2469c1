import { createHash, randomBytes } from 'node:crypto';
import type { KeyValueStore, Principal } from '@pteronimbus/sdk';

const TICKET = /^pnst_[A-Za-z0-9_-]{32}$/;

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/** A ticket as handed to its holder (the only time it exists in clear). */
export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

/**
 * One-time tickets for clients that cannot send the session cookie with a WebSocket upgrade:
 * only the hash is stored, it lives seconds, and redeeming it deletes it.
 */
export class StreamTickets {
  readonly #kv: KeyValueStore;
  readonly #ttlMs: () => number;

  constructor(kv: KeyValueStore, ttlMs: () => number) {
    this.#kv = kv;
    this.#ttlMs = ttlMs;
  }

  async issue(principal: Principal): Promise<IssuedTicket> {
    const ticket = `pnst_${randomBytes(24).toString('base64url')}`;
    const ttlMs = this.#ttlMs();
    await this.#kv.set(hash(ticket), JSON.stringify(principal), { ttlMs });
    return { ticket, expiresAt: new Date(Date.now() + ttlMs).toISOString() };
  }

  /** The principal the ticket was issued to, once; `null` for an unknown, used or expired one. */
  async redeem(ticket: string): Promise<Principal | null> {
    if (!TICKET.test(ticket)) return null;
    const stored = await this.#kv.take(hash(ticket));
    return stored ? (JSON.parse(stored) as Principal) : null;
  }
}
