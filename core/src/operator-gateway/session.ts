import type { WebSocket } from 'ws';
import {
  LINK_CLOSE_CODES,
  LINK_PROTOCOL_VERSION,
  holdsNul,
  isPnError,
  parseOperatorMessage,
  tenantNamespace,
  type CoreMessage,
  type EventBus,
  type Logger,
  type OperatorMessage,
} from '@pteronimbus/sdk';
import type { SigningKeys } from './keys.ts';
import type { ClusterStore, StoredDocument } from './store.ts';
import { linkTopic, type LinkControl } from './topics.ts';

/** Timing of one link; tests shorten it. */
export interface SessionTiming {
  /** Ping period; a link that has not answered the previous ping is cut. */
  heartbeatIntervalMs: number;
  /** How long the operator has to say hello. */
  helloTimeoutMs: number;
}

/** Why a frame from an operator was dropped. */
export type DropReason = 'unknownStream' | 'foreignNamespace';

/** What the session needs of the gateway. */
export interface SessionContext {
  store: ClusterStore;
  events: EventBus;
  logger: Logger;
  timing: SessionTiming;
  keys: SigningKeys;
  /** Counts a dropped frame. */
  onDropped: (reason: DropReason) => void;
}

const REPLAY_BATCH = 200;
/** Relays opened on one link at once; beyond it the oldest is forgotten (its frames dropped). */
const MAX_OPEN_RELAYS = 10_000;
/** Tenant namespaces: `pn-` and a DNS label. */
const TENANT_NAMESPACE = /^pn-[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// PostgreSQL text and jsonb cannot hold U+0000, and what an operator reports is stored or looked
// up there: a frame holding one is refused as a bad frame rather than failing inside core. The
// `data` of relayed output only travels on to the panel.
const RELAYED: ReadonlySet<string> = new Set(['logs.data', 'install.output']);

function toDocumentMessage(d: StoredDocument): CoreMessage {
  return {
    type: 'document',
    revision: d.revision,
    kind: d.kind,
    tenantId: d.tenantId,
    namespace: d.namespace,
    name: d.name,
    spec: d.spec,
    deleted: d.deleted,
    signature: d.signature,
    // Documents signed before keys had ids verify with no key an operator holds.
    kid: d.kid ?? 'none',
  };
}

/**
 * One operator's link. After `hello` it replays the log after the operator's revision, then
 * follows new revisions as they are appended (on any core replica: the bus says when). Frames
 * from the operator are handled one at a time, in order.
 */
export class LinkSession {
  readonly clusterId: string;
  readonly #socket: WebSocket;
  readonly #ctx: SessionContext;
  readonly #log: Logger;
  #sentThrough = -1;
  #draining: Promise<void> | null = null;
  #drainAgain = false;
  #alive = true;
  #closed = false;
  #queue: Promise<void> = Promise.resolve();
  readonly #subscribed: Promise<() => Promise<void>>;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #helloTimer: NodeJS.Timeout;
  readonly #onClose: () => void;
  /** Key ids of the key set last sent to the operator. */
  #trustedKids = new Set<string>();
  /** Log relays core opened on this link, by stream id. */
  readonly #streams = new Set<string>();
  /** Console inputs core sent on this link and not yet answered, by request id. */
  readonly #requests = new Set<string>();
  #droppedLogged = 0;

  constructor(clusterId: string, socket: WebSocket, ctx: SessionContext, onClose: () => void) {
    this.clusterId = clusterId;
    this.#socket = socket;
    this.#ctx = ctx;
    this.#log = ctx.logger.child({ clusterId });
    this.#onClose = onClose;
    this.#subscribed = ctx.events.subscribe<LinkControl>(linkTopic(clusterId), (event) => {
      if (event.payload.type === 'revoked') this.close(LINK_CLOSE_CODES.revoked, 'cluster revoked');
      else if (event.payload.type === 'revision') void this.#drain();
      else if (event.payload.type === 'keys') void this.#sendKeys().catch(() => {});
      else if (event.payload.type === 'send') this.#relay(event.payload.message);
    });
    this.#subscribed.catch((err: unknown) => {
      this.#log.error({ err }, 'operator link could not follow the event bus');
      this.close(1011, 'internal error');
    });
    this.#helloTimer = setTimeout(
      () => this.close(LINK_CLOSE_CODES.protocolError, 'no hello'),
      ctx.timing.helloTimeoutMs,
    );
    this.#heartbeat = setInterval(() => {
      if (!this.#alive) {
        this.#log.warn('operator link silent, cutting it');
        this.close(LINK_CLOSE_CODES.heartbeatTimeout, 'heartbeat timeout', true);
        return;
      }
      this.#alive = false;
      socket.ping();
    }, ctx.timing.heartbeatIntervalMs);
    socket.on('pong', () => {
      this.#alive = true;
    });
    socket.on('message', (data: Buffer) => {
      this.#alive = true;
      this.#queue = this.#queue.then(() => this.#onFrame(data));
    });
    socket.on('close', () => this.#cleanup());
    socket.on('error', (err) =>
      this.#log.warn({ err: { message: err.message } }, 'operator link error'),
    );
  }

  /** Closes the link; `hard` drops it at once (the peer is not answering anyway). */
  close(code: number, reason: string, hard = false): void {
    if (this.#closed) return;
    this.#closed = true;
    if (hard) this.#socket.terminate();
    else this.#socket.close(code, reason);
    this.#cleanup();
  }

  #cleanup() {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#helloTimer);
    this.#subscribed.then((unsubscribe) => unsubscribe()).catch(() => {});
    this.#onClose();
  }

  #send(message: CoreMessage) {
    if (this.#closed || this.#sentThrough < 0) return;
    this.#socket.send(JSON.stringify(message));
  }

  /**
   * Sends a console or log message and remembers what it opened, so that only answers to it are
   * taken from the operator. Only tenant namespaces are ever asked about.
   */
  #relay(message: CoreMessage) {
    if (this.#closed || this.#sentThrough < 0) return;
    if (message.type === 'console.input' || message.type === 'logs.follow') {
      if (!TENANT_NAMESPACE.test(message.namespace)) {
        this.#log.warn({ type: message.type }, 'refused to relay outside tenant namespaces');
        return;
      }
      const open = message.type === 'console.input' ? this.#requests : this.#streams;
      open.add(message.type === 'console.input' ? message.requestId : message.streamId);
      // Bounded: an operator that never answers cannot make core remember without end.
      if (open.size > MAX_OPEN_RELAYS) open.delete(open.values().next().value!);
    } else if (message.type === 'logs.stop') {
      this.#streams.delete(message.streamId);
    }
    this.#send(message);
  }

  /** Sends core's current key set (after a rotation, or before a document signed by a new key). */
  async #sendKeys() {
    if (this.#closed || this.#sentThrough < 0) return;
    const keySet = await this.#ctx.keys.keySet();
    const kids = keySet.keys.map((k) => k.kid);
    // The operator holds these already (a drain sent them before the rotation's own notice).
    if (kids.length === this.#trustedKids.size && kids.every((k) => this.#trustedKids.has(k)))
      return;
    this.#trustedKids = new Set(kids);
    this.#send({ type: 'keys', keySet });
  }

  /** Counts a frame that is not bound to this link and logs the first few (ids only). */
  #drop(reason: DropReason, fields: Record<string, unknown>) {
    this.#ctx.onDropped(reason);
    if (this.#droppedLogged++ < 10 || this.#droppedLogged % 1000 === 0)
      this.#log.warn(
        { reason, ...fields, droppedOnLink: this.#droppedLogged },
        'dropped an operator frame not bound to this link',
      );
  }

  async #onFrame(data: Buffer) {
    if (this.#closed) return;
    let message: OperatorMessage;
    try {
      message = parseOperatorMessage(data);
    } catch (err) {
      this.close(LINK_CLOSE_CODES.protocolError, (err as Error).message.slice(0, 120));
      return;
    }
    if (holdsNul(RELAYED.has(message.type) ? { ...message, data: '' } : message)) {
      this.close(LINK_CLOSE_CODES.protocolError, 'a NUL character outside relayed output');
      return;
    }
    try {
      await this.#handle(message);
    } catch (err) {
      if (isPnError(err)) {
        this.close(LINK_CLOSE_CODES.protocolError, err.message.slice(0, 120));
        return;
      }
      this.#log.error({ err, type: message.type }, 'operator link frame failed');
      this.close(1011, 'internal error');
    }
  }

  async #handle(message: OperatorMessage) {
    const { store, events } = this.#ctx;
    const id = this.clusterId;
    if (message.type !== 'hello' && this.#sentThrough < 0) {
      this.close(LINK_CLOSE_CODES.protocolError, 'hello first');
      return;
    }
    switch (message.type) {
      case 'hello': {
        if (this.#sentThrough >= 0) {
          this.close(LINK_CLOSE_CODES.protocolError, 'hello twice');
          return;
        }
        clearTimeout(this.#helloTimer);
        if ((message.protocol ?? 1) < LINK_PROTOCOL_VERSION) {
          this.close(
            LINK_CLOSE_CODES.protocolTooOld,
            `link protocol ${LINK_PROTOCOL_VERSION} required`,
          );
          return;
        }
        await this.#subscribed;
        await store.markSeen(id, {
          operatorVersion: message.operatorVersion,
          ...(message.kubernetesVersion ? { kubernetesVersion: message.kubernetesVersion } : {}),
          appliedRevision: message.lastRevision,
        });
        const cluster = await store.get(id);
        const keySet = await this.#ctx.keys.keySet();
        this.#trustedKids = new Set(keySet.keys.map((k) => k.kid));
        this.#sentThrough = message.lastRevision;
        this.#send({
          type: 'welcome',
          clusterId: id,
          lastRevision: message.lastRevision,
          headRevision: cluster?.headRevision ?? 0,
          keySet,
        });
        this.#log.info({ lastRevision: message.lastRevision }, 'operator linked');
        await this.#drain();
        return;
      }
      case 'ack':
        await store.markSeen(id, { appliedRevision: message.revision });
        return;
      case 'reject': {
        await store.markSeen(id, { appliedRevision: message.revision });
        const [doc] = await store.documentsAfter(id, message.revision - 1, 1);
        const event = {
          kind: doc?.kind ?? 'Unknown',
          tenantId: doc?.tenantId ?? null,
          namespace: doc?.namespace ?? '',
          name: doc?.name ?? '',
          eventType: 'Warning',
          reason: message.reason,
          message: `revision ${message.revision} refused: ${message.message}`,
        };
        this.#log.warn(
          { revision: message.revision, reason: message.reason },
          'operator refused a document',
        );
        await store.insertEvent(id, event);
        await events.publish(`cluster.${id}.status`, { type: 'event', clusterId: id, ...event });
        return;
      }
      case 'status': {
        if (!this.#ownsNamespace(message.tenantId, message.namespace)) return;
        const entry = {
          kind: message.kind,
          tenantId: message.tenantId,
          namespace: message.namespace,
          name: message.name,
          generation: message.generation ?? null,
          status: message.status,
        };
        await store.upsertStatus(id, entry);
        await events.publish(`cluster.${id}.status`, { type: 'status', clusterId: id, ...entry });
        if (message.kind === 'GameServer')
          await events.publish('server.status', { clusterId: id, ...entry });
        return;
      }
      case 'event': {
        if (message.tenantId !== null && !this.#ownsNamespace(message.tenantId, message.namespace))
          return;
        const event = {
          kind: message.kind,
          tenantId: message.tenantId,
          namespace: message.namespace,
          name: message.name,
          eventType: message.eventType,
          reason: message.reason,
          message: message.message,
        };
        await store.insertEvent(id, event);
        await events.publish(`cluster.${id}.status`, { type: 'event', clusterId: id, ...event });
        return;
      }
      case 'console.result':
        // Only the answer to an input core sent on this link, once.
        if (!this.#requests.delete(message.requestId)) {
          this.#drop('unknownStream', { type: message.type });
          return;
        }
        await events.publish(`cluster.${id}.console`, message);
        return;
      case 'logs.data':
      case 'logs.end':
        // Only frames of a log core asked this link to follow: an operator cannot write into the
        // console of a server of another cluster by naming its stream.
        if (!this.#streams.has(message.streamId)) {
          this.#drop('unknownStream', { type: message.type });
          return;
        }
        if (message.type === 'logs.end') this.#streams.delete(message.streamId);
        await events.publish(`cluster.${id}.logs`, message);
        return;
      case 'install.output':
      case 'install.end':
        if (!this.#ownsNamespace(message.tenantId, message.namespace)) return;
        await events.publish('server.install', { clusterId: id, ...message });
        return;
    }
  }

  // An operator may only speak of a tenant's objects in that tenant's namespace.
  #ownsNamespace(tenantId: string, namespace: string): boolean {
    if (tenantNamespace(tenantId) === namespace) return true;
    this.#drop('foreignNamespace', { tenantId, namespace });
    return false;
  }

  /** Sends every document after the last one sent; concurrent calls coalesce into one more pass. */
  #drain(): Promise<void> {
    if (this.#sentThrough < 0 || this.#closed) return Promise.resolve();
    if (this.#draining) {
      this.#drainAgain = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        for (;;) {
          const docs = await this.#ctx.store.documentsAfter(
            this.clusterId,
            this.#sentThrough,
            REPLAY_BATCH,
          );
          if (docs.length === 0 || this.#closed) break;
          for (const doc of docs) {
            // The operator learns a new key from a key set signed by one it knows, first.
            if (doc.kid && !this.#trustedKids.has(doc.kid)) await this.#sendKeys();
            if (this.#closed) break;
            this.#send(toDocumentMessage(doc));
            this.#sentThrough = doc.revision;
          }
        }
      } while (this.#drainAgain && !this.#closed);
    })()
      .catch((err: unknown) => {
        this.#log.error({ err }, 'operator link replay failed');
        this.close(1011, 'internal error');
      })
      .finally(() => {
        this.#draining = null;
      });
    return this.#draining;
  }
}
