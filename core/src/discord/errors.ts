import { DiscordAPIError, HTTPError, RateLimitError } from '@discordjs/rest';
import { isPnError, type PnError } from '@pteronimbus/sdk';
import {
  DiscordForbidden,
  DiscordNotFound,
  DiscordRateLimited,
  DiscordRejected,
  DiscordUnauthorized,
  DiscordUnavailable,
} from '../errors/codes.ts';

/** Whether a failed call may be sent again: 5xx answers and lost connections. */
export function isTransient(err: unknown, method: string): boolean {
  const status = err instanceof HTTPError || err instanceof DiscordAPIError ? err.status : null;
  if (status !== null) {
    if (status < 500) return false;
    // A POST that reached Discord may have been applied; only an edge that never forwarded it
    // (502, 503, 504) is safe to repeat.
    return method === 'GET' || status === 502 || status === 503 || status === 504;
  }
  if (err instanceof RateLimitError || isPnError(err)) return false;
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (method !== 'GET') return code === 'ECONNREFUSED';
  return e.name === 'AbortError' || e.name === 'TypeError' || typeof code === 'string';
}

/**
 * Maps what `@discordjs/rest` throws onto coded errors. `what` names the object asked for, for
 * the message; Discord's numeric error code goes into `details.discordCode`. Request bodies, URLs
 * and tokens never reach the error.
 */
export function toDiscordError(err: unknown, what: string): PnError {
  if (isPnError(err)) return err;
  if (err instanceof RateLimitError) {
    return DiscordRateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(err.retryAfter / 1000)) });
  }
  if (err instanceof DiscordAPIError) {
    const details = { discordCode: err.code };
    if (err.status === 401) return DiscordUnauthorized();
    if (err.status === 403) return DiscordForbidden(what, details);
    if (err.status === 404) return DiscordNotFound(what, details);
    if (err.status === 429) return DiscordRateLimited({ retryAfterSeconds: 1 });
    if (err.status >= 500) return DiscordUnavailable(`HTTP ${err.status}`, { status: err.status });
    const message = (err.rawError as { message?: unknown }).message;
    return DiscordRejected(typeof message === 'string' ? message : `HTTP ${err.status}`, details);
  }
  if (err instanceof HTTPError)
    return DiscordUnavailable(`HTTP ${err.status}`, { status: err.status });
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (e.name === 'AbortError') return DiscordUnavailable('the request timed out');
  return DiscordUnavailable(
    `cannot connect (${e.code ?? e.cause?.code ?? e.name ?? 'network error'})`,
  );
}
