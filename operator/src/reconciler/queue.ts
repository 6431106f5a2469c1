/** Exponential backoff: `base · 2^(failures-1)`, capped, as client-go's per-item limiter does. */
export function backoffDelay(failures: number, baseMs = 200, maxMs = 60_000): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

/** Options of {@link WorkQueue}. */
export interface WorkQueueOptions {
  /** Keys processed at once. Default 4. */
  concurrency?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * A work queue of object keys with the guarantees controllers rely on: a key waiting is queued
 * once however often it is added; a key is never processed twice at once (an add while it runs
 * queues it again for after); a failed key comes back after an exponential backoff, and its
 * failure count resets when it succeeds.
 */
export class WorkQueue {
  readonly #handler: (key: string) => Promise<void>;
  readonly #concurrency: number;
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  readonly #running = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #failures = new Map<string, number>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #active = 0;
  #stopped = false;
  #idle: (() => void)[] = [];
  /** Called after each key is handled: its duration and error, if any. */
  onProcessed: ((key: string, ms: number, error?: unknown) => void) | undefined;

  constructor(handler: (key: string) => Promise<void>, options: WorkQueueOptions = {}) {
    this.#handler = handler;
    this.#concurrency = options.concurrency ?? 4;
    this.#baseMs = options.baseDelayMs ?? 200;
    this.#maxMs = options.maxDelayMs ?? 60_000;
  }

  /** Keys waiting (not running, not in backoff). */
  get length(): number {
    return this.#queue.length;
  }

  /** How often `key` failed in a row. */
  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** Queues `key` now, replacing any backoff timer (new information beats waiting). */
  add(key: string): void {
    if (this.#stopped) return;
    const timer = this.#timers.get(key);
    if (timer) {
      clearTimeout(timer);
      this.#timers.delete(key);
    }
    if (this.#running.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#queue.push(key);
    this.#pump();
  }

  /** Queues `key` after `ms`, unless it is queued sooner. */
  addAfter(key: string, ms: number): void {
    if (this.#stopped || this.#queued.has(key) || this.#timers.has(key)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, ms);
    timer.unref();
    this.#timers.set(key, timer);
  }

  /** Forgets the failure count of `key` (e.g. when its object is deleted). */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  #pump(): void {
    while (!this.#stopped && this.#active < this.#concurrency && this.#queue.length > 0) {
      const key = this.#queue.shift() as string;
      this.#queued.delete(key);
      this.#running.add(key);
      this.#active++;
      void this.#run(key);
    }
    if (this.#active === 0 && this.#queue.length === 0) {
      for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  async #run(key: string): Promise<void> {
    const started = performance.now();
    let error: unknown;
    try {
      await this.#handler(key);
      this.#failures.delete(key);
    } catch (err) {
      error = err;
      const failures = this.failures(key) + 1;
      this.#failures.set(key, failures);
      this.addAfter(key, backoffDelay(failures, this.#baseMs, this.#maxMs));
    } finally {
      this.#running.delete(key);
      this.#active--;
      this.onProcessed?.(key, performance.now() - started, error);
      if (this.#dirty.delete(key)) this.add(key);
      this.#pump();
    }
  }

  /** Resolves when nothing is queued or running (keys in backoff do not count). */
  drained(): Promise<void> {
    if (this.#active === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops taking work, drops backoff timers, and waits for running keys to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#queue.length = 0;
    this.#queued.clear();
    if (this.#active > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
  }
}
