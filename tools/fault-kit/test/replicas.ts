import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, defineConfig } from '@pteronimbus/core';
import type { Plugin } from '@pteronimbus/sdk';
import { createTestDatabase } from '@pteronimbus/testing';
import { startPostgres } from '../src/index.ts';

/** Core replicas in this process, sharing one database, one Redis and one key prefix. */
export interface Replicas {
  apps: FastifyInstance[];
  urls: string[];
  close(): Promise<void>;
}

/** Starts `count` listening core replicas as production runs them behind a load balancer. */
export async function startReplicas(options: {
  count: number;
  databaseUrl: string | null;
  redisUrl: string | null;
  plugins: Plugin<never>[];
  config?: Record<string, unknown>;
  pluginConfig?: Record<string, unknown>;
}): Promise<Replicas> {
  const keyPrefix = `pn:fault:${randomBytes(6).toString('hex')}:`;
  const apps: FastifyInstance[] = [];
  const urls: string[] = [];
  const dirs: string[] = [];
  const close = async () => {
    for (const app of apps) await app.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  };
  try {
    // One after the other: the first applies the migrations, the others find them applied.
    for (let i = 0; i < options.count; i++) {
      const dataDir = await mkdtemp(join(tmpdir(), `pn-fault-replica-${i}-`));
      dirs.push(dataDir);
      const app = await buildApp(
        defineConfig({
          databaseUrl: options.databaseUrl,
          redisUrl: options.redisUrl,
          dataDir,
          secretKey: 'fault-test-secret-key-of-enough-length-0123456789',
          webRoot: false,
          logLevel: 'silent',
          plugins: [],
          pluginConfig: options.pluginConfig ?? {},
          ...(options.config as object),
        }),
        {
          plugins: options.plugins,
          keyPrefix,
          rateLimitPerMinute: 1_000_000,
          logStream: new Writable({ write: (_c, _e, cb) => cb() }),
        },
      );
      apps.push(app);
      urls.push(await app.listen({ port: 0, host: '127.0.0.1' }));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { apps, urls, close };
}

/**
 * One database every replica can reach: a fresh one in `TEST_DATABASE_URL`'s server when set,
 * else a throwaway cluster of this test's own (the embedded PostgreSQL is one per process, so it
 * cannot stand in for a shared server).
 */
export async function sharedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.TEST_DATABASE_URL) {
    const db = await createTestDatabase();
    return { url: db.url!, drop: () => db.drop() };
  }
  const pg = await startPostgres();
  return { url: pg.url, drop: () => pg.destroy() };
}
