import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  encodePublicKey,
  generateSigningKeyPair,
  keyId,
  signDocument,
  signKeySet,
  signingKeyPairFromSeed,
  toPrivateKey,
  toPublicKey,
  trustKeys,
  verifyDocument,
  verifyKeySet,
  type KeyInput,
  type SignedPayload,
} from './signing.ts';

const { privateKey, publicKey } = generateSigningKeyPair();

const payload: SignedPayload = {
  clusterId: 'cl_0123456789abcdef',
  revision: 7,
  kid: keyId(publicKey),
  kind: 'GameServer',
  tenantId: '123456789012345678',
  namespace: 'pn-123456789012345678',
  name: 'survival',
  spec: { resources: { cpu: 1000, memory: 2048, disk: 4096 }, desiredState: 'Running' },
  deleted: false,
};

/** The payload as signed by `key`. */
const by = (key: KeyInput): SignedPayload => ({ ...payload, kid: keyId(key) });

describe('document signatures', () => {
  it('verifies what it signed, whatever the key order of the spec', () => {
    const signature = signDocument(payload, privateKey);
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    const reordered = {
      ...payload,
      spec: { desiredState: 'Running', resources: payload.spec!.resources },
    };
    expect(verifyDocument(reordered, signature, publicKey)).toBe(true);
  });

  it('ignores members outside the signed payload', () => {
    const signature = signDocument(payload, privateKey);
    const doc = { ...payload, type: 'document', signature: 'x' } as SignedPayload;
    expect(verifyDocument(doc, signature, publicKey)).toBe(true);
  });

  it.each<[string, Partial<SignedPayload>]>([
    ['another tenant', { tenantId: '999' }],
    ['another namespace', { namespace: 'pn-999' }],
    ['another name', { name: 'creative' }],
    ['another kind', { kind: 'GameTemplate' }],
    ['a changed spec', { spec: { ...payload.spec, desiredState: 'Stopped' } }],
    ['no spec', { spec: null }],
    ['another cluster', { clusterId: 'cl_fedcba9876543210' }],
    ['an older revision', { revision: 6 }],
    ['a newer revision', { revision: 8 }],
    ['a deletion', { deleted: true, spec: null }],
    ['another key id', { kid: 'ed25519-AAAAAAAAAAAAAAAA' }],
  ])('refuses %s', (_label, change) => {
    const signature = signDocument(payload, privateKey);
    expect(verifyDocument({ ...payload, ...change }, signature, publicKey)).toBe(false);
  });

  it('refuses missing, malformed and foreign signatures without throwing', () => {
    const other = generateSigningKeyPair();
    expect(verifyDocument(payload, undefined, publicKey)).toBe(false);
    expect(verifyDocument(payload, '', publicKey)).toBe(false);
    expect(verifyDocument(payload, 'bm90IGEgc2lnbmF0dXJl', publicKey)).toBe(false);
    expect(
      verifyDocument(
        by(other.publicKey),
        signDocument(by(other.privateKey), other.privateKey),
        publicKey,
      ),
    ).toBe(false);
    expect(verifyDocument({ ...payload, spec: { n: Number.NaN } }, 'x'.repeat(88), publicKey)).toBe(
      false,
    );
  });

  it('signs deletions with a null spec, and a deletion never verifies as an upsert', () => {
    const deletion = { ...payload, spec: null, deleted: true };
    const signature = signDocument(deletion, privateKey);
    expect(verifyDocument(deletion, signature, publicKey)).toBe(true);
    expect(verifyDocument({ ...deletion, deleted: false }, signature, publicKey)).toBe(false);
    expect(verifyDocument({ ...deletion, spec: {} }, signature, publicKey)).toBe(false);
    // A payload whose flag and spec disagree is never signed into something verifiable.
    expect(
      verifyDocument(
        { ...payload, deleted: true },
        signDocument({ ...payload, deleted: true }, privateKey),
        publicKey,
      ),
    ).toBe(false);
  });

  it('refuses to sign with a key other than the one the payload names', () => {
    expect(() => signDocument(payload, generateSigningKeyPair().privateKey)).toThrow(
      expect.objectContaining({ code: 'PN_SIGNING_KEY_INVALID' }),
    );
  });

  it('verifies against a key ring by key id, and refuses a key id outside it', () => {
    const next = generateSigningKeyPair();
    const ring = trustKeys([publicKey, next.publicKey]);
    expect([...ring.keys()]).toEqual([keyId(publicKey), keyId(next.publicKey)]);
    expect(verifyDocument(payload, signDocument(payload, privateKey), ring)).toBe(true);
    const newer = by(next.privateKey);
    expect(verifyDocument(newer, signDocument(newer, next.privateKey), ring)).toBe(true);
    expect(
      verifyDocument(newer, signDocument(newer, next.privateKey), trustKeys([publicKey])),
    ).toBe(false);
  });
});

