import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { open, seal } from './crypto.ts';

/** What the key store needs from the database. */
export interface KeyDatabase {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

interface KeyRow {
  kid: string;
  public_jwk: JsonWebKey;
  private_jwk: string;
  created_at: Date;
}

interface LoadedKey {
  kid: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  createdAt: number;
}

const DAY = 86_400_000;
const RELOAD_THROTTLE_MS = 1_000;

/**
 * The Ed25519 keys access tokens are signed with, kept in `auth_discord_signing_keys` with the
 * private half sealed under a key derived from the installation secret. The newest key signs; a
 * key stops signing once it is `rotationMs` old and keeps verifying for another rotation period
 * plus the longest token lifetime, so a rotation logs nobody out. Every replica reads the same
 * table; a replica that meets an unknown key id reloads it (at most every few seconds).
 */
export class SigningKeys {
  readonly #db: KeyDatabase;
  readonly #sealKey: Buffer;
  readonly #rotationMs: number;
  readonly #retainMs: number;
  readonly #now: () => number;
  #keys = new Map<string, LoadedKey>();
  #lastReload = 0;
  #rotating: Promise<LoadedKey> | null = null;

  constructor(options: {
    db: KeyDatabase;
    sealKey: Buffer;
    rotationDays: number;
    maxTokenTtlMs: number;
    now?: () => number;
  }) {
    this.#db = options.db;
    this.#sealKey = options.sealKey;
    this.#rotationMs = options.rotationDays * DAY;
    this.#retainMs = this.#rotationMs * 2 + options.maxTokenTtlMs;
    this.#now = options.now ?? Date.now;
  }

  /** Loads every key still valid for verification. */
  async load(): Promise<void> {
    this.#lastReload = this.#now();
    const since = new Date(this.#now() - this.#retainMs);
    const rows = await this.#db.query<KeyRow>(
      'select "kid", "public_jwk", "private_jwk", "created_at" from "auth_discord_signing_keys" where "created_at" > $1',
      [since],
    );
    const next = new Map<string, LoadedKey>();
    for (const row of rows) {
      const existing = this.#keys.get(row.kid);
      if (existing) {
        next.set(row.kid, existing);
        continue;
      }
      const privateJwk = JSON.parse(
        open(this.#sealKey, row.private_jwk, `signing-key:${row.kid}`),
      ) as JsonWebKey;
      next.set(row.kid, {
        kid: row.kid,
        publicKey: createPublicKey({ key: row.public_jwk, format: 'jwk' }),
        privateKey: createPrivateKey({ key: privateJwk, format: 'jwk' }),
        createdAt: new Date(row.created_at).getTime(),
      });
    }
    this.#keys = next;
  }

  /** The key to sign with now; makes (and stores) a new one when the newest is too old. */
  async current(): Promise<{ kid: string; privateKey: KeyObject }> {
    const newest = this.#newest();
    if (newest && this.#now() - newest.createdAt < this.#rotationMs) return newest;
    this.#rotating ??= this.#rotate().finally(() => {
      this.#rotating = null;
    });
    return this.#rotating;
  }

  /** The public key for `kid`, reloading once from the database when it is not known yet. */
  async publicKey(kid: string | undefined): Promise<KeyObject | undefined> {
    if (!kid) return undefined;
    const known = this.#keys.get(kid);
    if (known) return this.#usable(known) ? known.publicKey : undefined;
    if (this.#now() - this.#lastReload < RELOAD_THROTTLE_MS) return undefined;
    await this.load();
    const loaded = this.#keys.get(kid);
    return loaded && this.#usable(loaded) ? loaded.publicKey : undefined;
  }

  /** The public keys still accepted, as a JWKS (e.g. for other services that verify tokens). */
  jwks(): { keys: JsonWebKey[] } {
    return {
      keys: [...this.#keys.values()]
        .filter((k) => this.#usable(k))
        .map((k) => ({
          ...k.publicKey.export({ format: 'jwk' }),
          kid: k.kid,
          alg: 'EdDSA',
          use: 'sig',
        })),
    };
  }

  #usable(key: LoadedKey) {
    return this.#now() - key.createdAt < this.#retainMs;
  }

  #newest(): LoadedKey | undefined {
    let newest: LoadedKey | undefined;
    for (const k of this.#keys.values()) if (!newest || k.createdAt > newest.createdAt) newest = k;
    return newest;
  }

  async #rotate(): Promise<LoadedKey> {
    // Another replica may have rotated already: prefer its key over making one more.
    await this.load();
    const newest = this.#newest();
    if (newest && this.#now() - newest.createdAt < this.#rotationMs) return newest;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const kid = randomUUID();
    const createdAt = this.#now();
    await this.#db.query(
      'insert into "auth_discord_signing_keys" ("kid", "public_jwk", "private_jwk", "created_at") values ($1, $2, $3, $4)',
      [
        kid,
        JSON.stringify(publicKey.export({ format: 'jwk' })),
        seal(
          this.#sealKey,
          JSON.stringify(privateKey.export({ format: 'jwk' })),
          `signing-key:${kid}`,
        ),
        new Date(createdAt),
      ],
    );
    await this.#db.query('delete from "auth_discord_signing_keys" where "created_at" < $1', [
      new Date(createdAt - this.#retainMs),
    ]);
    const key = { kid, publicKey, privateKey, createdAt };
    this.#keys.set(kid, key);
    return key;
  }
}
