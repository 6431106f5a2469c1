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

/**
 * Bare against core, fairly: a short warm-up of each, then `rounds` rounds that alternate the two,
 * and for each target the round with the median throughput. One run of each is at the mercy of
 * whatever else the machine did in those seconds; alternating rounds spread that over both.
 */
export async function compareLoad(
  bare: { url: string; headers?: Record<string, string> },
  core: { url: string; headers?: Record<string, string> },
  options: { rounds?: number; durationSeconds?: number } = {},
): Promise<{ bare: LoadResult; core: LoadResult; ratio: number; rounds: number }> {
  const rounds = options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 3);
  const run = (t: { url: string; headers?: Record<string, string> }, seconds?: number) =>
    load(t.url, {
      ...(t.headers ? { headers: t.headers } : {}),
      ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
    });
  await run(bare, 2);
  await run(core, 2);
  const b: LoadResult[] = [];
  const c: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await run(bare, options.durationSeconds));
    c.push(await run(core, options.durationSeconds));
  }
  const median = (results: LoadResult[]) =>
    [...results].sort((x, y) => x.requestsPerSecond - y.requestsPerSecond)[
      Math.floor(results.length / 2)
    ]!;
  const mb = median(b);
  const mc = median(c);
  return { bare: mb, core: mc, ratio: mc.requestsPerSecond / mb.requestsPerSecond, rounds };
}
