import {
  STREAM_TOPIC_MAX_LENGTH,
  type PnError,
  type StreamClientMessage,
  type StreamError,
} from '@pteronimbus/sdk';
import { StreamMessageInvalid } from '../errors/codes.ts';

type Id = string | number;

/** A client frame read: the message, or why it was refused (with its `id` when it had one). */
export type ReadResult =
  { ok: true; message: StreamClientMessage } | { ok: false; id?: Id; error: PnError };

function isId(value: unknown): value is Id {
  return (
    (typeof value === 'string' && value.length > 0 && value.length <= 64) ||
    (typeof value === 'number' && Number.isSafeInteger(value))
  );
}

/** Reads one text frame from a client; a refusal keeps the socket open and is answered. */
export function readClientMessage(text: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: StreamMessageInvalid('not JSON') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: StreamMessageInvalid('not an object') };
  const m = value as Record<string, unknown>;
  const id = isId(m.id) ? m.id : undefined;
  const refuse = (why: string): ReadResult => ({
    ok: false,
    ...(id !== undefined ? { id } : {}),
    error: StreamMessageInvalid(why),
  });
  if (m.type === 'ping')
    return { ok: true, message: id === undefined ? { type: 'ping' } : { type: 'ping', id } };
  if (m.type !== 'subscribe' && m.type !== 'unsubscribe')
    return refuse('type must be subscribe, unsubscribe or ping');
  if (id === undefined) return refuse('id must be a string of 1 to 64 characters or an integer');
  if (
    typeof m.topic !== 'string' ||
    m.topic.length === 0 ||
    m.topic.length > STREAM_TOPIC_MAX_LENGTH
  )
    return refuse(`topic must be a string of 1 to ${STREAM_TOPIC_MAX_LENGTH} characters`);
  if (m.type === 'unsubscribe')
    return { ok: true, message: { id, type: 'unsubscribe', topic: m.topic } };
  const message: StreamClientMessage = { id, type: 'subscribe', topic: m.topic };
  if (m.since !== undefined) {
    if (!Number.isSafeInteger(m.since) || (m.since as number) < 0)
      return refuse('since must be a non-negative integer');
    message.since = m.since as number;
  }
  if (m.epoch !== undefined) {
    if (typeof m.epoch !== 'string' || m.epoch.length === 0 || m.epoch.length > 64)
      return refuse('epoch must be a string of 1 to 64 characters');
    message.epoch = m.epoch;
  }
  return { ok: true, message };
}

/** A coded error as it travels inside a stream message. */
export function toStreamError(err: PnError): StreamError {
  return {
    code: err.code,
    message: err.message,
    ...(err.details ? { details: err.details } : {}),
  };
}
