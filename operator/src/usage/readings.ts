import type { ServerUsage } from '@pteronimbus/sdk';
import { parseQuantity } from '../reconciler/quantity.ts';

// The two sources of usage a cluster may offer, read into plain numbers. Both are optional: the
// resource metrics API (`metrics.k8s.io`, served by metrics-server) gives CPU and memory; the
// kubelet's summary (`/stats/summary` through the apiserver's node proxy) gives network counters
// and the bytes used on each volume, and CPU and memory as well. What neither gives stays absent.

/** A PodMetrics object of `metrics.k8s.io/v1beta1`, as far as it is read. */
export interface PodMetrics {
  metadata?: { name?: string; namespace?: string };
  timestamp?: string;
  containers?: Array<{ name?: string; usage?: { cpu?: string; memory?: string } }>;
}

/** One pod of a kubelet summary (`/stats/summary`), as far as it is read. */
export interface PodStats {
  podRef?: { name?: string; namespace?: string; uid?: string };
  cpu?: { usageNanoCores?: number };
  memory?: { workingSetBytes?: number };
  network?: { time?: string; rxBytes?: number; txBytes?: number };
  volume?: Array<{ name?: string; usedBytes?: number; pvcRef?: { name?: string } }>;
}

/** CPU and memory of one pod. */
export interface CpuMemory {
  cpu?: number;
  memory?: number;
}

/** Cumulative network counters of one pod at one time, to turn into rates. */
export interface NetworkCounters {
  at: number;
  rx: number;
  tx: number;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** CPU (millicores) and memory (bytes) of a PodMetrics object, summed over its containers. */
export function podMetricsUsage(metrics: PodMetrics): CpuMemory {
  let cpu: number | undefined;
  let memory: number | undefined;
  for (const c of metrics.containers ?? []) {
    const cores = c.usage?.cpu === undefined ? undefined : parseQuantity(c.usage.cpu);
    const bytes = c.usage?.memory === undefined ? undefined : parseQuantity(c.usage.memory);
    if (finite(cores)) cpu = (cpu ?? 0) + cores * 1000;
    if (finite(bytes)) memory = (memory ?? 0) + bytes;
  }
  return {
    ...(cpu === undefined ? {} : { cpu: Math.round(cpu) }),
    ...(memory === undefined ? {} : { memory: Math.round(memory) }),
  };
}

/** CPU and memory of a pod from the kubelet summary. */
export function podStatsUsage(stats: PodStats): CpuMemory {
  const nano = stats.cpu?.usageNanoCores;
  const bytes = stats.memory?.workingSetBytes;
  return {
    ...(finite(nano) ? { cpu: Math.round(nano / 1e6) } : {}),
    ...(finite(bytes) ? { memory: Math.round(bytes) } : {}),
  };
}

/** The bytes used on the volume bound to the claim `claimName`, when the summary has them. */
export function volumeUsedBytes(stats: PodStats, claimName: string): number | undefined {
  const used = stats.volume?.find((v) => v.pvcRef?.name === claimName)?.usedBytes;
  return finite(used) ? Math.round(used) : undefined;
}

/** The pod's cumulative network counters, when the summary has them. */
export function networkCounters(stats: PodStats): NetworkCounters | undefined {
  const { time, rxBytes, txBytes } = stats.network ?? {};
  const at = time ? Date.parse(time) : NaN;
  if (!Number.isFinite(at) || !finite(rxBytes) || !finite(txBytes)) return undefined;
  return { at, rx: rxBytes, tx: txBytes };
}

/**
 * Bytes per second between two readings of the same counters. Nothing when there is no earlier
 * reading, no time passed, or a counter went back (the pod restarted and counts from zero).
 */
export function networkRates(
  before: NetworkCounters | undefined,
  now: NetworkCounters | undefined,
): { networkRx?: number; networkTx?: number } {
  if (!before || !now) return {};
  const seconds = (now.at - before.at) / 1000;
  if (!(seconds > 0) || now.rx < before.rx || now.tx < before.tx) return {};
  return {
    networkRx: Math.round((now.rx - before.rx) / seconds),
    networkTx: Math.round((now.tx - before.tx) / seconds),
  };
}

/**
 * One pod's usage from what the sources gave: CPU and memory from the metrics API, else from the
 * kubelet summary; disk (the server's claim) and network rates (against the counters `before`)
 * from the summary. Returns the counters to compare the next sample with.
 */
export function composeUsage(input: {
  metrics?: CpuMemory | undefined;
  stats?: PodStats | undefined;
  before?: NetworkCounters | undefined;
  claimName: string;
}): { usage: Omit<ServerUsage, 'sampledAt'>; counters: NetworkCounters | undefined } {
  const { metrics, stats } = input;
  const counters = stats ? networkCounters(stats) : undefined;
  const disk = stats ? volumeUsedBytes(stats, input.claimName) : undefined;
  return {
    usage: {
      ...(stats ? podStatsUsage(stats) : {}),
      ...metrics,
      ...(disk === undefined ? {} : { disk }),
      ...networkRates(input.before, counters),
    },
    counters,
  };
}

/** Whether two usages hold the same measured values (the time of the sample aside). */
export function sameReadings(a: ServerUsage | undefined, b: ServerUsage | undefined): boolean {
  const keys = ['cpu', 'memory', 'disk', 'networkRx', 'networkTx'] as const;
  return keys.every((k) => a?.[k] === b?.[k]);
}
