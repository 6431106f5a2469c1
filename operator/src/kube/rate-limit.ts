import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A token bucket: `qps` tokens a second, at most `burst` saved up. Every API call takes one, so a
 * burst of reconciles (500 servers after a restart) cannot flood the apiserver, as client-go's
 * default limiter also prevents.
 */
export class TokenBucket {
  readonly qps: number;
  readonly burst: number;
  #tokens: number;
  #last: number;
  readonly #now: () => number;
  // Waiters are served in order, so a steady stream of callers cannot starve an early one.
  #tail: Promise<void> = Promise.resolve();

  constructor(options: { qps: number; burst: number; now?: () => number }) {
    this.qps = options.qps;
    this.burst = options.burst;
    this.#tokens = options.burst;
    this.#now = options.now ?? Date.now;
    this.#last = this.#now();
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.qps);
    this.#last = now;
  }

  /** Milliseconds until a token is free (0 when one is). Takes the token when it is free. */
  tryTake(): number {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.qps) * 1000);
  }

  /** Resolves once a token is taken. */
  take(): Promise<void> {
    const turn = this.#tail.then(async () => {
      for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(wait);
    });
    this.#tail = turn;
    return turn;
  }
}
