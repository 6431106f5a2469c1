import {
  publishToStream,
  streamTopics,
  type EventBus,
  type InstallEndMessage,
  type InstallOutputMessage,
  type KeyValueStore,
} from '@pteronimbus/sdk';

/** How much install output is kept per server: the end of it, for a tab opening later. */
export const INSTALL_OUTPUT_MAX_CHARS = 64 * 1024;
/** How long the output of the last install is kept. */
export const INSTALL_OUTPUT_TTL_MS = 7 * 24 * 3_600_000;

/** The output of a server's last install, as kept. */
export interface InstallOutput {
  /** The install Job it came from; `null` before any install printed anything. */
  job: string | null;
  /** The last {@link INSTALL_OUTPUT_MAX_CHARS} characters, cut at a line start. */
  output: string;
  /** Whether the Job's log ended (the install finished, or its log could not be read). */
  ended: boolean;
  /** Why the log could not be read, when it could not. */
  error: { code: string; message: string } | null;
  /** Whether earlier output was cut off. */
  truncated: boolean;
}

const EMPTY: InstallOutput = { job: null, output: '', ended: false, error: null, truncated: false };

/** Keeps the end of a string, from the start of a line when one is within reach. */
function tail(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const end = text.slice(text.length - max);
  const line = end.indexOf('\n');
  return { text: line >= 0 && line < end.length - 1 ? end.slice(line + 1) : end, cut: true };
}

/**
 * The install output the operators relay: each frame is published on the server's `install`
 * stream topic at once and appended to what is kept in the key-value store, so a tab that opens
 * later reads what came before over HTTP and follows the rest on the stream.
 */
export class InstallOutputs {
  readonly #kv: KeyValueStore;
  readonly #events: EventBus;

  constructor(kv: KeyValueStore, events: EventBus) {
    this.#kv = kv;
    this.#events = events;
  }

  /** What is kept of a server's last install. */
  async read(serverId: string): Promise<InstallOutput> {
    const raw = await this.#kv.get(this.#key(serverId));
    return raw ? { ...EMPTY, ...(JSON.parse(raw) as Partial<InstallOutput>) } : { ...EMPTY };
  }

  /** Forgets a server's install output (the server is deleted). */
  async forget(serverId: string): Promise<void> {
    await this.#kv.delete(this.#key(serverId));
  }

  /**
   * Handles one frame from the operator about `serverId` of `tenantId`. Frames must come one
   * after another (each reads and rewrites what is kept), in the order the operator sent them.
   */
  async handle(
    tenantId: string,
    serverId: string,
    m: InstallOutputMessage | InstallEndMessage,
  ): Promise<void> {
    await this.#apply(tenantId, serverId, m);
  }

  async #apply(tenantId: string, serverId: string, m: InstallOutputMessage | InstallEndMessage) {
    const kept = await this.read(serverId);
    // A new Job, or the same one followed again from its start: what was kept is replaced.
    const fresh = kept.job !== m.job || (m.type === 'install.output' && m.restart === true);
    const base = fresh ? { ...EMPTY, job: m.job } : kept;
    let next: InstallOutput;
    if (m.type === 'install.output') {
      const { text, cut } = tail(base.output + m.data, INSTALL_OUTPUT_MAX_CHARS);
      next = { ...base, output: text, truncated: base.truncated || cut, ended: false, error: null };
    } else {
      next = { ...base, ended: true, error: m.error ?? null };
    }
    await this.#kv.set(this.#key(serverId), JSON.stringify(next), {
      ttlMs: INSTALL_OUTPUT_TTL_MS,
    });
    const topic = streamTopics.serverInstall(tenantId, serverId);
    if (m.type === 'install.output')
      await publishToStream(this.#events, topic, {
        kind: 'output',
        serverId,
        job: m.job,
        data: m.data,
        ...(fresh ? { restart: true } : {}),
      });
    else
      await publishToStream(this.#events, topic, {
        kind: 'end',
        serverId,
        job: m.job,
        error: m.error ?? null,
      });
  }

  #key(serverId: string): string {
    return `install:${serverId}`;
  }
}
