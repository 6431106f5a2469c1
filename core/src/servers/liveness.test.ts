import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryKeyValueStore } from '../ports/kv.ts';
import { ClusterLiveness } from './liveness.ts';
import { recordingLogger } from './__fixtures__/fakes.ts';

function setup(staleAfterMs = 60_000) {
  const kv = new MemoryKeyValueStore();
  const set = vi.spyOn(kv, 'set');
  const links = new Set<string>();
  const liveness = new ClusterLiveness({
    kv,
    gateway: { connected: () => [...links] },
    logger: recordingLogger(),
    staleAfterMs,
  });
  return { kv, set, links, liveness };
}

describe('cluster liveness', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls a cluster stale once nothing vouched for it within the staleness period', async () => {
    const { liveness } = setup(60_000);
    expect(await liveness.isStale('c1')).toBe(true);
    await liveness.markAlive('c1');
    expect(await liveness.isStale('c1')).toBe(false);
    vi.advanceTimersByTime(60_001);
    expect(await liveness.isStale('c1')).toBe(true);
  });

  it('vouches for a cluster whose link this replica holds without reading the store', async () => {
    const { kv, links, liveness } = setup();
    const get = vi.spyOn(kv, 'get');
    links.add('c1');
    expect(await liveness.isStale('c1')).toBe(false);
    expect(get).not.toHaveBeenCalled();
    links.delete('c1');
    expect(await liveness.isStale('c1')).toBe(true);
  });

  it('writes a few signs of life per period however many frames arrive, unless forced', async () => {
    const { set, liveness } = setup(60_000);
    for (let i = 0; i < 10; i++) await liveness.markAlive('c1');
    expect(set).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenLastCalledWith('alive:c1', expect.any(String), { ttlMs: 60_000 });
    await liveness.markAlive('c1', true);
    expect(set).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(15_000);
    await liveness.markAlive('c1');
    expect(set).toHaveBeenCalledTimes(3);
  });

  it('caches a stale answer briefly, and forgets it when the cluster is marked alive', async () => {
    const { kv, liveness } = setup(60_000);
    expect(await liveness.isStale('c1')).toBe(true);
    // Another replica records a sign of life: this one answers from its cache for a second.
    await kv.set('alive:c1', '1', { ttlMs: 60_000 });
    expect(await liveness.isStale('c1')).toBe(true);
    vi.advanceTimersByTime(1_001);
    expect(await liveness.isStale('c1')).toBe(false);
    await kv.delete('alive:c1');
    await liveness.markAlive('c1', true);
    expect(await liveness.isStale('c1')).toBe(false);
  });

  it('vouches for every linked cluster at start and every third of the period until stopped', async () => {
    const { set, links, liveness } = setup(30_000);
    links.add('c1').add('c2');
    liveness.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(set.mock.calls.map((c) => c[0])).toEqual(['alive:c1', 'alive:c2']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(set).toHaveBeenCalledTimes(4);
    liveness.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(set).toHaveBeenCalledTimes(4);
  });
});
