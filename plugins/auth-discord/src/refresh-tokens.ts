import type { KeyValueStore } from '@pteronimbus/sdk';
import { hashToken, randomToken } from './crypto.ts';

/** The outcome of presenting a refresh token. */
export type ConsumeResult =
  | { kind: 'valid'; sessionId: string; userId: string }
  | { kind: 'reused'; sessionId: string }
  | { kind: 'unknown' };

/**
 * Rotating refresh tokens, one family per session, in the key-value store (Redis when
 * configured, so every replica sees the same state). Only SHA-256 hashes are stored:
 *
 * - `rt:<hash>` → session id: the one live token of the family; taken atomically on use, so two
 *   concurrent uses of the same token cannot both succeed;
 * - `used:<hash>` → session id: tokens already spent; presenting one again is reuse (RFC 9700
 *   §4.14.2), and the whole family is revoked;
 * - `family:<session id>` → user id: present while the session lives.
 */
export class RefreshTokens {
  readonly #kv: KeyValueStore;

  constructor(kv: KeyValueStore) {
    this.#kv = kv;
  }

  /** Starts a family for a new session and returns its first token. */
  async start(sessionId: string, userId: string, expiresAt: number): Promise<string> {
    await this.#kv.set(`family:${sessionId}`, userId, { ttlMs: this.#ttl(expiresAt) });
    return this.#issue(sessionId, expiresAt);
  }

  /** Spends a token. A valid one must be followed by {@link rotate} (or {@link restore}). */
  async consume(token: string): Promise<ConsumeResult> {
    const hash = hashToken(token);
    const sessionId = await this.#kv.take(`rt:${hash}`);
    if (!sessionId) {
      const spent = await this.#kv.get(`used:${hash}`);
      return spent ? { kind: 'reused', sessionId: spent } : { kind: 'unknown' };
    }
    const userId = await this.#kv.get(`family:${sessionId}`);
    if (!userId) return { kind: 'unknown' };
    const ttl = await this.#kv.ttl(`family:${sessionId}`);
    await this.#kv.set(`used:${hash}`, sessionId, { ttlMs: ttl ?? 1 });
    return { kind: 'valid', sessionId, userId };
  }

  /** The next token of the family. */
  async rotate(sessionId: string): Promise<string> {
    const ttl = await this.#kv.ttl(`family:${sessionId}`);
    return this.#issue(sessionId, Date.now() + (ttl ?? 0));
  }

  /** Puts a consumed token back, when the refresh could not complete for a passing reason. */
  async restore(token: string, sessionId: string): Promise<void> {
    const hash = hashToken(token);
    const ttl = await this.#kv.ttl(`family:${sessionId}`);
    if (!ttl) return;
    await this.#kv.delete(`used:${hash}`);
    await this.#kv.set(`rt:${hash}`, sessionId, { ttlMs: ttl });
  }

  /** The session a live token belongs to, without spending it. */
  async peek(token: string): Promise<string | null> {
    return this.#kv.get(`rt:${hashToken(token)}`);
  }

  /** Ends the family: its live token stops working at once. */
  async revoke(sessionId: string): Promise<void> {
    await this.#kv.delete(`family:${sessionId}`);
  }

  async #issue(sessionId: string, expiresAt: number): Promise<string> {
    const token = `${randomToken()}`;
    await this.#kv.set(`rt:${hashToken(token)}`, sessionId, { ttlMs: this.#ttl(expiresAt) });
    return token;
  }

  #ttl(expiresAt: number) {
    return Math.max(1, expiresAt - Date.now());
  }
}
