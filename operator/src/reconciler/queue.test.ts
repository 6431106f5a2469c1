import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WorkQueue, backoffDelay } from './queue.ts';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, 100, 1000))).toEqual([0, 100, 200, 400, 800]);
    expect(backoffDelay(5, 100, 1000)).toBe(1000);
    expect(backoffDelay(500, 100, 1000)).toBe(1000);
  });
});

describe('WorkQueue', () => {
  it('handles a key added many times while waiting once', async () => {
    const seen: string[] = [];
    const q = new WorkQueue(async (k) => void seen.push(k), { concurrency: 1 });
    q.add('blocker');
    q.add('a');
    q.add('a');
    q.add('a');
    await q.drained();
    expect(seen).toEqual(['blocker', 'a']);
  });

  it('never runs one key twice at once, and runs it again when added while running', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const q = new WorkQueue(
      async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(20);
        running--;
      },
      { concurrency: 4 },
    );
    q.add('k');
    await sleep(5);
    q.add('k');
    q.add('k');
    await sleep(100);
    await q.drained();
    expect(maxRunning).toBe(1);
    expect(runs).toBe(2);
  });

  it('retries a failing key with growing delays and resets after success', async () => {
    const times: number[] = [];
    let failuresLeft = 3;
    const q = new WorkQueue(
      async () => {
        times.push(performance.now());
        if (failuresLeft-- > 0) throw new Error('boom');
      },
      { baseDelayMs: 20, maxDelayMs: 1000 },
    );
    const errors: unknown[] = [];
    q.onProcessed = (_k, _ms, err) => err && errors.push(err);
    q.add('k');
    await sleep(400);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(35);
    expect(gaps[2]).toBeGreaterThanOrEqual(75);
    expect(errors).toHaveLength(3);
    expect(q.failures('k')).toBe(0);
  });

  it('lets new information cut a backoff short, and stop drops pending work', async () => {
    let calls = 0;
    const q = new WorkQueue(
      async () => {
        calls++;
        if (calls === 1) throw new Error('first');
      },
      { baseDelayMs: 10_000 },
    );
    q.add('k');
    await sleep(10);
    expect(q.failures('k')).toBe(1);
    q.add('k');
    await q.drained();
    expect(calls).toBe(2);
    q.forget('k');
    await q.stop();
    q.add('k');
    await sleep(10);
    expect(calls).toBe(2);
    expect(q.length).toBe(0);
  });
});
