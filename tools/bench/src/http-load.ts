import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/**
 * Drives `url` with autocannon and returns throughput and latency. The load comes from a worker
 * thread so the server under test keeps its own event loop; the generator still shares the
 * machine's cores, equally for every target of a comparison.
 */
export async function load(
  url: string,
  options: {
    connections?: number;
    durationSeconds?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    workers: 1,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? Number(process.env.BENCH_DURATION ?? 10),
    headers: options.headers ?? {},
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
