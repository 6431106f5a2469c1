/**
 * A typed slot through which plugins offer implementations to each other (e.g. `games.provider`).
 * Many small extension points beat one wide one.
 */
export interface ExtensionPoint<T> {
  readonly id: string;
  /** Type carrier only; never set at run time. */
  readonly __type?: T;
}

/** Declares an extension point. Ids are dotted, lower-case: `<area>.<what>`. */
export function createExtensionPoint<T>(id: string): ExtensionPoint<T> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(id)) {
    throw new TypeError(`extension point id ${id} must be dotted lower-case, e.g. games.provider`);
  }
  return Object.freeze({ id }) as ExtensionPoint<T>;
}

/** Access to extension points from a plugin. */
export interface Extensions {
  /** Offers an implementation on `point`. */
  provide<T>(point: ExtensionPoint<T>, value: T): void;
  /** Every implementation offered on `point`, in plugin load order. */
  get<T>(point: ExtensionPoint<T>): readonly T[];
}
