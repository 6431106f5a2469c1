import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Queue, Worker } from 'bullmq';
import type { Job, JobOptions, JobQueue } from '@pteronimbus/sdk';
import { JobHandlerDuplicate } from '../errors/codes.ts';

type Handler = (job: Job<unknown>) => Promise<void>;

interface Pending {
  job: Job<unknown>;
  options: JobOptions;
}

/**
 * In-process job queue for single-node mode: delays, retries with exponential backoff, de-duplication
 * by job id and per-name concurrency, with the same observable behaviour as the Redis one.
 */
export class MemoryJobQueue implements JobQueue {
  readonly #handlers = new Map<
    string,
    { handler: Handler; concurrency: number; running: number; waiting: Pending[] }
  >();
  readonly #active = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #onError: (err: unknown, job: Job<unknown>) => void;
  #closed = false;
  readonly #idle = new Set<() => void>();

  constructor(options: { onError?: (err: unknown, job: Job<unknown>) => void } = {}) {
    this.#onError = options.onError ?? (() => {});
  }

  async add<T>(name: string, data: T, options: JobOptions = {}) {
    const id = options.jobId ?? randomUUID();
    if (options.jobId && this.#active.has(`${name}:${id}`)) return id;
    this.#active.add(`${name}:${id}`);
    this.#schedule({ job: { id, name, data, attempt: 1 }, options }, options.delayMs ?? 0);
    return id;
  }

  process<T>(
    name: string,
    handler: (job: Job<T>) => Promise<void>,
    options: { concurrency?: number } = {},
  ) {
    const existing = this.#handlers.get(name);
    if (existing) throw JobHandlerDuplicate(name);
    this.#handlers.set(name, {
      handler: handler as Handler,
      concurrency: options.concurrency ?? 1,
      running: 0,
      waiting: [],
    });
    // Jobs added before the handler existed wait in the orphan list.
    const orphans = this.#orphans.get(name) ?? [];
    this.#orphans.delete(name);
    for (const p of orphans) this.#enqueue(p);
  }

  readonly #orphans = new Map<string, Pending[]>();

  #schedule(p: Pending, delayMs: number) {
    if (this.#closed) return;
    if (delayMs <= 0) {
      queueMicrotask(() => this.#enqueue(p));
      return;
    }
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.#enqueue(p);
    }, delayMs);
    this.#timers.add(t);
  }

  #enqueue(p: Pending) {
    if (this.#closed) return;
    const h = this.#handlers.get(p.job.name);
    if (!h) {
      const list = this.#orphans.get(p.job.name) ?? [];
      list.push(p);
      this.#orphans.set(p.job.name, list);
      return;
    }
    h.waiting.push(p);
    this.#drain(p.job.name);
  }

  #drain(name: string) {
    const h = this.#handlers.get(name);
    if (!h) return;
    while (h.running < h.concurrency && h.waiting.length > 0) {
      const p = h.waiting.shift()!;
      h.running++;
      void h
        .handler(p.job)
        .then(
          () => this.#active.delete(`${name}:${p.job.id}`),
          (err: unknown) => {
            this.#onError(err, p.job);
            const attempts = p.options.attempts ?? 1;
            if (p.job.attempt < attempts) {
              const backoff = (p.options.backoffMs ?? 1000) * 2 ** (p.job.attempt - 1);
              this.#schedule(
                { job: { ...p.job, attempt: p.job.attempt + 1 }, options: p.options },
                backoff,
              );
            } else {
              this.#active.delete(`${name}:${p.job.id}`);
            }
          },
        )
        .finally(() => {
          h.running--;
          this.#drain(name);
          this.#notifyIdle();
        });
    }
  }

  #notifyIdle() {
    const busy = [...this.#handlers.values()].some((h) => h.running > 0 || h.waiting.length > 0);
    if (!busy && this.#timers.size === 0) for (const resolve of this.#idle) resolve();
  }

  async close() {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    const busy = [...this.#handlers.values()].some((h) => h.running > 0);
    if (busy) await new Promise<void>((resolve) => this.#idle.add(resolve));
  }
}

/** BullMQ-backed job queue: one BullMQ queue per job name, under the `pn:jobs` prefix. */
export class RedisJobQueue implements JobQueue {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #queues = new Map<string, Queue>();
  readonly #workers = new Map<string, Worker>();
  readonly #connections: Redis[] = [];
  readonly #onError: (err: unknown, job: Job<unknown>) => void;

  constructor(
    redis: Redis,
    options: { prefix?: string; onError?: (err: unknown, job: Job<unknown>) => void } = {},
  ) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? 'pn:jobs';
    this.#onError = options.onError ?? (() => {});
  }

  #connection() {
    // Workers block on their connection; BullMQ requires maxRetriesPerRequest null on them, and
    // a blocking wait must not be cut by the shared connection's command timeout.
    const c = this.#redis.duplicate({ maxRetriesPerRequest: null, commandTimeout: undefined });
    // The shared connection logs Redis errors; BullMQ reconnects this one on its own.
    c.on('error', () => {});
    this.#connections.push(c);
    return c;
  }

  #queue(name: string) {
    let q = this.#queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.#connection() as never, prefix: this.#prefix });
      // An 'error' event without a listener would throw: adding a job fails on its own instead.
      q.on('error', () => {});
      this.#queues.set(name, q);
    }
    return q;
  }

  async add<T>(name: string, data: T, options: JobOptions = {}) {
    const job = await this.#queue(name).add(name, data as never, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? 1,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
    return job.id ?? options.jobId ?? '';
  }

  process<T>(
    name: string,
    handler: (job: Job<T>) => Promise<void>,
    options: { concurrency?: number } = {},
  ) {
    if (this.#workers.has(name)) throw JobHandlerDuplicate(name);
    const worker = new Worker(
      name,
      async (bj) => {
        await handler({
          id: bj.id ?? '',
          name: bj.name,
          data: bj.data as T,
          attempt: bj.attemptsMade + 1,
        });
      },
      {
        connection: this.#connection() as never,
        prefix: this.#prefix,
        concurrency: options.concurrency ?? 1,
      },
    );
    worker.on('failed', (bj, err) => {
      if (bj)
        this.#onError(err, {
          id: bj.id ?? '',
          name: bj.name,
          data: bj.data,
          attempt: bj.attemptsMade,
        });
    });
    worker.on('error', () => {
      // Connection errors are retried by BullMQ; readiness reports Redis health.
    });
    this.#workers.set(name, worker);
  }

  async close() {
    await Promise.all([...this.#workers.values()].map((w) => w.close()));
    await Promise.all([...this.#queues.values()].map((q) => q.close()));
    for (const c of this.#connections) c.disconnect();
  }
}
