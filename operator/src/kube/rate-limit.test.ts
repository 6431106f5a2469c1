import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rate-limit.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket({ qps: 10, burst: 3, now: () => now });
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([0, 0, 0]);
    expect(bucket.tryTake()).toBe(100);
    now = 50;
    expect(bucket.tryTake()).toBe(50);
    now = 100;
    expect(bucket.tryTake()).toBe(0);
    now = 10_000;
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake(), bucket.tryTake() > 0]).toEqual([
      0,
      0,
      0,
      true,
    ]);
  });

  it('makes callers wait their turn', async () => {
    const bucket = new TokenBucket({ qps: 100, burst: 1 });
    const started = performance.now();
    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});
