import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { buildApp, defineConfig } from '@pteronimbus/core';
import { fmt, machineLine, type BenchSection } from './report.ts';
import { compareLoad } from './http-load.ts';

/** `GET /api/v1/registry` on a full core against a bare Fastify route, in the same run. */
export async function registryBench(): Promise<BenchSection> {
  const bare = Fastify();
  bare.get('/', async () => ({ hello: 'world' }));
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const devNull = new Writable({ write: (_c, _e, cb) => cb() });
  const core = await buildApp(
    defineConfig({
      databaseUrl: process.env.TEST_DATABASE_URL ?? null,
      dataDir: await mkdtemp(join(tmpdir(), 'pn-bench-')),
      logLevel: 'info',
      webRoot: false,
      plugins: null,
    }),
    { logStream: devNull, rateLimitPerMinute: 100_000_000 },
  );
  const coreUrl = await core.listen({ port: 0, host: '127.0.0.1' });
  try {
    const {
      bare: b,
      core: r,
      rounds,
    } = await compareLoad({ url: `${bareUrl}/` }, { url: `${coreUrl}/api/v1/registry` });
    const ratio = r.requestsPerSecond / b.requestsPerSecond;
    const verdict = ratio >= 0.5 && r.p99Ms < 10 ? 'meets the goal' : 'misses the goal';
    return {
      id: 'registry',
      title: 'Registry API against bare Fastify',
      body: `Machine: ${machineLine()}. 50 connections; ${rounds} alternating rounds of ${process.env.BENCH_DURATION ?? 10} s each after a 2 s warm-up, the median round of each shown; core with its
full hook chain (security headers, rate limit, metrics, access check, request logging at info).

| target | req/s | p50 ms | p99 ms | errors | non-2xx |
|---|---:|---:|---:|---:|---:|
| bare Fastify \`GET /\` | ${fmt(b.requestsPerSecond)} | ${b.p50Ms} | ${b.p99Ms} | ${b.errors} | ${b.non2xx} |
| core \`GET /api/v1/registry\` | ${fmt(r.requestsPerSecond)} | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} |

Ratio: **${fmt(ratio * 100, 1)}%** of bare throughput, p99 **${r.p99Ms} ms**. Goal: at least 50% and p99 under 10 ms — ${verdict}.`,
    };
  } finally {
    await core.close();
    await bare.close();
  }
}
