import { randomBytes } from 'node:crypto';

/** One event as sent, kept for replay. */
export interface HeldEvent {
  seq: number;
  frame: Buffer;
}

/** What a subscriber asking for `since` gets. */
export interface Replay {
  events: HeldEvent[];
  /** `since` could not be honoured; `events` is everything held. */
  reset: boolean;
}

/**
 * The last events of one topic on this replica, bounded by count and bytes, numbered from 1 in an
 * epoch of their own (a restart or another replica counts in another epoch).
 */
export class TopicBuffer {
  readonly epoch = randomBytes(6).toString('hex');
  #seq = 0;
  readonly #ring: Array<HeldEvent | undefined>;
  #start = 0;
  #size = 0;
  #bytes = 0;
  readonly #maxBytes: number;

  constructor(maxEvents: number, maxBytes: number) {
    this.#ring = new Array<HeldEvent | undefined>(Math.max(1, maxEvents));
    this.#maxBytes = maxBytes;
  }

  /** The last sequence number handed out (0 before the first event). */
  get seq(): number {
    return this.#seq;
  }

  get size(): number {
    return this.#size;
  }

  /** Numbers the next event and keeps it; `build` makes its frame from the number. */
  push(build: (seq: number) => Buffer): HeldEvent {
    const held = { seq: ++this.#seq, frame: build(this.#seq) };
    const capacity = this.#ring.length;
    if (this.#size === capacity) this.#evict();
    this.#ring[(this.#start + this.#size) % capacity] = held;
    this.#size++;
    this.#bytes += held.frame.length;
    while (this.#bytes > this.#maxBytes && this.#size > 1) this.#evict();
    return held;
  }

  #evict(): void {
    const old = this.#ring[this.#start]!;
    this.#ring[this.#start] = undefined;
    this.#start = (this.#start + 1) % this.#ring.length;
    this.#size--;
    this.#bytes -= old.frame.length;
  }

  /** The events after `since` in `epoch` (when given), or everything held when that has gaps. */
  since(since: number, epoch?: string): Replay {
    const all = () => this.#slice(0);
    if (epoch !== undefined && epoch !== this.epoch) return { events: all(), reset: true };
    if (since > this.#seq) return { events: all(), reset: true };
    const oldest = this.#size ? this.#ring[this.#start]!.seq : this.#seq + 1;
    // Events between `since` and the oldest held one are gone: the client missed them.
    if (since < oldest - 1) return { events: all(), reset: true };
    return { events: this.#slice(since - oldest + 1), reset: false };
  }

  #slice(from: number): HeldEvent[] {
    const out: HeldEvent[] = [];
    for (let i = Math.max(0, from); i < this.#size; i++)
      out.push(this.#ring[(this.#start + i) % this.#ring.length]!);
    return out;
  }
}
