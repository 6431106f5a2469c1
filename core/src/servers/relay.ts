import { randomBytes } from 'node:crypto';
import {
  isPnError,
  publishToStream,
  streamTopics,
  tenantNamespace,
  type AuditLog,
  type ConsoleResultMessage,
  type EventBus,
  type Logger,
  type LogsDataMessage,
  type LogsEndMessage,
} from '@pteronimbus/sdk';
import { redactCommand } from '../audit/redact.ts';
import {
  ServerClusterOffline,
  ServerConsoleFailed,
  ServerLogsFailed,
  ServerNotFound,
  ServerRelayTimeout,
} from '../errors/codes.ts';
import type { OperatorGateway } from '../operator-gateway/index.ts';
import type { ClusterLiveness } from './liveness.ts';
import { auditServer } from './notices.ts';
import { operatorCode, operatorSummary } from './operator-text.ts';
import type { ServerRecord, ServerStore } from './store.ts';
import type { Actor } from './types.ts';

/** What an operator answers to a relayed request: a console result or a log frame. */
export type RelayAnswer = ConsoleResultMessage | LogsDataMessage | LogsEndMessage;

/** What {@link OperatorRelay} needs. */
export interface RelayOptions {
  store: Pick<ServerStore, 'get'>;
  gateway: Pick<OperatorGateway, 'relay' | 'connected'>;
  liveness: Pick<ClusterLiveness, 'isStale'>;
  events: EventBus;
  audit: Pick<AuditLog, 'record'>;
  logger: Pick<Logger, 'info'>;
  /** Keys the HMAC of console commands in the audit log (never the commands themselves). */
  consoleAuditKey: Buffer;
  /** How long a console command or a log request waits for the operator. */
  relayTimeoutMs: number;
  /** A log download ends once the operator has been quiet this long. */
  logsQuietMs: number;
}

/** Prefix of the stream id of a running server's followed console. */
const CONSOLE_STREAM = 'console:';

/** The id an answer belongs to: a console input's request id, a log's stream id. */
const answerId = (m: RelayAnswer) => (m.type === 'console.result' ? m.requestId : m.streamId);

/**
 * Console and logs through the operator: core asks over the link (console input, log follow) and
 * the answers come back on the event bus, on every replica; a waiter per request id takes them.
 */
export class OperatorRelay {
  readonly #o: RelayOptions;
  /** Who waits for the answers to a request, by its id. */
  readonly #waiters = new Map<string, (m: RelayAnswer) => void>();

  constructor(options: RelayOptions) {
    this.#o = options;
  }

