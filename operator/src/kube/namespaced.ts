import type { KubeObject } from './client.ts';
import type { WatchedInformer } from './informer.ts';

/**
 * One informer per namespace for a kind the operator may not watch cluster-wide (Secrets: it
 * is granted them only in the tenant namespaces it manages). Namespaces come and go while it
 * runs; handlers registered once apply to every namespace's informer.
 */
export class NamespacedInformers<T extends KubeObject> {
  readonly kind: string;
  readonly #make: (namespace: string) => WatchedInformer<T>;
  readonly #informers = new Map<string, WatchedInformer<T>>();
  readonly #handlers: ((object: T, verb: 'add' | 'update' | 'delete') => void)[] = [];
  #running = false;

  constructor(kind: string, make: (namespace: string) => WatchedInformer<T>) {
    this.kind = kind;
    this.#make = make;
  }

  /** The namespaces watched now. */
  get namespaces(): string[] {
    return [...this.#informers.keys()];
  }

  /** Whether every namespace's cache is filled. */
  get synced(): boolean {
    return [...this.#informers.values()].every((i) => i.synced);
  }

  /** Calls `handler` on every add, update and delete, in every namespace. */
  onChange(handler: (object: T, verb: 'add' | 'update' | 'delete') => void): void {
    this.#handlers.push(handler);
    for (const informer of this.#informers.values()) informer.onChange(handler);
  }

  /** Starts watching a namespace (once); resolves when its cache is filled or the first try failed. */
  async watch(namespace: string): Promise<void> {
    if (this.#informers.has(namespace)) return;
    const informer = this.#make(namespace);
    for (const handler of this.#handlers) informer.onChange(handler);
    this.#informers.set(namespace, informer);
    if (this.#running) await informer.start();
  }

  /** Stops watching a namespace (deleted, so its objects are gone too). */
  async forget(namespace: string): Promise<void> {
    const informer = this.#informers.get(namespace);
    this.#informers.delete(namespace);
    await informer?.stop();
  }

  /** The cached object, if its namespace is watched. */
  get(name: string, namespace?: string): T | undefined {
    return namespace === undefined
      ? undefined
      : this.#informers.get(namespace)?.get(name, namespace);
  }

  /** Cached objects of a namespace. */
  list(namespace: string): readonly T[] {
    return this.#informers.get(namespace)?.list(namespace) ?? [];
  }

  /** Starts the namespaces added so far and those added later. */
  async start(): Promise<void> {
    this.#running = true;
    await Promise.all([...this.#informers.values()].map((i) => i.start()));
  }

  /** Stops every namespace's informer. */
  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all([...this.#informers.values()].map((i) => i.stop()));
  }
}
