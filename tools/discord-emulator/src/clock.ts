/** Time source of the emulator; tests inject their own and move it forward instead of sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch, like `Date.now()`. */
  now(): number;
  /** Moves this clock forward without touching the underlying source. */
  advance(ms: number): void;
}

/** Wraps a time source with an offset that {@link Clock.advance} grows. */
export function createClock(source: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => source() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