  /** Writes a line to the game's console; audited before it is sent. */
  async command(
    tenantId: string,
    id: string,
    command: string,
    actor: Actor,
  ): Promise<{ requestId: string }> {
    const server = await this.#live(tenantId, id);
    // The line may carry a password (`login hunter2`, an answer to a prompt): only its shape and
    // a keyed hash are kept.
    await auditServer(this.#o.audit, actor, 'server.console.command', server, {
      command: redactCommand(command, this.#o.consoleAuditKey),
    });
    const requestId = `cmd-${randomBytes(8).toString('hex')}`;
    const result = this.#wait<ConsoleResultMessage | null>(requestId, null, (m, finish) => {
      if (m.type === 'console.result') finish(m);
    });
    await this.#o.gateway.relay(server.clusterId, {
      type: 'console.input',
      requestId,
      namespace: tenantNamespace(tenantId),
      name: id,
      data: `${command}\n`,
    });
    const answer = await result;
    if (!answer) throw ServerRelayTimeout(id);
    if (!answer.ok) throw ServerConsoleFailed(id, this.#failure(id, answer.error));
    await publishToStream(this.#o.events, streamTopics.serverConsole(tenantId, id), {
      kind: 'input',
      data: command,
      by: actor.principal?.name ?? null,
    });
    return { requestId };
  }

  /** The last `lines` lines of the game's log, as the operator relays them. */
  async logs(tenantId: string, id: string, lines: number): Promise<string> {
    const server = await this.#live(tenantId, id);
    const streamId = `logs-${randomBytes(8).toString('hex')}`;
    const chunks: string[] = [];
    type Outcome = { error?: { code: string; message: string } } | null;
    let quiet: NodeJS.Timeout | null = null;
    // Nothing at all within the relay timeout: the operator is not answering.
    const done = this.#wait<Outcome>(
      streamId,
      () => (chunks.length ? {} : null),
      (m, finish) => {
        if (m.type === 'logs.end') return finish(m.error ? { error: m.error } : {});
        if (m.type !== 'logs.data') return;
        chunks.push(m.data);
        // A followed log never ends by itself: the download ends once it has gone quiet.
        if (quiet) clearTimeout(quiet);
        quiet = setTimeout(() => finish({}), this.#o.logsQuietMs);
      },
      () => {
        if (quiet) clearTimeout(quiet);
      },
    );
    await this.#o.gateway.relay(server.clusterId, {
      type: 'logs.follow',
      streamId,
      namespace: tenantNamespace(tenantId),
      name: id,
      tailLines: lines,
    });
    const outcome = await done;
    await this.#o.gateway.relay(server.clusterId, { type: 'logs.stop', streamId });
    if (!outcome) throw ServerRelayTimeout(id);
    if (outcome.error) throw ServerLogsFailed(id, this.#failure(id, outcome.error));
    return chunks.join('');
  }

  /**
   * What a console shows on open when this replica held none of its output: the game's last
   * lines as one output event, or nothing when there are none to be had (no pod yet, the server
   * stopped, its cluster offline).
   */
  async consoleHistory(
    tenantId: string,
    id: string,
    lines = 1000,
  ): Promise<Array<{ kind: 'output'; data: string }>> {
    try {
      const text = await this.logs(tenantId, id, lines);
      return text === '' ? [] : [{ kind: 'output', data: text }];
    } catch (err) {
      if (isPnError(err)) return [];
      throw err;
    }
  }

  /** Follows a server's console that just started running: its output goes to its stream topic. */
  async followConsole(
    clusterId: string,
    server: Pick<ServerRecord, 'tenantId' | 'id'>,
  ): Promise<void> {
    await this.#o.gateway.relay(clusterId, {
      type: 'logs.follow',
      streamId: `${CONSOLE_STREAM}${server.tenantId}:${server.id}`,
      namespace: tenantNamespace(server.tenantId),
      name: server.id,
      tailLines: 100,
    });
  }

  /**
   * An answer from a cluster's operator, heard on every replica: it goes to whoever waits for it
   * here; console output is published once, by the replica holding the link.
   */
  async receive(clusterId: string, m: RelayAnswer): Promise<void> {
    this.#waiters.get(answerId(m))?.(m);
    if (m.type !== 'logs.data' || !m.streamId.startsWith(CONSOLE_STREAM)) return;
    if (!this.#o.gateway.connected().includes(clusterId)) return;
    const [, tenantId, serverId] = m.streamId.split(':');
    if (tenantId && serverId)
      await publishToStream(this.#o.events, streamTopics.serverConsole(tenantId, serverId), {
        kind: 'output',
        data: m.data,
      });
  }

  /**
   * Waits for the answers to request `id`: `take` sees each and calls `finish` when it has what
   * it needs; after the relay timeout, the wait ends with `timedOut` (a value, or a function of
   * what came so far). `cleanup` runs once, however it ends.
   */
  #wait<T>(
    id: string,
    timedOut: T | (() => T),
    take: (m: RelayAnswer, finish: (value: T) => void) => void,
    cleanup?: () => void,
  ): Promise<T> {
    return new Promise<T>((resolve) => {
      const finish = (value: T) => {
        clearTimeout(deadline);
        cleanup?.();
        this.#waiters.delete(id);
        resolve(value);
      };
      const deadline = setTimeout(
        () => finish(typeof timedOut === 'function' ? (timedOut as () => T)() : timedOut),
        this.#o.relayTimeoutMs,
      );
      this.#waiters.set(id, (m) => take(m, finish));
    });
  }

  async #live(tenantId: string, id: string): Promise<ServerRecord> {
    const server = await this.#o.store.get(tenantId, id);
    if (!server) throw ServerNotFound(id);
    if (await this.#o.liveness.isStale(server.clusterId))
      throw ServerClusterOffline(id, { clusterId: server.clusterId });
    return server;
  }

  /**
   * An operator's failure as the caller sees it: its code if it looks like one, its message as a
   * sanitized summary. The full text goes to the log.
   */
  #failure(serverId: string, error: { code?: unknown; message?: unknown } | undefined) {
    const operatorMessage = operatorSummary(error?.message);
    if (typeof error?.message === 'string' && error.message !== operatorMessage)
      this.#o.logger.info(
        { serverId, operatorCode: error.code, operatorMessage: error.message },
        'operator failure (full text)',
      );
    return { operatorCode: operatorCode(error?.code), operatorMessage };
  }
}
