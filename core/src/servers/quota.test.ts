import { describe, expect, it, vi } from 'vitest';
import { assertCapacity, assertQuota, overLimits } from './quota.ts';
import type { Sql } from './records.ts';

const used = { servers: 2, cpu: 2000, memory: 2048, disk: 4096 };
const want = { servers: 1, cpu: 1000, memory: 1024, disk: 2048 };
const sql: Sql = async () => [];

describe('quota and capacity', () => {
  it('names every limit a change goes over, disk in GiB against MiB', () => {
    expect(overLimits({ servers: 3, cpuMillicores: 2500, diskGb: 6 }, used, want)).toEqual([
      { quota: 'cpu', limit: 2500, used: 2000, requested: 1000 },
    ]);
    expect(overLimits({ diskGb: 5 }, used, want)).toEqual([
      { quota: 'disk', limit: 5120, used: 4096, requested: 2048 },
    ]);
    expect(overLimits({}, used, want)).toEqual([]);
  });

  it('refuses a change over the quota with every overrun in the details', () => {
    const quota = { servers: 2, cpuMillicores: 10_000, memoryMb: 3000, diskGb: 100 };
    expect(() => assertQuota(quota, used, want)).toThrow(
      expect.objectContaining({
        code: 'PN_QUOTA_EXCEEDED',
        details: expect.objectContaining({
          quota: 'servers',
          exceeded: [
            { quota: 'servers', limit: 2, used: 2, requested: 1 },
            { quota: 'memory', limit: 3000, used: 2048, requested: 1024 },
          ],
        }),
      }),
    );
    expect(() => assertQuota({ ...quota, servers: 3, memoryMb: 4000 }, used, want)).not.toThrow();
  });

  it("checks a cluster's capacity under its lock, and only when one is set", async () => {
    const store = { lockCluster: vi.fn(async () => {}), clusterUsage: vi.fn(async () => used) };
    await assertCapacity(store, sql, 'c1', {}, want);
    expect(store.lockCluster).not.toHaveBeenCalled();
    await expect(assertCapacity(store, sql, 'c1', { servers: 2 }, want, 's1')).rejects.toThrow(
      expect.objectContaining({
        code: 'PN_CLUSTER_CAPACITY_EXCEEDED',
        details: expect.objectContaining({ clusterId: 'c1', resource: 'servers' }),
      }),
    );
    expect(store.lockCluster).toHaveBeenCalledWith(sql, 'c1');
    expect(store.clusterUsage).toHaveBeenCalledWith(sql, 'c1', 's1');
    await expect(assertCapacity(store, sql, 'c1', { servers: 3 }, want)).resolves.toBeUndefined();
  });
});
