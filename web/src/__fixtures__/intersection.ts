import { vi } from 'vitest';

/**
 * An IntersectionObserver the test moves by hand: `scrollIntoView(true)` tells every observer
 * that its targets entered the viewport (happy-dom's own never reports anything).
 */
export function stubIntersectionObserver() {
  const observers = new Set<{ callback: IntersectionObserverCallback; targets: Set<Element> }>();
  class FakeIntersectionObserver {
    readonly #entry: { callback: IntersectionObserverCallback; targets: Set<Element> };
    constructor(callback: IntersectionObserverCallback) {
      this.#entry = { callback, targets: new Set() };
      observers.add(this.#entry);
    }
    observe(target: Element) {
      this.#entry.targets.add(target);
    }
    unobserve(target: Element) {
      this.#entry.targets.delete(target);
    }
    disconnect() {
      observers.delete(this.#entry);
    }
    takeRecords() {
      return [];
    }
  }
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  return {
    /** Reports every observed target as visible (or not) to its observer. */
    scrollIntoView(visible: boolean) {
      for (const { callback, targets } of [...observers]) {
        const entries = [...targets].map(
          (target) => ({ target, isIntersecting: visible }) as IntersectionObserverEntry,
        );
        if (entries.length > 0) callback(entries, {} as IntersectionObserver);
      }
    },
    /** How many targets are being watched right now. */
    watched: () => [...observers].reduce((sum, o) => sum + o.targets.size, 0),
  };
}
