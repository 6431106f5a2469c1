import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  encodePublicKey,
  generateSigningKeyPair,
  signDocument,
  signingKeyPairFromSeed,
  toPrivateKey,
  toPublicKey,
  verifyDocument,
  type SignedPayload,
} from './signing.ts';

const payload: SignedPayload = {
  kind: 'GameServer',
  tenantId: '123456789012345678',
  namespace: 'pn-123456789012345678',
  name: 'survival',
  spec: { resources: { cpu: 1000, memory: 2048, disk: 4096 }, desiredState: 'Running' },
};

describe('document signatures', () => {
  const { privateKey, publicKey } = generateSigningKeyPair();

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
    const doc = { ...payload, revision: 7, deleted: false } as SignedPayload;
    expect(verifyDocument(doc, signature, publicKey)).toBe(true);
  });

  it.each<[string, Partial<SignedPayload>]>([
    ['another tenant', { tenantId: '999' }],
    ['another namespace', { namespace: 'pn-999' }],
    ['another name', { name: 'creative' }],
    ['another kind', { kind: 'GameTemplate' }],
    ['a changed spec', { spec: { ...payload.spec, desiredState: 'Stopped' } }],
    ['no spec', { spec: null }],
  ])('refuses %s', (_label, change) => {
    const signature = signDocument(payload, privateKey);
    expect(verifyDocument({ ...payload, ...change }, signature, publicKey)).toBe(false);
  });

  it('refuses missing, malformed and foreign signatures without throwing', () => {
    const other = generateSigningKeyPair();
    expect(verifyDocument(payload, undefined, publicKey)).toBe(false);
    expect(verifyDocument(payload, '', publicKey)).toBe(false);
    expect(verifyDocument(payload, 'bm90IGEgc2lnbmF0dXJl', publicKey)).toBe(false);
    expect(verifyDocument(payload, signDocument(payload, other.privateKey), publicKey)).toBe(false);
    expect(verifyDocument({ ...payload, spec: { n: Number.NaN } }, 'x'.repeat(88), publicKey)).toBe(
      false,
    );
  });

  it('signs deletions with a null spec', () => {
    const deletion = { ...payload, spec: null };
    expect(verifyDocument(deletion, signDocument(deletion, privateKey), publicKey)).toBe(true);
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
    const signature = signDocument(payload, pkcs8);
    expect(verifyDocument(payload, signature, spki)).toBe(true);
    expect(verifyDocument(payload, signDocument(payload, privateJwk), jwk)).toBe(true);
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
