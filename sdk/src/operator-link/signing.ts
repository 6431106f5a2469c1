import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { createError } from '../errors.ts';
import { canonicalJson } from './canonical.ts';

/** Raised for a key that is not an Ed25519 key in a form this module reads. */
export const SigningKeyInvalidError = createError<[string]>(
  'PN_SIGNING_KEY_INVALID',
  'Not a usable Ed25519 key: %s',
  400,
);

/** The kinds of desired-state documents core signs. */
export type DocumentKind = 'Tenant' | 'GameTemplate' | 'GameServer';

/**
 * Version of what a document signature covers. Version 2 binds the signature to the cluster, the
 * revision, the deletion flag and the signing key's id; version 1 (the five object members only)
 * is no longer accepted.
 */
export const SIGNATURE_VERSION = 2;

/**
 * Exactly what core signs for one desired-state document. `spec` is `null` for a deletion, and
 * only then; `deleted` says which it is. The signature covers the canonical JSON of these members
 * plus `v` ({@link SIGNATURE_VERSION}) and nothing else, so a document signed for one cluster,
 * revision or object cannot be passed off as another.
 */
export interface SignedPayload {
  /** The cluster the document is for. */
  clusterId: string;
  /** Its revision in that cluster's desired-state log. */
  revision: number;
  /** Id of the key that signed it (see {@link keyId}). */
  kid: string;
  kind: DocumentKind;
  tenantId: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown> | null;
  deleted: boolean;
}

/** Public keys an operator trusts, by key id. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

/** A public key as core publishes it: its id and base64 SPKI DER. */
export interface PublishedKey {
  kid: string;
  publicKey: string;
}

/** A key given as a `KeyObject`, or as text: base64 DER (SPKI for public, PKCS#8 for private) or a JWK in JSON. */
export type KeyInput = KeyObject | string;

// An Ed25519 PKCS#8 document is this fixed prefix followed by the 32-byte seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function ensureEd25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw SigningKeyInvalidError(`expected ed25519, got ${key.asymmetricKeyType ?? key.type}`);
  return key;
}

/** Reads a public key (a private key gives its public half). */
export function toPublicKey(input: KeyInput): KeyObject {
  if (typeof input !== 'string') {
    return ensureEd25519(input.type === 'private' ? createPublicKey(input) : input);
  }
  try {
    const text = input.trim();
    const key = text.startsWith('{')
      ? createPublicKey({ key: JSON.parse(text) as never, format: 'jwk' })
      : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return ensureEd25519(key);
  } catch (err) {
    if (SigningKeyInvalidError.is(err)) throw err;
    throw SigningKeyInvalidError((err as Error).message);
  }
}

/** Reads a private key. */
export function toPrivateKey(input: KeyInput): KeyObject {
  if (typeof input !== 'string') {
    if (input.type !== 'private') throw SigningKeyInvalidError('a public key cannot sign');
    return ensureEd25519(input);
  }
  try {
    const text = input.trim();
    const key = text.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(text) as never, format: 'jwk' })
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
    return ensureEd25519(key);
  } catch (err) {
    if (SigningKeyInvalidError.is(err)) throw err;
    throw SigningKeyInvalidError((err as Error).message);
  }
}

