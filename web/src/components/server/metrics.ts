import type { MetricsSample } from '../../api/servers.ts';

/** The charts of a server's overview and the sample fields each draws. */
export const metricCharts = [
  { id: 'cpu', fields: ['cpu'] },
  { id: 'memory', fields: ['memory'] },
  { id: 'disk', fields: ['disk'] },
  { id: 'network', fields: ['networkRx', 'networkTx'] },
  { id: 'players', fields: ['playersOnline', 'playersMax'] },
] as const satisfies ReadonlyArray<{ id: string; fields: ReadonlyArray<keyof MetricsSample> }>;

/** See {@link metricCharts}. */
export type MetricChartId = (typeof metricCharts)[number]['id'];
/** A numeric field of a sample. */
export type MetricField = (typeof metricCharts)[number]['fields'][number];

/** Whether any sample measured any of `fields`: a chart of nothing but gaps says "unavailable". */
export function measured(
  series: readonly MetricsSample[],
  fields: readonly MetricField[],
): boolean {
  return series.some((sample) => fields.some((field) => sample[field] !== null));
}

/** Formats a value of a chart in its unit, in the reader's locale. */
export function formatMetric(chart: MetricChartId, value: number, locale: string): string {
  const unit = (unit: string, amount: number, digits = 1) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: digits,
    }).format(amount);
  switch (chart) {
    case 'cpu':
      // Millicores as cores: "0.42" reads better than "420m" for most people.
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value / 1000);
    case 'memory':
    case 'disk':
      return value >= 1024 ? unit('gigabyte', value / 1024) : unit('megabyte', value, 0);
    case 'network':
      if (value >= 1024 * 1024) return unit('megabyte-per-second', value / (1024 * 1024));
      if (value >= 1024) return unit('kilobyte-per-second', value / 1024);
      return unit('byte-per-second', value, 0);
    case 'players':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
  }
}
