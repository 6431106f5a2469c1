import { setTimeout as sleep } from 'node:timers/promises';

/** Retries `fn` until it stops throwing, for state that converges asynchronously. */
export async function eventually<T>(fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(300);
    }
  }
}
