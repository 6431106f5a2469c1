import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { buildApp, defineConfig } from '@pteronimbus/core';
import {
  STREAM_PATH,
  authenticatorExtensionPoint,
  definePlugin,
  permissionServiceExtensionPoint,
  publishToStream,
  streamTopics,
  type Plugin,
} from '@pteronimbus/sdk';
import { fmt, machineLine, type BenchSection } from './report.ts';

const CLIENTS = Number(process.env.BENCH_STREAM_CLIENTS ?? 2000);
const ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 30);
const TOPIC = streamTopics.serverStatus('t1', 's1');

/** Everyone is a viewer of every server: the bench measures delivery, not the permission model. */
const benchIdentity = definePlugin({
  name: 'bench-identity',
  version: '0.0.0',
  register(_app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
      const user = request.headers['x-bench-user'];
      return typeof user === 'string'
        ? { userId: user, discordId: '100000000000000001', name: user, superAdmin: false }
        : null;
    });
    ctx.services.extensions.provide(permissionServiceExtensionPoint, { has: async () => true });
  },
}) as Plugin<never>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Delivery {
  p50: number;
  p99: number;
  max: number;
  samples: number;
  missed: number;
}

/**
 * Opens `CLIENTS` sockets in a worker thread, then sends `ROUNDS` messages through `broadcast`,
 * each stamped with the time it was sent; every client records how long it took to arrive.
 */
async function measure(
  url: string,
  topic: string | null,
  broadcast: (sentAt: number) => Promise<void>,
): Promise<Delivery> {
  const worker = new Worker(new URL('./stream-clients.ts', import.meta.url), {
    workerData: { url, clients: CLIENTS, topic },
    execArgv: ['--conditions=source'],
  });
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  failed.catch(() => {});
  const next = <T>(type: string, timeoutMs: number) =>
    new Promise<T | null>((resolve, reject) => {
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        worker.off('message', on);
        resolve(m as T);
      };
      const timer = setTimeout(() => {
        worker.off('message', on);
        resolve(null);
      }, timeoutMs);
      worker.on('message', on);
      failed.catch(reject);
    });
  if (!(await next('ready', 120_000))) throw new Error('the bench clients did not connect');
  let missedRounds = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const done = next('round', 5_000);
    worker.postMessage({ type: 'expect', total: round * CLIENTS });
    await broadcast(performance.timeOrigin + performance.now());
    if (!(await done)) missedRounds++;
    await new Promise((r) => setTimeout(r, 50));
  }
  const ended = next<{ latencies: number[] }>('latencies', 30_000);
  worker.postMessage({ type: 'done' });
  const latencies = ((await ended)?.latencies ?? []).sort((a, b) => a - b);
  await worker.terminate();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    samples: latencies.length,
    missed: missedRounds ? ROUNDS * CLIENTS - latencies.length : 0,
  };
}

/** A bare `ws` server sending the same frame to every client. */
async function bareBroadcast(): Promise<Delivery> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as { port: number };
  try {
    return await measure(`ws://127.0.0.1:${port}`, null, async (sentAt) => {
      const frame = Buffer.from(
        JSON.stringify({
          type: 'event',
          topic: TOPIC,
          payload: { phase: 'Running', sentAt },
          at: Date.now(),
          seq: 1,
        }),
      );
      for (const client of wss.clients) client.send(frame, { binary: false });
    });
  } finally {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

/** The same through core: publish on the event bus, fan out to every subscribed socket. */
async function coreBroadcast(): Promise<{ delivery: Delivery; bus: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pn-bench-'));
  const redisUrl = process.env.TEST_REDIS_URL ?? null;
  const core = await buildApp(
    defineConfig({
      databaseUrl: process.env.TEST_DATABASE_URL ?? null,
      redisUrl,
      dataDir,
      logLevel: 'warn',
      webRoot: false,
      plugins: [],
    }),
    {
      plugins: [benchIdentity],
      logStream: new Writable({ write: (_c, _e, cb) => cb() }),
      rateLimitPerMinute: 100_000_000,
      keyPrefix: `pn:bench:${process.pid}:`,
    },
  );
  const base = await core.listen({ port: 0, host: '127.0.0.1' });
  const url = `${base.replace('http', 'ws')}${STREAM_PATH}`;
  try {
    const delivery = await measure(url, TOPIC, (sentAt) =>
      publishToStream(core.pn.shared.events, TOPIC, { phase: 'Running', sentAt }),
    );
    return {
      delivery,
      bus: redisUrl ? 'Redis pub/sub' : 'the in-process bus (no `TEST_REDIS_URL`)',
    };
  } finally {
    await core.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** 2,000 sockets on one topic: delivery latency through core against a bare `ws` broadcast. */
export async function streamBench(): Promise<BenchSection> {
  // Other work on a small machine moves these numbers more than anything measured here.
  const load = loadavg()[0]!;
  const bare = await bareBroadcast();
  const { delivery: core, bus } = await coreBroadcast();
  const ratio = core.p99 / bare.p99;
  const verdict = core.p99 < 100 && ratio <= 2 ? 'meets the goal' : 'misses the goal';
  const row = (name: string, d: Delivery) =>
    `| ${name} | ${fmt(d.p50, 1)} | ${fmt(d.p99, 1)} | ${fmt(d.max, 1)} | ${d.samples} | ${d.missed} |`;
  return {
    id: 'stream',
    title: 'Real-time stream fan-out against a bare ws broadcast',
    body: `Machine: ${machineLine()}, 1-minute load average ${fmt(load, 1)} at the start. ${CLIENTS} WebSocket clients (in a worker thread, so
they share the machine's two cores with the server) each receive ${ROUNDS} status events, 50 ms apart; latency is from just
before publishing to the client's message handler. Core publishes through ${bus} and checks each
subscription's permission once; the bare server writes a prepared frame to every socket.

| target | p50 ms | p99 ms | max ms | samples | missed |
|---|---:|---:|---:|---:|---:|
${row('bare `ws` broadcast', bare)}
${row('core `GET /api/v1/stream`', core)}

p99 **${fmt(core.p99, 1)} ms**, ${fmt(ratio, 2)}× bare. Goal: p99 under 100 ms and within 2× of bare — ${verdict}.
Each client uses one file descriptor and so does its server side: 2,000 clients need about 4,100
(\`ulimit -n\` must allow it; Node cannot raise it itself).`,
  };
}
