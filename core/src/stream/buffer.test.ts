import { describe, expect, it } from 'vitest';
import { TopicBuffer } from './buffer.ts';

const frame = (seq: number, size = 10) => Buffer.alloc(size, seq % 256);
const seqs = (b: TopicBuffer, since: number, epoch?: string) => {
  const r = b.since(since, epoch);
  return { seqs: r.events.map((e) => e.seq), reset: r.reset };
};

describe('topic buffer', () => {
  it('numbers events from 1 and replays those after `since`', () => {
    const b = new TopicBuffer(10, 1 << 20);
    expect(b.seq).toBe(0);
    expect(seqs(b, 0)).toEqual({ seqs: [], reset: false });
    for (let i = 0; i < 5; i++) b.push((seq) => frame(seq));
    expect(b.seq).toBe(5);
    expect(seqs(b, 0)).toEqual({ seqs: [1, 2, 3, 4, 5], reset: false });
    expect(seqs(b, 3)).toEqual({ seqs: [4, 5], reset: false });
    expect(seqs(b, 5)).toEqual({ seqs: [], reset: false });
  });

  it('keeps the last N events and says when `since` fell out of them', () => {
    const b = new TopicBuffer(3, 1 << 20);
    for (let i = 0; i < 7; i++) b.push((seq) => frame(seq));
    expect(b.size).toBe(3);
    expect(seqs(b, 4)).toEqual({ seqs: [5, 6, 7], reset: false });
    expect(seqs(b, 5)).toEqual({ seqs: [6, 7], reset: false });
    // 4 is gone: the client missed it, so it gets everything held and starts afresh.
    expect(seqs(b, 3)).toEqual({ seqs: [5, 6, 7], reset: true });
  });

  it('drops the oldest events to stay within its byte budget, keeping at least one', () => {
    const b = new TopicBuffer(100, 25);
    for (let i = 0; i < 4; i++) b.push((seq) => frame(seq, 10));
    expect(seqs(b, 2)).toEqual({ seqs: [3, 4], reset: false });
    b.push((seq) => frame(seq, 100));
    expect(b.size).toBe(1);
    expect(seqs(b, 4)).toEqual({ seqs: [5], reset: false });
  });

  it('starts afresh for a `since` from another epoch or beyond what it counted', () => {
    const b = new TopicBuffer(10, 1 << 20);
    for (let i = 0; i < 3; i++) b.push((seq) => frame(seq));
    expect(seqs(b, 2, b.epoch)).toEqual({ seqs: [3], reset: false });
    expect(seqs(b, 2, 'another')).toEqual({ seqs: [1, 2, 3], reset: true });
    expect(seqs(b, 40)).toEqual({ seqs: [1, 2, 3], reset: true });
    expect(new TopicBuffer(1, 1).epoch).not.toBe(b.epoch);
  });
});
