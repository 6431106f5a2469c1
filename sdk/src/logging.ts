// What core and the operator share about their log lines: both log with pino, and both mask the
// same credentials before a line is written, so one log pipeline reads either.

/** Keys whose values never reach the log, at any depth (compared case-insensitively). */
const SECRET_KEYS = new Set(
  [
    'password',
    'secret',
    'token',
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'clientSecret',
    'client_secret',
    'botToken',
    'secretKey',
    'code_verifier',
    'databaseUrl',
    'redisUrl',
    'authorization',
    'cookie',
    'set-cookie',
    'x-csrf-token',
    // The operator's cluster credential (its link's bearer secret).
    'credential',
  ].map((k) => k.toLowerCase()),
);

/** Objects with their own serializer, already reduced to safe fields. */
const SERIALIZED = new Set(['req', 'res', 'err']);

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(value);
}

function mask(value: unknown, depth: number): unknown {
  if (depth > 6 || !isPlain(value)) return value;
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const v = value[key];
    const masked = SECRET_KEYS.has(key.toLowerCase()) ? '***' : mask(v, depth + 1);
    if (masked !== v) {
      out ??= { ...value };
      out[key] = masked;
    }
  }
  return out ?? value;
}

/**
 * Replaces the value of every secret-looking key (passwords, tokens, secrets, cookies,
 * credentials), at any depth, with `***`. One walk over what is logged; objects are copied only
 * where something is masked. It is pino's `formatters.log` in core and in the operator.
 */
export function maskSecrets(obj: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    if (SERIALIZED.has(key)) continue;
    const v = obj[key];
    const masked = SECRET_KEYS.has(key.toLowerCase()) ? '***' : mask(v, 1);
    if (masked !== v) {
      out ??= { ...obj };
      out[key] = masked;
    }
  }
  return out ?? obj;
}

/** Query parameters that carry credentials; their values are masked in logged URLs. */
const SECRET_QUERY =
  /([?&](?:code|state|token|ticket|access_token|refresh_token|code_verifier)=)[^&#]*/gi;

/** Masks credential-bearing query values and passwords in a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1***').replace(/\/\/[^@/?#]*@/, '//***@');
}
