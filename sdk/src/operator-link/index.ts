export { CanonicalJsonError, canonicalJson } from './canonical.ts';
export {
  SigningKeyInvalidError,
  encodePublicKey,
  generateSigningKeyPair,
  signDocument,
  signingKeyPairFromSeed,
  toPrivateKey,
  toPublicKey,
  verifyDocument,
  type DocumentKind,
  type KeyInput,
  type SignedPayload,
} from './signing.ts';
export * from './messages.ts';
