import {
  makeInformer,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { backoffDelay } from '../reconciler/queue.ts';
import type { KubeClient, KubeObject } from './client.ts';
import { resourcePath } from './resources.ts';

/** Options of {@link WatchedInformer}. */
export interface WatchedInformerOptions {
  labelSelector?: string;
  /** Watch one namespace only (where the operator may not read the kind cluster-wide). */
  namespace?: string;
  /**
   * Longest quiet spell accepted before the watch is considered dead and restarted. The client
   * reconnects an idle watch every 30 s, so a healthy informer is never this quiet. Default 120 s.
   */
  silenceMs?: number;
  onError?: (kind: string, error: unknown) => void;
  onRestart?: (kind: string, why: 'error' | 'silence') => void;
  /**
   * Drops fields the operator never reads from each cached object, to keep the caches small.
   * `metadata.managedFields` always goes.
   */
  trim?: (object: KubeObject) => void;
}

/**
 * An informer (`makeInformer`: list, then watch, with a local cache) that keeps itself alive. The
 * client's informer stops for good on a failed list or watch; this one starts it again after an
 * exponential backoff, and a watchdog restarts it when it has been silent for too long.
 */
export class WatchedInformer<T extends KubeObject> {
  readonly kind: string;
  readonly #informer;
  readonly #silenceMs: number;
  readonly #options: WatchedInformerOptions;
  #lastActivity = Date.now();
  #failures = 0;
  #stopped = true;
  #restartTimer: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #synced = false;
  #restarting = false;
  /** Restarts so far, by cause; the metrics read it. */
  readonly restarts = { error: 0, silence: 0 };

  constructor(
    kc: KubeConfig,
    client: KubeClient,
    kind: string,
    options: WatchedInformerOptions = {},
  ) {
    this.kind = kind;
    this.#options = options;
    this.#silenceMs = options.silenceMs ?? 120_000;
    const list = async () =>
      (await client.list<T>(
        kind,
        options.namespace,
        options.labelSelector,
      )) as unknown as KubernetesListObject<T & KubernetesObject>;
    this.#informer = makeInformer<T & KubernetesObject>(
      kc,
      resourcePath(kind, { namespace: options.namespace }),
      list,
      options.labelSelector,
    );
    // Registered first, so the object is trimmed before anyone sees it; the cache holds this
    // same object, so the trimmed form is what stays in memory.
    const trim = (o: KubernetesObject): void => {
      if (o.metadata) delete o.metadata.managedFields;
      options.trim?.(o as KubeObject);
    };
    this.#informer.on('add', trim);
    this.#informer.on('update', trim);
    const touch = (): void => {
      this.#lastActivity = Date.now();
    };
    this.#informer.on('connect', () => {
      touch();
      this.#failures = 0;
    });
    this.#informer.on('change', touch);
    this.#informer.on('error', (err: unknown) => {
      // Stopping the client's informer aborts its watch, which it reports as an error, often only
      // after the stop has returned; nothing else aborts a watch (the client's own inactivity
      // timeout is a TimeoutError, which it handles by reconnecting).
      const aborted = (err as { name?: string } | undefined)?.name === 'AbortError';
      if (this.#stopped || this.#restarting || aborted) return;
      this.#synced = false;
      this.#options.onError?.(kind, err);
      this.#scheduleRestart('error');
    });
  }

  /** Whether the cache holds a complete list from the current connection. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Calls `handler` on every add, update and delete. */
  onChange(handler: (object: T, verb: 'add' | 'update' | 'delete') => void): void {
    this.#informer.on('add', (o) => handler(o as T, 'add'));
    this.#informer.on('update', (o) => handler(o as T, 'update'));
    this.#informer.on('delete', (o) => handler(o as T, 'delete'));
  }

  /** The cached object, if any. */
  get(name: string, namespace?: string): T | undefined {
    return this.#informer.get(name, namespace) as T | undefined;
  }

  /** Cached objects of a namespace, or all of them. */
  list(namespace?: string): readonly T[] {
    return this.#informer.list(namespace) as readonly T[];
  }

  #scheduleRestart(why: 'error' | 'silence'): void {
    if (this.#stopped || this.#restartTimer) return;
    this.#failures++;
    this.#restartTimer = setTimeout(
      () => {
        this.#restartTimer = undefined;
        if (this.#stopped) return;
        this.restarts[why]++;
        this.#options.onRestart?.(this.kind, why);
        void this.#start();
      },
      backoffDelay(this.#failures, 500, 30_000),
    );
    this.#restartTimer.unref();
  }

  async #start(): Promise<void> {
    let failed = false;
    const onError = (): void => {
      failed = true;
    };
    this.#restarting = true;
    try {
      await this.#informer.stop();
    } finally {
      this.#restarting = false;
    }
    this.#informer.on('error', onError);
    try {
      await this.#informer.start();
    } finally {
      this.#informer.off('error', onError);
    }
    if (!failed && !this.#stopped) {
      this.#synced = true;
      this.#lastActivity = Date.now();
    }
  }

  /** Lists, starts watching, and resolves once the cache is filled (or the first try failed). */
  async start(): Promise<void> {
    this.#stopped = false;
    this.#watchdog = setInterval(
      () => {
        if (
          !this.#stopped &&
          !this.#restartTimer &&
          Date.now() - this.#lastActivity > this.#silenceMs
        ) {
          this.#lastActivity = Date.now();
          this.#scheduleRestart('silence');
        }
      },
      Math.max(50, Math.floor(this.#silenceMs / 4)),
    );
    this.#watchdog.unref();
    await this.#start();
  }

  /** Stops watching; the cache stays readable. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#watchdog);
    clearTimeout(this.#restartTimer);
    this.#restartTimer = undefined;
    await this.#informer.stop();
  }
}
