import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM with a random 96-bit nonce. `context` is bound as additional data, so a sealed
 * value copied into another row or column no longer opens. Output: `v1.<base64url(iv|ct|tag)>`.
 */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/** Opens what {@link seal} produced; throws when the key, context or bytes do not match. */
export function open(key: Buffer, sealed: string, context: string): string {
  const [version, data] = sealed.split('.', 2);
  if (version !== VERSION || !data) throw new TypeError('unknown sealed format');
  const raw = Buffer.from(data, 'base64url');
  if (raw.length < 28) throw new TypeError('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([
    decipher.update(raw.subarray(12, raw.length - 16)),
    decipher.final(),
  ]).toString('utf8');
}

/** SHA-256 hex of an opaque token: what the store keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh opaque token with 256 bits of randomness. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
