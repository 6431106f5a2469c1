import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, defineConfig, type ServerTiming, type StreamLimits } from '@pteronimbus/core';
import type { Plugin } from '@pteronimbus/sdk';
import { createTestDatabase, resolveTestRedisUrl } from './services.ts';

/** Options of {@link startTestCore}. */
export interface TestCoreOptions {
  /** Plugins to load (values made by `definePlugin`). */
  plugins?: Plugin<never>[];
  /** Config overrides (see `CoreConfig` in `@pteronimbus/core`). */
  config?: Record<string, unknown>;
  /** Per-plugin config by plugin name. */
  pluginConfig?: Record<string, unknown>;
  /** Listen on a loopback port and expose `baseUrl` (default false: use `inject`). */
  listen?: boolean;
  /** Use Redis from `TEST_REDIS_URL` (default: when set), or the in-process services. */
  redis?: boolean;
  /** Keep log lines in memory for assertions (default false: logs are dropped). */
  captureLogs?: boolean;
  /**
   * Prefix of every Redis key (default: a random one per core). Give two cores the same prefix to
   * test fan-out between replicas.
   */
  keyPrefix?: string;
  /** HTTP requests per minute per address (default: effectively unlimited in tests). */
  rateLimitPerMinute?: number;
  /** Bounds of the real-time stream (see `StreamLimits` in `@pteronimbus/core`). */
  stream?: Partial<StreamLimits>;
  /** Timing of the servers module (see `ServerTiming` in `@pteronimbus/core`). */
  servers?: Partial<ServerTiming>;
}

/** A running core for tests. */
export interface TestCore {
  app: FastifyInstance;
  inject(options: InjectOptions | string): Promise<LightMyRequestResponse>;
  /** Set with `listen: true`. */
  baseUrl: string | undefined;
  /** Captured log lines (with `captureLogs: true`). */
  logs(): string[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Starts a core with a fresh database (and Redis namespace) of its own. */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'pn-test-'));
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (options.captureLogs) lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const redisUrl = options.redis === false ? null : await resolveTestRedisUrl();
  const config = defineConfig({
    databaseUrl: database.url,
    redisUrl,
    dataDir,
    port: 0,
    host: '127.0.0.1',
    webRoot: false,
    logLevel: options.captureLogs ? 'debug' : 'silent',
    plugins: [],
    pluginConfig: options.pluginConfig ?? {},
    // Without a bot token nothing can answer for guild membership: the stand-in identity's grants
    // decide alone, as they always did in the test kit. A test giving a bot token gets the check.
    insecureSkipTenantCheck: !(options.config?.discord as { botToken?: string } | undefined)
      ?.botToken,
    ...(options.config as object),
  });
  let app: FastifyInstance;
  try {
    app = await buildApp(config, {
      plugins: options.plugins ?? [],
      logStream,
      keyPrefix: options.keyPrefix ?? `pn:test:${randomBytes(6).toString('hex')}:`,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000,
      ...(options.stream ? { stream: options.stream } : {}),
      ...(options.servers ? { servers: options.servers } : {}),
    });
  } catch (err) {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  let baseUrl: string | undefined;
  if (options.listen) baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    })();
    return closed;
  };
  return {
    app,
    inject: (o) => app.inject(o as InjectOptions),
    baseUrl,
    logs: () => [...lines],
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks in the current Vitest suite and returns a getter for the
 * running core, so a test file needs one line of set-up and no clean-up.
 */
export function useTestCore(options: TestCoreOptions = {}): () => TestCore {
  let core: TestCore | undefined;
  beforeAll(async () => {
    core = await startTestCore(options);
  }, 120_000);
  afterAll(async () => {
    await core?.close();
  });
  return () => {
    if (!core)
      throw new Error('the test core is not started yet (use it inside a test or a later hook)');
    return core;
  };
}
