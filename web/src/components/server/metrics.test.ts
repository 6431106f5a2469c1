import { describe, expect, it } from 'vitest';
import type { MetricsSample } from '../../api/servers.ts';
import { formatMetric, measured } from './metrics.ts';

const sample = (over: Partial<MetricsSample> = {}): MetricsSample => ({
  at: '2026-01-01T00:00:00.000Z',
  cpu: null,
  memory: null,
  disk: null,
  networkRx: null,
  networkTx: null,
  playersOnline: null,
  playersMax: null,
  ...over,
});

describe('metrics', () => {
  it('call a chart measured only when a sample has a value, zero included', () => {
    expect(measured([], ['cpu'])).toBe(false);
    expect(measured([sample(), sample()], ['cpu'])).toBe(false);
    expect(measured([sample(), sample({ cpu: 0 })], ['cpu'])).toBe(true);
    expect(measured([sample({ networkTx: 5 })], ['networkRx', 'networkTx'])).toBe(true);
  });

  it('format each unit for the reader', () => {
    expect(formatMetric('cpu', 420, 'en')).toBe('0.42');
    expect(formatMetric('memory', 900, 'en')).toBe('900 MB');
    expect(formatMetric('memory', 1536, 'en')).toBe('1.5 GB');
    expect(formatMetric('network', 512, 'en')).toBe('512 byte/s');
    expect(formatMetric('network', 2048, 'en')).toBe('2 kB/s');
    expect(formatMetric('players', 5, 'de')).toBe('5');
    expect(formatMetric('cpu', 1500, 'de')).toBe('1,5');
  });
});
