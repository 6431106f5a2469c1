import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STREAM_TOPIC_MAX_LENGTH } from '@pteronimbus/sdk';
import { fuzzParameters } from '@pteronimbus/testing';
import { readClientMessage } from './protocol.ts';

describe('readClientMessage on generated frames', () => {
  it('never throws: a well-formed message, or PN_STREAM_MESSAGE_INVALID', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            id: fc.oneof(fc.integer(), fc.string(), fc.double(), fc.jsonValue()),
            type: fc.constantFrom('subscribe', 'unsubscribe', 'ping', 'x'),
            topic: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()),
            since: fc.oneof(fc.integer(), fc.double(), fc.jsonValue()),
            epoch: fc.oneof(fc.string({ maxLength: 80 }), fc.jsonValue()),
            __proto__: fc.jsonValue(),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(text, (t) => {
        const read = readClientMessage(t);
        if (!read.ok) {
          expect(read.error.code).toBe('PN_STREAM_MESSAGE_INVALID');
          return;
        }
        const m = read.message;
        expect(['subscribe', 'unsubscribe', 'ping']).toContain(m.type);
        if (m.type !== 'ping') {
          expect(typeof m.topic).toBe('string');
          expect(m.topic.length).toBeGreaterThan(0);
          expect(m.topic.length).toBeLessThanOrEqual(STREAM_TOPIC_MAX_LENGTH);
        }
        if (m.type === 'subscribe' && m.since !== undefined)
          expect(Number.isSafeInteger(m.since) && m.since >= 0).toBe(true);
        // Only the fields of the protocol come through.
        expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
      }),
      fuzzParameters({ numRuns: 2_000, timeLimitMs: 2_000 }),
    );
  });
});
