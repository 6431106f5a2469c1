import { describe, expect, it } from 'vitest';
import { readClientMessage } from './protocol.ts';

const read = (value: unknown) =>
  readClientMessage(typeof value === 'string' ? value : JSON.stringify(value));

describe('client messages', () => {
  it('read subscribe (with since and epoch), unsubscribe and ping', () => {
    expect(
      read({ id: 1, type: 'subscribe', topic: 'tenant/t1/events', since: 4, epoch: 'ab' }),
    ).toEqual({
      ok: true,
      message: { id: 1, type: 'subscribe', topic: 'tenant/t1/events', since: 4, epoch: 'ab' },
    });
    expect(read({ id: 'x', type: 'unsubscribe', topic: 't' })).toEqual({
      ok: true,
      message: { id: 'x', type: 'unsubscribe', topic: 't' },
    });
    expect(read({ type: 'ping' })).toEqual({ ok: true, message: { type: 'ping' } });
    expect(read({ type: 'ping', id: 3 })).toEqual({ ok: true, message: { type: 'ping', id: 3 } });
  });

  it('refuse with PN_STREAM_MESSAGE_INVALID, keeping the id to answer to', () => {
    const cases: Array<[unknown, RegExp, (string | number)?]> = [
      ['{nope', /not JSON/],
      [[1], /not an object/],
      [{ id: 1, type: 'publish', topic: 't' }, /type must be/, 1],
      [{ type: 'subscribe', topic: 't' }, /id must be/],
      [{ id: '', type: 'subscribe', topic: 't' }, /id must be/],
      [{ id: 2, type: 'subscribe' }, /topic must be/, 2],
      [{ id: 2, type: 'subscribe', topic: 'x'.repeat(257) }, /topic must be/, 2],
      [{ id: 3, type: 'subscribe', topic: 't', since: -1 }, /since/, 3],
      [{ id: 3, type: 'subscribe', topic: 't', since: 1.5 }, /since/, 3],
      [{ id: 4, type: 'subscribe', topic: 't', epoch: 7 }, /epoch/, 4],
    ];
    for (const [input, why, id] of cases) {
      const r = read(input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('PN_STREAM_MESSAGE_INVALID');
      expect(r.error.message).toMatch(why);
      expect(r.id).toBe(id);
    }
  });
});
