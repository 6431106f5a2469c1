import type { ExtensionPoint, Extensions } from '@pteronimbus/sdk';

/** Holds what plugins offer on each extension point, in the order they offered it. */
export class ExtensionRegistry implements Extensions {
  readonly #values = new Map<string, unknown[]>();

  provide<T>(point: ExtensionPoint<T>, value: T): void {
    const list = this.#values.get(point.id) ?? [];
    list.push(value);
    this.#values.set(point.id, list);
  }

  get<T>(point: ExtensionPoint<T>): readonly T[] {
    return (this.#values.get(point.id) ?? []) as T[];
  }
}
