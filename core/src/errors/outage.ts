import type { PnError } from '@pteronimbus/sdk';
import { DatabaseUnavailable, RedisUnavailable } from './codes.ts';

// PostgreSQL SQLSTATE classes that mean the server or the connection is gone, not the query:
// 08 connection exception, 57P01–57P03 admin shutdown / crash shutdown / cannot connect now.
const PG_CONNECTION_STATES = /^(08\d{3}|57P0[1-3])$/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
// What node-postgres throws without a code when a connection dies or none can be had in time.
const PG_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i;
// ioredis: the command gave up while Redis was unreachable.
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError']);
const REDIS_MESSAGES =
  /^(Connection is closed\.|Reached the max retries per request limit|Command timed out)/;

function chain(err: unknown): Array<{ code?: unknown; message?: unknown; name?: unknown }> {
  const out: Array<{ code?: unknown; message?: unknown; name?: unknown }> = [];
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    out.push(e as never);
    e = (e as { cause?: unknown }).cause ?? (e as { previous?: unknown }).previous;
  }
  return out;
}

/**
 * Maps an error meaning "a dependency is down" onto its coded 503, or `null`. The message names
 * the dependency only: driver messages carry hosts, ports and SQL, which callers must not read.
 */
export function outageError(err: unknown): PnError | null {
  const errors = chain(err);
  for (const [depth, e] of errors.entries()) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : '';
    const name = typeof e.name === 'string' ? e.name : '';
    if (REDIS_NAMES.has(name) || REDIS_MESSAGES.test(message))
      return RedisUnavailable('retry shortly');
    if (PG_CONNECTION_STATES.test(code) || PG_MESSAGES.test(message))
      return DatabaseUnavailable('retry shortly');
    // A bare socket error is the pool's own (it throws it as is) or sits under MikroORM's
    // ConnectionException; one under anything else (a failed fetch) is not the database's.
    if (
      SOCKET_CODES.has(code) &&
      (depth === 0 || errors[depth - 1]?.name === 'ConnectionException')
    )
      return DatabaseUnavailable('retry shortly');
  }
  return null;
}
