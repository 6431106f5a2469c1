import { hkdfSync, type KeyObject } from 'node:crypto';
import {
  encodePublicKey,
  keyId,
  signKeySet,
  signingKeyPairFromSeed,
  type KeySet,
  type PublishedKey,
} from '@pteronimbus/sdk';
import type { Database } from '../db/orm.ts';

/** One of core's link signing keys. */
export interface SigningKey {
  generation: number;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 SPKI DER. */
  encoded: string;
}

/** How many generations are published and verify at once: the current one and the one before. */
export const ACTIVE_GENERATIONS = 2;

/**
 * The key pair of one generation, derived from the installation's secret key: the same secret
 * always gives the same keys, so nothing secret is stored, and every replica signs alike. The
 * first generation keeps the derivation of the unnumbered key that came before rotation, so
 * operators that joined earlier keep verifying.
 */
export function deriveSigningKeys(secretKey: string, generation = 1) {
  const info =
    generation === 1 ? 'operator-link:signing-key' : `operator-link:signing-key:${generation}`;
  const seed = new Uint8Array(hkdfSync('sha256', secretKey, 'pteronimbus-core', info, 32));
  return signingKeyPairFromSeed(seed);
}

/**
 * Core's link signing keys: numbered generations in `pn_link_signing_keys` (ids only), the
 * highest signs, the two highest are published to operators. Without a row, generation 1 is the
 * current key.
 */
export class SigningKeys {
  readonly #db: Pick<Database, 'query'>;
  readonly #secretKey: string;
  readonly #derived = new Map<number, SigningKey>();

  constructor(db: Pick<Database, 'query'>, secretKey: string) {
    this.#db = db;
    this.#secretKey = secretKey;
  }

  /** The key of `generation`. */
  key(generation: number): SigningKey {
    let key = this.#derived.get(generation);
    if (!key) {
      const pair = deriveSigningKeys(this.#secretKey, generation);
      key = {
        generation,
        kid: keyId(pair.publicKey),
        ...pair,
        encoded: encodePublicKey(pair.publicKey),
      };
      this.#derived.set(generation, key);
    }
    return key;
  }

  /** The published keys, current first. */
  async active(): Promise<SigningKey[]> {
    const rows = await this.#db.query<{ generation: number }>(
      `select "generation" from "pn_link_signing_keys" order by "generation" desc limit $1`,
      [ACTIVE_GENERATIONS],
    );
    return rows.length === 0 ? [this.key(1)] : rows.map((r) => this.key(Number(r.generation)));
  }

  /** The key that signs now. */
  async current(): Promise<SigningKey> {
    return (await this.active())[0]!;
  }

  /** The published keys with their ids, as operators store them. */
  async published(): Promise<PublishedKey[]> {
    return (await this.active()).map((k) => ({ kid: k.kid, publicKey: k.encoded }));
  }

  /**
   * The published keys, signed by the oldest of them: an operator that knew the keys before the
   * last rotation trusts that one, so it can take the new key from it.
   */
  async keySet(): Promise<KeySet> {
    const active = await this.active();
    const keys = active.map((k) => ({ kid: k.kid, publicKey: k.encoded }));
    const signer = active[active.length - 1]!;
    return {
      serial: active[0]!.generation,
      keys,
      ...signKeySet(active[0]!.generation, keys, signer.privateKey),
    };
  }

  /** Makes the next generation the current key; returns it. */
  async rotate(by: string | null): Promise<SigningKey> {
    // Generation 1 was current without a row; record it so the count starts from it.
    await this.#db.query(
      `insert into "pn_link_signing_keys" ("generation","key_id") values (1, $1) on conflict do nothing`,
      [this.key(1).kid],
    );
    for (;;) {
      const [row] = await this.#db.query<{ generation: number }>(
        `select max("generation") as "generation" from "pn_link_signing_keys"`,
      );
      const next = this.key(Number(row?.generation ?? 1) + 1);
      const inserted = await this.#db.query(
        `insert into "pn_link_signing_keys" ("generation","key_id","created_by") values ($1,$2,$3)
         on conflict do nothing returning "generation"`,
        [next.generation, next.kid, by],
      );
      // Another replica rotated at the same moment: count again from its generation.
      if (inserted.length > 0) return next;
    }
  }
}
