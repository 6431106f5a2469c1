import {
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
 * Exactly what core signs for one desired-state document. `spec` is `null` for a deletion. The
 * signature covers the canonical JSON of these five members and nothing else.
 */
export interface SignedPayload {
  kind: DocumentKind;
  tenantId: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown> | null;
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

/** Signs the canonical JSON of `payload`; returns the base64 signature. */
export function signDocument(payload: SignedPayload, privateKey: KeyInput): string {
  const data = Buffer.from(canonicalJson(pick(payload)), 'utf8');
  return sign(null, data, toPrivateKey(privateKey)).toString('base64');
}

/**
 * Whether `signature` (base64) is core's signature of `payload`. Never throws for a bad or
 * missing signature: it answers false. Members other than the five signed ones are ignored, so a
 * caller may pass a whole document.
 */
export function verifyDocument(
  payload: SignedPayload,
  signature: string | null | undefined,
  publicKey: KeyInput,
): boolean {
  if (typeof signature !== 'string' || signature.length === 0) return false;
  const bytes = Buffer.from(signature, 'base64');
  // Ed25519 signatures are exactly 64 bytes; anything else is not worth a verification.
  if (bytes.length !== 64) return false;
  let data: Buffer;
  try {
    data = Buffer.from(canonicalJson(pick(payload)), 'utf8');
  } catch {
    return false;
  }
  return verify(null, data, toPublicKey(publicKey), bytes);
}

function pick(payload: SignedPayload): SignedPayload {
  return {
    kind: payload.kind,
    tenantId: payload.tenantId,
    namespace: payload.namespace,
    name: payload.name,
    spec: payload.spec ?? null,
  };
}
