/**
 * The console's command history, as a shell keeps it: Up walks back through what was sent, Down
 * walks forward and finally returns to the line being typed before the walk began.
 */
export class CommandHistory {
  readonly #entries: string[] = [];
  readonly #limit: number;
  /** Index into entries while walking; `entries.length` means "the draft". */
  #cursor = 0;
  #draft = '';

  constructor(entries: readonly string[] = [], limit = 100) {
    this.#limit = limit;
    for (const entry of entries) this.push(entry);
  }

  /** What was sent, oldest first. */
  get entries(): readonly string[] {
    return this.#entries;
  }

  /** Remembers a sent command (not twice in a row, not blank) and ends any walk. */
  push(command: string): void {
    if (command.trim() !== '' && this.#entries.at(-1) !== command) {
      this.#entries.push(command);
      if (this.#entries.length > this.#limit) this.#entries.shift();
    }
    this.#cursor = this.#entries.length;
    this.#draft = '';
  }

  /** The line to show after Up, given what the input holds now. */
  previous(current: string): string {
    if (this.#cursor === this.#entries.length) this.#draft = current;
    if (this.#cursor > 0) this.#cursor -= 1;
    return this.#entries[this.#cursor] ?? current;
  }

  /** The line to show after Down. */
  next(current: string): string {
    if (this.#cursor >= this.#entries.length) return current;
    this.#cursor += 1;
    return this.#cursor === this.#entries.length ? this.#draft : this.#entries[this.#cursor]!;
  }
}
