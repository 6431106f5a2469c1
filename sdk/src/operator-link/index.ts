export { CanonicalJsonError, canonicalJson } from './canonical.ts';
export {
  SIGNATURE_VERSION,
  SigningKeyInvalidError,
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
  type DocumentKind,
  type KeyInput,
  type PublishedKey,
  type TrustedKeys,
  type SignedPayload,
} from './signing.ts';
export * from './messages.ts';
