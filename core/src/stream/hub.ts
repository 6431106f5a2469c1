import type { WebSocket } from 'ws';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  PERMISSIONS_CHANGED_TOPIC,
  SESSION_ENDED_TOPIC,
  STREAM_BUS_PREFIX,
  StreamCloseCode,
  isPnError,
  type AuditLog,
  type BusEvent,
  type EventBus,
  type Logger,
  type PermissionService,
  type PermissionsChanged,
  type PnError,
  type Principal,
  type SessionEnded,
  type StreamClientMessage,
  type StreamTopicFamily,
} from '@pteronimbus/sdk';
import {
  Forbidden,
  Internal,
  NotFound,
  StreamSubscriptionLimit,
  StreamTopicUnknown,
  StreamUnavailable,
  TenantNotFound,
} from '../errors/codes.ts';
import { NOT_A_MEMBER, type TenantCheck, type TenantPass } from '../tenants/guard.ts';
import { TopicBuffer } from './buffer.ts';
import { StreamConnection, type ConnectionHost, type DropReason } from './connection.ts';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './limits.ts';
import { toStreamError } from './protocol.ts';
import { matchTopic, patternProblem, type TopicMatch } from './topics.ts';

/** One topic as this replica follows it: one bus subscription shared by every local socket. */
interface Channel {
  topic: string;
  buffer: TopicBuffer;
  receivers: Set<StreamConnection>;
  /** Subscribes still waiting for the bus subscription. */
  joining: number;
  ready: Promise<void>;
  unsubscribe?: () => Promise<void>;
  linger?: NodeJS.Timeout;
}

export interface StreamHubOptions {
  events: EventBus;
  /** Read at every subscribe, so families offered by plugins after start-up count. */
  families: () => readonly StreamTopicFamily[];
  permissions: () => PermissionService;
  /**
   * The same tenant check as HTTP routes (installed, and the caller in its guild); it throws to
   * refuse. Without it, topics open to any member are refused: membership cannot be confirmed.
   */
  tenant?: TenantCheck;
  /** Bus topics (payload `{ tenantId, userIds? }`) after which subscriptions are re-checked. */
  recheckOn?: readonly string[];
  audit: AuditLog;
  logger: Logger;
  limits?: Partial<StreamLimits>;
}

/** Counts of what the hub holds right now. */
export interface StreamStats {
  connections: number;
  subscriptions: number;
  /** Topics this replica follows on the bus (lingering ones included). */
  topics: number;
  dropped: Record<DropReason, number>;
}

/**
 * The real-time stream of one core replica: every socket, the topics they follow, the fan-out of
 * bus events to them, and permission re-checks.
 */
