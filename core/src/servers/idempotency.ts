import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson, type KeyValueStore } from '@pteronimbus/sdk';
import { BadRequest, IdempotencyKeyInProgress, IdempotencyKeyReused } from '../errors/codes.ts';

/** The request header naming a retry-safe request. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long an answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const IN_PROGRESS_TTL_MS = 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

interface Stored {
  fingerprint: string;
  status?: number;
  body?: unknown;
}

/**
 * Runs a change once per `Idempotency-Key`: a retry with the same key, method, path and body gets
 * the first answer again (for 24 hours); the same key with anything else is refused with 422.
 * Keys are per caller, so two callers cannot see each other's answers. Without the header the
 * change simply runs. Only successful answers are kept; a failure frees the key for a retry.
 */
export async function idempotent<T>(
  kv: KeyValueStore,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  run: () => Promise<T>,
): Promise<T> {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) {
    reply.code(status);
    return run();
  }
  if (typeof header !== 'string' || !KEY.test(header))
    throw BadRequest('Idempotency-Key must be 1 to 255 visible ASCII characters');
  const who = request.principal?.userId ?? 'anonymous';
  const key = `idem:${createHash('sha256').update(`${who}\n${header}`).digest('hex')}`;
  const fingerprint = createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
  const claimed = await kv.setIfAbsent(key, JSON.stringify({ fingerprint } satisfies Stored), {
    ttlMs: IN_PROGRESS_TTL_MS,
  });
  if (!claimed) {
    const stored = JSON.parse((await kv.get(key)) ?? 'null') as Stored | null;
    if (stored && stored.fingerprint !== fingerprint) throw IdempotencyKeyReused();
    if (!stored || stored.status === undefined) throw IdempotencyKeyInProgress();
    reply.code(stored.status).header('idempotent-replayed', 'true');
    return stored.body as T;
  }
  try {
    const body = await run();
    await kv.set(key, JSON.stringify({ fingerprint, status, body } satisfies Stored), {
      ttlMs: IDEMPOTENCY_TTL_MS,
    });
    reply.code(status);
    return body;
  } catch (err) {
    await kv.delete(key);
    throw err;
  }
}