/** The public key as base64 SPKI DER, the form core hands to operators. */
export function encodePublicKey(key: KeyInput): string {
  return toPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** A fresh Ed25519 key pair. */
export function generateSigningKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

/**
 * The Ed25519 key pair whose private key is the 32-byte `seed`. The same seed always gives the
 * same pair, so a key derived from a long-lived secret needs no storage of its own.
 */
export function signingKeyPairFromSeed(seed: Uint8Array): {
  privateKey: KeyObject;
  publicKey: KeyObject;
} {
  if (seed.length !== 32) throw SigningKeyInvalidError(`a seed has 32 bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * The id of a key: `ed25519-` and the first 16 characters of the base64url SHA-256 of its public
 * key (SPKI DER). Derived from the key itself, so it needs no registry and two keys never share
 * one by accident.
 */
export function keyId(key: KeyInput): string {
  const der = toPublicKey(key).export({ format: 'der', type: 'spki' });
  return `ed25519-${createHash('sha256').update(der).digest('base64url').slice(0, 16)}`;
}

/** The key ring of `keys` (public keys, or private keys for their public half), by key id. */
export function trustKeys(keys: Iterable<KeyInput>): Map<string, KeyObject> {
  const ring = new Map<string, KeyObject>();
  for (const key of keys) {
    const publicKey = toPublicKey(key);
    ring.set(keyId(publicKey), publicKey);
  }
  return ring;
}

function ringOf(keys: KeyInput | TrustedKeys): TrustedKeys {
  return keys instanceof Map ? keys : trustKeys([keys as KeyInput]);
}

/**
 * Signs the canonical JSON of `payload` with `privateKey`, whose id must be `payload.kid`;
 * returns the base64 signature.
 */
export function signDocument(payload: SignedPayload, privateKey: KeyInput): string {
  const key = toPrivateKey(privateKey);
  if (payload.kid !== keyId(key))
    throw SigningKeyInvalidError(`the payload names key ${payload.kid}, not ${keyId(key)}`);
  const data = Buffer.from(canonicalJson(pick(payload)), 'utf8');
  return sign(null, data, key).toString('base64');
}

/**
 * Whether `signature` (base64) is core's signature of `payload` by the key `payload.kid` names,
 * which must be one of `keys` (a single key counts as a ring of one). Never throws for a bad or
 * missing signature, an unknown key id or a malformed payload: it answers false. Members other
 * than the signed ones are ignored, so a caller may pass a whole document.
 */
export function verifyDocument(
  payload: SignedPayload,
  signature: string | null | undefined,
  keys: KeyInput | TrustedKeys,
): boolean {
  if (typeof signature !== 'string' || signature.length === 0) return false;
  const bytes = Buffer.from(signature, 'base64');
  // Ed25519 signatures are exactly 64 bytes; anything else is not worth a verification.
  if (bytes.length !== 64) return false;
  if (!Number.isSafeInteger(payload.revision) || payload.revision < 1) return false;
  if (typeof payload.clusterId !== 'string' || payload.clusterId.length === 0) return false;
  // A deletion carries no spec and anything else does: the two cannot stand for each other.
  if (typeof payload.deleted !== 'boolean' || payload.deleted !== (payload.spec == null))
    return false;
  const key = typeof payload.kid === 'string' ? ringOf(keys).get(payload.kid) : undefined;
  if (!key) return false;
  let data: Buffer;
  try {
    data = Buffer.from(canonicalJson(pick(payload)), 'utf8');
  } catch {
    return false;
  }
  return verify(null, data, key, bytes);
}

/** The canonical JSON of a key set core publishes, as {@link signKeySet} signs it. */
function keySetPayload(serial: number, keys: readonly PublishedKey[], kid: string) {
  return canonicalJson({
    purpose: 'operator-link-keys',
    v: SIGNATURE_VERSION,
    serial,
    kid,
    keys: [...keys]
      .map((k) => ({ kid: k.kid, publicKey: k.publicKey }))
      .sort((a, b) => (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0)),
  });
}

/**
 * Signs a key set (`serial` rises with every rotation) with `privateKey`, one of the keys an
 * operator already trusts, so a new key is only ever introduced by a trusted one.
 */
export function signKeySet(
  serial: number,
  keys: readonly PublishedKey[],
  privateKey: KeyInput,
): { kid: string; signature: string } {
  const key = toPrivateKey(privateKey);
  const kid = keyId(key);
  const data = Buffer.from(keySetPayload(serial, keys, kid), 'utf8');
  return { kid, signature: sign(null, data, key).toString('base64') };
}

/**
 * Whether a key set was signed by one of `trusted`, and every key in it carries its true id.
 * Never throws: a malformed set answers false.
 */
export function verifyKeySet(
  set: { serial: number; keys: readonly PublishedKey[]; kid: string; signature: string },
  trusted: TrustedKeys,
): boolean {
  const key = trusted.get(set.kid);
  if (!key) return false;
  try {
    for (const k of set.keys) if (keyId(k.publicKey) !== k.kid) return false;
    const bytes = Buffer.from(set.signature, 'base64');
    if (bytes.length !== 64) return false;
    const data = Buffer.from(keySetPayload(set.serial, set.keys, set.kid), 'utf8');
    return verify(null, data, key, bytes);
  } catch {
    return false;
  }
}

function pick(payload: SignedPayload) {
  return {
    v: SIGNATURE_VERSION,
    clusterId: payload.clusterId,
    revision: payload.revision,
    kid: payload.kid,
    kind: payload.kind,
    tenantId: payload.tenantId,
    namespace: payload.namespace,
    name: payload.name,
    spec: payload.spec ?? null,
    deleted: payload.deleted,
  };
}