export class StreamHub implements ConnectionHost {
  readonly logger: Logger;
  readonly #limits: Readonly<StreamLimits>;
  readonly #events: EventBus;
  readonly #families: () => readonly StreamTopicFamily[];
  readonly #permissions: () => PermissionService;
  readonly #tenant: TenantCheck | undefined;
  readonly #recheckOn: readonly string[];
  readonly #audit: AuditLog;
  readonly #connections = new Set<StreamConnection>();
  readonly #channels = new Map<string, Channel>();
  readonly #dropped: Record<DropReason, number> = {
    slow: 0,
    heartbeat: 0,
    rate: 0,
    size: 0,
    session: 0,
    sockets: 0,
  };
  #onDrop: ((reason: DropReason) => void) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #stopRechecks: Array<() => Promise<void>> = [];
  #closed = false;

  constructor(options: StreamHubOptions) {
    this.#events = options.events;
    this.#families = options.families;
    this.#permissions = options.permissions;
    this.#tenant = options.tenant;
    this.#recheckOn = [PERMISSIONS_CHANGED_TOPIC, ...(options.recheckOn ?? [])];
    this.#audit = options.audit;
    this.logger = options.logger;
    this.#limits = Object.freeze({ ...DEFAULT_STREAM_LIMITS, ...options.limits });
  }

  get limits(): Readonly<StreamLimits> {
    return this.#limits;
  }

  /** Starts the heartbeat and follows permission changes and ended sessions. */
  async start(): Promise<void> {
    for (const topic of this.#recheckOn)
      this.#stopRechecks.push(
        await this.#events.subscribe<PermissionsChanged>(topic, (event) =>
          this.#recheck(event.payload),
        ),
      );
    this.#stopRechecks.push(
      await this.#events.subscribe<SessionEnded>(SESSION_ENDED_TOPIC, (event) =>
        this.#endSession(event.payload),
      ),
    );
    this.#armHeartbeat();
  }

  /** Warns once about declared families whose pattern can never match. */
  checkFamilies(): void {
    for (const family of this.#families()) {
      const problem = patternProblem(family.pattern);
      if (problem)
        this.logger.warn({ pattern: family.pattern }, `stream topic family ignored: ${problem}`);
    }
  }

  /** Exposes `pn_stream_connections`, `pn_stream_subscriptions` and `pn_stream_dropped_total`. */
  instrument(registry: Registry): void {
    const stats = () => this.stats();
    new Gauge({
      name: 'pn_stream_connections',
      help: 'Open real-time stream sockets on this replica',
      registers: [registry],
      collect() {
        this.set(stats().connections);
      },
    });
    new Gauge({
      name: 'pn_stream_subscriptions',
      help: 'Topic subscriptions held by the stream sockets of this replica',
      registers: [registry],
      collect() {
        this.set(stats().subscriptions);
      },
    });
    const dropped = new Counter({
      name: 'pn_stream_dropped_total',
      help: 'Stream sockets the server closed: slow reader, heartbeat timeout, rate or size limit, session ended, too many sockets',
      labelNames: ['reason'] as const,
      registers: [registry],
    });
    for (const [reason, count] of Object.entries(this.#dropped)) dropped.inc({ reason }, count);
    this.#onDrop = (reason) => dropped.inc({ reason });
  }

  /** Takes over a socket that passed authentication at the upgrade. */
  attach(socket: WebSocket, principal: Principal): StreamConnection {
    const connection = new StreamConnection(socket, principal, this);
    if (this.#closed) {
      connection.close(1001, 'server shutting down');
      return connection;
    }
    let held = 0;
    for (const c of this.#connections) if (c.principal.userId === principal.userId) held++;
    this.#connections.add(connection);
    if (held >= this.#limits.maxSocketsPerUser)
      connection.close(StreamCloseCode.TOO_MANY_SOCKETS, 'too many sockets', 'sockets');
    return connection;
  }

  stats(): StreamStats {
    let subscriptions = 0;
    for (const c of this.#connections) subscriptions += c.subscriptions.size;
    return {
      connections: this.#connections.size,
      subscriptions,
      topics: this.#channels.size,
      dropped: { ...this.#dropped },
    };
  }

  async handle(connection: StreamConnection, message: StreamClientMessage): Promise<void> {
    if (message.type === 'ping') {
      connection.send(
        message.id === undefined ? { type: 'pong' } : { id: message.id, type: 'pong' },
      );
      return;
    }
    if (message.type === 'unsubscribe') {
      this.#release(connection, message.topic);
      connection.send({ id: message.id, type: 'unsubscribed', topic: message.topic });
      return;
    }
    await this.#subscribe(connection, message);
  }

  detach(connection: StreamConnection, reason?: DropReason): void {
    if (!this.#connections.delete(connection)) return;
    for (const topic of [...connection.subscriptions.keys()]) this.#release(connection, topic);
    if (reason) {
      this.#dropped[reason]++;
      this.#onDrop?.(reason);
      this.logger.info({ userId: connection.principal.userId, reason }, 'stream socket dropped');
    }
  }

  /** Closes every socket (1001) and leaves the bus. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    for (const connection of [...this.#connections]) connection.close(1001, 'server shutting down');
    for (const stop of this.#stopRechecks.splice(0)) await stop();
    const channels = [...this.#channels.values()];
    this.#channels.clear();
    await Promise.allSettled(
      channels.map(async (channel) => {
        clearTimeout(channel.linger);
        await channel.ready.catch(() => {});
        await channel.unsubscribe?.();
      }),
    );
  }

  async #subscribe(
    connection: StreamConnection,
    message: Extract<StreamClientMessage, { type: 'subscribe' }>,
  ): Promise<void> {
    const { id, topic } = message;
    const refuse = (err: PnError) =>
      connection.send({ id, type: 'error', topic, error: toStreamError(err) });
    const held = connection.subscriptions.get(topic);
    const existing = this.#channels.get(topic);
    if (held && existing) {
      connection.send({
        id,
        type: 'subscribed',
        topic,
        epoch: existing.buffer.epoch,
        seq: existing.buffer.seq,
        replayed: 0,
        reset: false,
      });
      return;
    }
    const { maxSubscriptions } = this.#limits;
    if (connection.subscriptions.size >= maxSubscriptions)
      return void refuse(StreamSubscriptionLimit(maxSubscriptions, { limit: maxSubscriptions }));
    const match = matchTopic(this.#families(), topic);
    if (!match) return void refuse(StreamTopicUnknown(topic));
    let refusal: PnError | null;
    try {
      refusal = await this.#authorize(connection.principal, match, true);
    } catch (err) {
      this.logger.error({ err, topic }, 'stream permission check failed');
      refusal = isPnError(err) ? err : Internal();
    }
    if (refusal) return void refuse(refusal);
    if (!connection.open) return;

    const channel = this.#channel(topic, match);
    channel.joining++;
    try {
      await channel.ready;
    } catch (err) {
      this.logger.error({ err, topic }, 'stream bus subscription failed');
      return void refuse(StreamUnavailable());
    } finally {
      channel.joining--;
    }
    if (!connection.open || this.#closed) {
      this.#idle(channel);
      return;
    }
    // From here to joining the receivers nothing awaits: no live event can slip in between the
    // replay and the first live one.
    connection.subscriptions.set(topic, { id, match });
    const replay =
      message.since === undefined
        ? { events: [], reset: false }
        : channel.buffer.since(message.since, message.epoch);
    connection.send({
      id,
      type: 'subscribed',
      topic,
      epoch: channel.buffer.epoch,
      seq: channel.buffer.seq,
      replayed: replay.events.length,
      reset: replay.reset,
    });
    for (const event of replay.events) if (!connection.sendFrame(event.frame)) return;
    channel.receivers.add(connection);
  }

  /**
   * Whether `principal` may follow `match`: `null`, or the refusal. Someone outside the tenant
   * learns nothing about it (the tenant check's 404, before anything else is looked at); a member
   * is told which permission is missing. Super admins pass, and each override is audited.
   */
  async #authorize(
    principal: Principal,
    match: TopicMatch,
    audit: boolean,
  ): Promise<PnError | null> {
    const { family, params, tenantId, topic } = match;
    let pass: TenantPass = 'member';
    try {
      if (this.#tenant) pass = await this.#tenant(principal, tenantId);
      else if (family.permission === null && !principal.superAdmin) return TenantNotFound(tenantId);
    } catch (err) {
      if (isPnError(err)) return err;
      throw err;
    }
    let scope: { serverId?: string } | undefined = params.serverId
      ? { serverId: params.serverId }
      : undefined;
    if (family.resolve) {
      const resolution = await family.resolve(params, principal);
      if (!resolution) return NotFound(topic);
      scope = resolution.scope ?? scope;
    }
    const overridden: Record<string, unknown> =
      pass === 'override' ? { membership: NOT_A_MEMBER } : {};
    if (family.permission === null) {
      if (audit && pass === 'override') await this.#recordOverride(principal, match, overridden);
      return null;
    }
    if (await this.#permissions().has(principal, tenantId, family.permission, scope)) return null;
    if (!principal.superAdmin)
      return Forbidden(family.permission, { permission: family.permission });
    if (audit)
      await this.#recordOverride(principal, match, {
        permission: family.permission,
        ...overridden,
      });
    return null;
  }

  /** Audits a super admin following a topic through the override, with what it overrode. */
  async #recordOverride(principal: Principal, match: TopicMatch, changes: Record<string, unknown>) {
    await this.#audit.record({
      tenantId: match.tenantId,
      actor: { type: 'user', id: principal.userId, name: principal.name },
      action: 'access.override',
      target: { type: 'stream-topic', id: match.topic },
      changes,
      source: 'web',
      override: true,
    });
  }

  /**
   * Closes the sockets opened with a session that just ended: a logout or revocation takes
   * effect on live sockets too, not only on the next HTTP request.
   */
  #endSession(ended: SessionEnded): void {
    if (typeof ended?.sessionId !== 'string') return;
    for (const connection of [...this.#connections])
      if (connection.principal.sessionId === ended.sessionId)
        connection.close(StreamCloseCode.SESSION_ENDED, 'session ended', 'session');
  }

  /** Re-checks the subscriptions a permission change may have affected; drops the refused. */
  #recheck(change: PermissionsChanged): void {
    if (typeof change?.tenantId !== 'string') return;
    const users = Array.isArray(change.userIds) ? new Set(change.userIds) : null;
    for (const connection of this.#connections) {
      const { principal } = connection;
      if (principal.superAdmin || (users && !users.has(principal.userId))) continue;
      const affected = [...connection.subscriptions.values()].filter(
        (s) => s.match.tenantId === change.tenantId,
      );
      if (!affected.length) continue;
      connection.enqueue(async () => {
        for (const subscription of affected) {
          const { topic } = subscription.match;
          if (connection.subscriptions.get(topic) !== subscription) continue;
          let refusal: PnError | null;
          try {
            refusal = await this.#authorize(principal, subscription.match, false);
          } catch (err) {
            // Failing closed: a subscription that cannot be confirmed is dropped.
            this.logger.error({ err, topic }, 'stream permission re-check failed');
            refusal = Internal();
          }
          if (!refusal || connection.subscriptions.get(topic) !== subscription) continue;
          this.#release(connection, topic);
          connection.send({ type: 'error', topic, error: toStreamError(refusal) });
        }
      });
    }
  }

  /** The channel of `topic`, subscribing to the bus when this replica did not follow it yet. */
  #channel(topic: string, match: TopicMatch): Channel {
    const existing = this.#channels.get(topic);
    if (existing) {
      clearTimeout(existing.linger);
      existing.linger = undefined;
      return existing;
    }
    const { bufferEvents, bufferBytes } = this.#limits;
    const channel: Channel = {
      topic,
      buffer: new TopicBuffer(bufferEvents, bufferBytes),
      receivers: new Set(),
      joining: 0,
      ready: Promise.resolve(),
    };
    const { family, params } = match;
    // While a primed topic fetches what came before, live events wait behind it, in order.
    let early: BusEvent<unknown>[] | null = family.prime ? [] : null;
    channel.ready = this.#events
      .subscribe(STREAM_BUS_PREFIX + topic, (event) =>
        early ? early.push(event) : this.#fanOut(channel, event),
      )
      .then(
        async (unsubscribe) => {
          channel.unsubscribe = unsubscribe;
          if (!family.prime) return;
          try {
            const at = Date.now();
            for (const payload of await family.prime(params))
              this.#fanOut(channel, { topic, payload, at });
          } catch (err) {
            // Without the history the topic still works: live events only.
            this.logger.warn({ err, topic }, 'stream topic history unavailable');
          }
          const waiting = early ?? [];
          early = null;
          for (const event of waiting) this.#fanOut(channel, event);
        },
        (err: unknown) => {
          if (this.#channels.get(topic) === channel) this.#channels.delete(topic);
          throw err;
        },
      );
    this.#channels.set(topic, channel);
    return channel;
  }

  #fanOut(channel: Channel, event: BusEvent<unknown>): void {
    const held = channel.buffer.push((seq) =>
      Buffer.from(
        JSON.stringify({
          type: 'event',
          topic: channel.topic,
          payload: event.payload,
          at: event.at,
          seq,
        }),
      ),
    );
    for (const connection of channel.receivers) connection.sendFrame(held.frame);
  }

  #release(connection: StreamConnection, topic: string): void {
    if (!connection.subscriptions.delete(topic)) return;
    const channel = this.#channels.get(topic);
    if (!channel) return;
    channel.receivers.delete(connection);
    this.#idle(channel);
  }

  /** Leaves the bus for a topic nobody here follows any more, after the linger period. */
  #idle(channel: Channel): void {
    if (channel.receivers.size || channel.joining || channel.linger) return;
    const leave = () => {
      channel.linger = undefined;
      if (channel.receivers.size || channel.joining) return;
      if (this.#channels.get(channel.topic) !== channel) return;
      this.#channels.delete(channel.topic);
      void channel.ready
        .then(() => channel.unsubscribe?.())
        .catch((err: unknown) =>
          this.logger.warn({ err, topic: channel.topic }, 'stream bus unsubscribe failed'),
        );
    };
    if (this.#limits.lingerMs <= 0) leave();
    else {
      channel.linger = setTimeout(leave, this.#limits.lingerMs);
      channel.linger.unref();
    }
  }

  #armHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = setInterval(() => {
      for (const connection of this.#connections) connection.heartbeat();
    }, this.#limits.heartbeatMs);
    this.#heartbeat.unref();
  }
}
