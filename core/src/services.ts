import { Redis } from 'ioredis';
import type { EventBus, JobQueue, KeyValueStore, Logger, RateLimiter } from '@pteronimbus/sdk';
import { RedisUnavailable } from './errors/codes.ts';
import { MemoryEventBus, RedisEventBus } from './ports/events.ts';
import { MemoryJobQueue, RedisJobQueue } from './ports/jobs.ts';
import { MemoryKeyValueStore, RedisKeyValueStore } from './ports/kv.ts';
import { MemoryRateLimiter, RedisRateLimiter } from './ports/rate-limit.ts';

/** How long one Redis command may take before the caller gets PN_REDIS_UNAVAILABLE. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

/** The Redis-backed ports, or their in-process single-node twins. */
export interface SharedServices {
  mode: 'redis' | 'single-node';
  kv: KeyValueStore;
  events: EventBus;
  jobs: JobQueue;
  rateLimiter: RateLimiter;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Connects to Redis (failing fast with a clear error) or builds the in-process implementations. */
export async function createSharedServices(
  redisUrl: string | null,
  logger: Logger,
  keyPrefix = 'pn:',
): Promise<SharedServices> {
  const onJobError = (err: unknown, job: { name: string; id: string; attempt: number }) =>
    logger.warn({ err, job: job.name, jobId: job.id, attempt: job.attempt }, 'job failed');
  const onEventError = (err: unknown) => logger.error({ err }, 'event handler failed');
  if (!redisUrl) {
    logger.warn(
      'REDIS_URL is not set: single-node mode, sessions, events and jobs live in this process only',
    );
    const kv = new MemoryKeyValueStore();
    const jobs = new MemoryJobQueue({ onError: onJobError });
    return {
      mode: 'single-node',
      kv,
      events: new MemoryEventBus({ onError: onEventError }),
      jobs,
      rateLimiter: new MemoryRateLimiter(),
      ping: async () => {},
      async close() {
        kv.close();
        await jobs.close();
      },
    };
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 5_000,
    // A Redis that holds the connection open but does not answer (frozen, overloaded, a
    // half-open socket) would otherwise leave every request waiting forever: give up and answer
    // PN_REDIS_UNAVAILABLE. Blocking job-queue connections turn this off (see RedisJobQueue).
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    enableOfflineQueue: true,
  });
  redis.on('error', (err: Error) =>
    logger.warn({ err: { message: err.message } }, 'redis connection error'),
  );
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const u = new URL(redisUrl);
    throw RedisUnavailable(
      `${(err as Error).message.split('\n')[0]} (${u.hostname}:${u.port || 6379})`,
    );
  }
  const events = new RedisEventBus(redis, { prefix: `${keyPrefix}events:`, onError: onEventError });
  const jobs = new RedisJobQueue(redis, { prefix: `${keyPrefix}jobs`, onError: onJobError });
  return {
    mode: 'redis',
    kv: new RedisKeyValueStore(redis, keyPrefix),
    events,
    jobs,
    rateLimiter: new RedisRateLimiter(redis, `${keyPrefix}rl:`),
    ping: async () => {
      await redis.ping();
    },
    async close() {
      await jobs.close();
      await events.close();
      redis.disconnect();
    },
  };
}
