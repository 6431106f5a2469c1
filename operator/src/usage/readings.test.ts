import { describe, expect, it } from 'vitest';
import {
  composeUsage,
  networkCounters,
  networkRates,
  podMetricsUsage,
  podStatsUsage,
  sameReadings,
  volumeUsedBytes,
} from './readings.ts';

describe('usage readings', () => {
  it('sums PodMetrics containers into millicores and bytes', () => {
    expect(
      podMetricsUsage({
        containers: [
          { name: 'game', usage: { cpu: '412345678n', memory: '900Mi' } },
          { name: 'sidecar', usage: { cpu: '8m', memory: '1024Ki' } },
        ],
      }),
    ).toEqual({ cpu: 420, memory: 900 * 2 ** 20 + 2 ** 20 });
  });

  it('leaves out what PodMetrics does not give or cannot be read, never zero', () => {
    expect(podMetricsUsage({})).toEqual({});
    expect(podMetricsUsage({ containers: [{ usage: { cpu: 'lots', memory: '2Gi' } }] })).toEqual({
      memory: 2 * 2 ** 30,
    });
  });

  it('reads CPU and memory from the kubelet summary', () => {
    expect(podStatsUsage({ cpu: { usageNanoCores: 1_500_000_000 } })).toEqual({ cpu: 1500 });
    expect(podStatsUsage({ memory: { workingSetBytes: 1234 } })).toEqual({ memory: 1234 });
    expect(podStatsUsage({})).toEqual({});
  });

  it("finds the data volume's used bytes by claim", () => {
    const stats = {
      volume: [
        { name: 'files', usedBytes: 10 },
        { name: 'data', usedBytes: 5_000_000, pvcRef: { name: 'survival-data' } },
      ],
    };
    expect(volumeUsedBytes(stats, 'survival-data')).toBe(5_000_000);
    expect(volumeUsedBytes(stats, 'other-data')).toBeUndefined();
  });

  it('turns two network readings into bytes per second', () => {
    const a = networkCounters({
      network: { time: '2026-01-01T00:00:00Z', rxBytes: 1000, txBytes: 500 },
    });
    const b = networkCounters({
      network: { time: '2026-01-01T00:01:00Z', rxBytes: 61_000, txBytes: 6500 },
    });
    expect(networkRates(a, b)).toEqual({ networkRx: 1000, networkTx: 100 });
    // No earlier reading, no time passed, or counters reset by a restart: no rate.
    expect(networkRates(undefined, b)).toEqual({});
    expect(networkRates(b, b)).toEqual({});
    expect(networkRates(b, a && { ...a, at: b!.at + 60_000 })).toEqual({});
    expect(networkCounters({ network: { rxBytes: 1, txBytes: 1 } })).toBeUndefined();
  });

  it('compares measured values, not the sample time', () => {
    expect(sameReadings({ cpu: 1, sampledAt: 'a' }, { cpu: 1, sampledAt: 'b' })).toBe(true);
    expect(sameReadings({ cpu: 1 }, { cpu: 2 })).toBe(false);
    expect(sameReadings({ sampledAt: 'a' }, {})).toBe(true);
  });

  it('composes one pod: the metrics API first, the summary for the rest', () => {
    const stats = {
      cpu: { usageNanoCores: 300_000_000 },
      memory: { workingSetBytes: 2_000 },
      network: { time: '2026-01-01T00:01:00Z', rxBytes: 6_000, txBytes: 600 },
      volume: [{ name: 'data', usedBytes: 42, pvcRef: { name: 'srv-data' } }],
    };
    const before = { at: Date.parse('2026-01-01T00:00:00Z'), rx: 0, tx: 0 };
    expect(
      composeUsage({ metrics: { cpu: 250, memory: 1_000 }, stats, before, claimName: 'srv-data' }),
    ).toEqual({
      usage: { cpu: 250, memory: 1_000, disk: 42, networkRx: 100, networkTx: 10 },
      counters: { at: Date.parse('2026-01-01T00:01:00Z'), rx: 6_000, tx: 600 },
    });
    // Without metrics-server the summary's CPU and memory stand in.
    expect(composeUsage({ stats, claimName: 'srv-data' }).usage).toEqual({
      cpu: 300,
      memory: 2_000,
      disk: 42,
    });
    // Neither source: nothing measured, nothing invented.
    expect(composeUsage({ claimName: 'srv-data' })).toEqual({ usage: {}, counters: undefined });
  });
});
