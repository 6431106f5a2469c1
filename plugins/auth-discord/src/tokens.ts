import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { SigningKeys } from './keys.ts';

/** What an access token says about its holder. */
export interface AccessClaims {
  /** Internal user id. */
  sub: string;
  /** Discord user id. */
  did: string;
  /** Display name at issue time. */
  name: string;
  /** Session (refresh-token family) id. */
  sid: string;
  /** Expiry, Unix seconds. */
  exp: number;
}

export const AUDIENCE = 'pteronimbus';
const CACHE_SIZE = 10_000;

/**
 * Issues and verifies access tokens: EdDSA-signed JWTs with a `kid`. Verification is stateless
 * (no store round trip); a token whose bytes were verified before is answered from a bounded
 * in-memory cache until it expires, which keeps the per-request cost to a map lookup.
 */
export class AccessTokens {
  readonly #keys: SigningKeys;
  readonly #issuer: string;
  readonly #ttlSeconds: number;
  readonly #now: () => number;
  readonly #verified = new Map<string, AccessClaims>();

  constructor(options: {
    keys: SigningKeys;
    issuer: string;
    ttlSeconds: number;
    now?: () => number;
  }) {
    this.#keys = options.keys;
    this.#issuer = options.issuer;
    this.#ttlSeconds = options.ttlSeconds;
    this.#now = options.now ?? Date.now;
  }

  get ttlSeconds(): number {
    return this.#ttlSeconds;
  }

  async issue(subject: {
    userId: string;
    discordId: string;
    name: string;
    sessionId: string;
  }): Promise<{ token: string; expiresAt: number }> {
    const { kid, privateKey } = await this.#keys.current();
    const iat = Math.floor(this.#now() / 1000);
    const exp = iat + this.#ttlSeconds;
    const token = await new SignJWT({
      did: subject.discordId,
      name: subject.name,
      sid: subject.sessionId,
    })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .setSubject(subject.userId)
      .setIssuer(this.#issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(privateKey);
    return { token, expiresAt: exp * 1000 };
  }

  /** The claims of a valid token, or `null` for anything forged, expired, malformed or unknown. */
  async verify(token: string): Promise<AccessClaims | null> {
    const nowSeconds = this.#now() / 1000;
    const hit = this.#verified.get(token);
    if (hit) {
      if (hit.exp > nowSeconds) return hit;
      this.#verified.delete(token);
      return null;
    }
    if (token.length > 4096) return null;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = await this.#keys.publicKey(header.kid);
          if (!key) throw new TypeError('unknown key id');
          return key;
        },
        {
          algorithms: ['EdDSA'],
          issuer: this.#issuer,
          audience: AUDIENCE,
          currentDate: new Date(this.#now()),
          requiredClaims: ['sub', 'exp'],
        },
      ));
    } catch {
      return null;
    }
    const { sub, did, name, sid, exp } = payload as Partial<AccessClaims>;
    if (
      typeof sub !== 'string' ||
      typeof did !== 'string' ||
      typeof sid !== 'string' ||
      typeof exp !== 'number'
    )
      return null;
    const claims: AccessClaims = {
      sub,
      did,
      name: typeof name === 'string' ? name : did,
      sid,
      exp,
    };
    if (this.#verified.size >= CACHE_SIZE) this.#prune(nowSeconds);
    this.#verified.set(token, claims);
    return claims;
  }

  #prune(nowSeconds: number) {
    for (const [token, claims] of this.#verified)
      if (claims.exp <= nowSeconds) this.#verified.delete(token);
    // Still full: drop the oldest half; they are verified again on their next use.
    if (this.#verified.size >= CACHE_SIZE) {
      let n = CACHE_SIZE / 2;
      for (const token of this.#verified.keys()) {
        if (n-- <= 0) break;
        this.#verified.delete(token);
      }
    }
  }
}