describe('key sets', () => {
  it('verifies a key set signed by a trusted key, and nothing else', () => {
    const next = generateSigningKeyPair();
    const keys = [
      { kid: keyId(next.publicKey), publicKey: encodePublicKey(next.publicKey) },
      { kid: keyId(publicKey), publicKey: encodePublicKey(publicKey) },
    ];
    const signed = { serial: 2, keys, ...signKeySet(2, keys, privateKey) };
    expect(verifyKeySet(signed, trustKeys([publicKey]))).toBe(true);
    // Signed by a key the operator does not know yet: not taken.
    const selfSigned = { serial: 2, keys, ...signKeySet(2, keys, next.privateKey) };
    expect(verifyKeySet(selfSigned, trustKeys([publicKey]))).toBe(false);
    expect(verifyKeySet({ ...signed, serial: 3 }, trustKeys([publicKey]))).toBe(false);
    // A key under another key's id.
    const lying = [{ kid: keyId(publicKey), publicKey: encodePublicKey(next.publicKey) }];
    expect(
      verifyKeySet(
        { serial: 2, keys: lying, ...signKeySet(2, lying, privateKey) },
        trustKeys([publicKey]),
      ),
    ).toBe(false);
  });
});

describe('keys', () => {
  it('derives the same pair from the same seed, and another from another seed', () => {
    const seed = randomBytes(32);
    const a = signingKeyPairFromSeed(seed);
    const b = signingKeyPairFromSeed(Uint8Array.from(seed));
    expect(encodePublicKey(a.publicKey)).toBe(encodePublicKey(b.publicKey));
    expect(encodePublicKey(signingKeyPairFromSeed(randomBytes(32)).publicKey)).not.toBe(
      encodePublicKey(a.publicKey),
    );
    expect(() => signingKeyPairFromSeed(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('reads public keys as base64 SPKI DER and as JWK, and private keys as PKCS#8 and JWK', () => {
    const { privateKey, publicKey } = generateSigningKeyPair();
    const spki = encodePublicKey(publicKey);
    const jwk = JSON.stringify(publicKey.export({ format: 'jwk' }));
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const privateJwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    const own = by(publicKey);
    const signature = signDocument(own, pkcs8);
    expect(verifyDocument(own, signature, spki)).toBe(true);
    expect(verifyDocument(own, signDocument(own, privateJwk), jwk)).toBe(true);
    expect(encodePublicKey(privateKey)).toBe(spki);
    expect(toPublicKey(privateKey).type).toBe('public');
    expect(toPrivateKey(privateKey)).toBe(privateKey);
  });

  it('refuses keys that are not Ed25519 or not keys at all', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => toPublicKey(ec.publicKey)).toThrow(
      expect.objectContaining({ code: 'PN_SIGNING_KEY_INVALID' }),
    );
    expect(() =>
      toPublicKey(ec.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')),
    ).toThrow(/expected ed25519/);
    expect(() => toPublicKey('not a key')).toThrow(
      expect.objectContaining({ code: 'PN_SIGNING_KEY_INVALID' }),
    );
    expect(() => toPrivateKey('not a key')).toThrow(
      expect.objectContaining({ code: 'PN_SIGNING_KEY_INVALID' }),
    );
    expect(() => toPrivateKey(generateSigningKeyPair().publicKey)).toThrow(/cannot sign/);
  });
});
