/**
 * Reads and writes small preferences in `localStorage`. Storage can be unavailable (private
 * windows, disabled cookies, quota): the panel then simply forgets, it never breaks.
 */
export const preferenceStorage = {
  get(key: string): string | null {
    try {
      return globalThis.localStorage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      globalThis.localStorage?.setItem(key, value);
    } catch {
      // Not remembering a preference is acceptable; failing the switch is not.
    }
  },
};
