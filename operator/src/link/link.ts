import { EventEmitter } from 'node:events';
import { Value } from 'typebox/value';
import WebSocket from 'ws';
import {
  GameServerSpecSchema,
  LINK_PATH,
  LINK_PROTOCOL_VERSION,
  TenantSpecSchema,
  parseCoreMessage,
  tenantNamespace,
  trustKeys,
  verifyDocument,
  verifyKeySet,
  type CoreMessage,
  type DocumentMessage,
  type KeyInput,
  type KeySet,
  type OperatorMessage,
  type RejectReason,
  type TrustedKeys,
} from '@pteronimbus/sdk';
import type { KeyObject } from 'node:crypto';
import { KubeApiError } from '../errors.ts';
import { backoffDelay } from '../reconciler/queue.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { DocumentApplier } from './apply.ts';
import type { RevisionStore } from './revisions.ts';

/** What the link logs through: the operator's logger. */
export type LinkLogger = Logger;

/** Handles the console and log messages core relays. */
export interface LinkRelayHandler {
  handle(
    message: Extract<CoreMessage, { type: 'console.input' | 'logs.follow' | 'logs.stop' }>,
    send: (m: OperatorMessage) => void,
  ): void;
  /** Ends every relay (the link dropped). */
  stopAll(): void;
}

/** Options of {@link OperatorLink}. */
export interface OperatorLinkOptions {
  coreUrl: string;
  credential: string;
  /** The cluster this operator runs in; documents signed for another are refused. */
  clusterId: string;
  /**
   * Core's signing key, or its keys by id. A ring given as a `Map` is the one the link keeps
   * current: a key set core sends replaces its contents, so a reconciler holding the same ring
   * verifies with the new keys at once.
   */
  coreSigningKey: KeyInput | TrustedKeys;
  /** Serial of the key set the ring holds (0 when unknown); older key sets are ignored. */
  keySerial?: number;
  /** Persists a key set the link took, so a restart keeps trusting it. */
  onKeys?: (keySet: KeySet) => Promise<void>;
  /**
   * The revision the object a document writes carries now (its `pteronimbus.io/revision`
   * annotation), if it exists: a document older than it is a replay and is refused.
   */
  objectRevision?: (doc: DocumentMessage) => Promise<number | undefined>;
  applier: DocumentApplier;
  revisions: RevisionStore;
  operatorVersion: string;
  kubernetesVersion?: string;
  relay?: LinkRelayHandler;
  logger?: LinkLogger;
  /** First reconnect delay; doubled up to `maxBackoffMs`. Default 500 ms. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Cut the link when core has not pinged (or sent anything) for this long. Default 60 s. */
  heartbeatTimeoutMs?: number;
}

/** Events a link emits, for the operator's status and for tests. */
export interface OperatorLinkEvents {
  welcome: [{ lastRevision: number; headRevision: number }];
  applied: [DocumentMessage];
  rejected: [DocumentMessage, RejectReason, string];
  disconnected: [{ code: number; reason: string }];
  refused: [{ status: number }];
}

/** Whether an apply failure will not go away by retrying (the apiserver refused the object). */
function isPermanent(err: unknown): boolean {
  const status = KubeApiError.is(err)
    ? (err.details as { status?: number } | undefined)?.status
    : undefined;
  return (
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    ![401, 403, 404, 408, 409, 429].includes(status)
  );
}

/**
 * The operator's end of the link: dials core, resumes after the last revision it applied, checks
 * every document's signature and tenant before applying it, persists the revision, then acks.
 * A document is handled once: its revision is stored before the ack, and a document at or below
 * the stored revision is skipped. A transient failure (the apiserver down) drops the connection
 * without acking, so the document comes again after the reconnect.
 */
export class OperatorLink extends EventEmitter<OperatorLinkEvents> {
  readonly #options: OperatorLinkOptions;
  readonly #keys: Map<string, KeyObject>;
  #keySerial: number;
  readonly #log: LinkLogger;
  #socket: WebSocket | undefined;
  #stopped = true;
  #failures = 0;
  #retry: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #lastHeard = 0;
  #queue: Promise<void> = Promise.resolve();
  #ready = false;
  #lastApplied = 0;
  #onReady: Array<() => void> = [];

  constructor(options: OperatorLinkOptions) {
    super();
    this.#options = options;
    this.#keys =
      options.coreSigningKey instanceof Map
        ? (options.coreSigningKey as Map<string, KeyObject>)
        : trustKeys([options.coreSigningKey as KeyInput]);
    this.#keySerial = options.keySerial ?? 0;
    this.#log = options.logger ?? silentLogger;
  }

  /** Whether the link is up and has been welcomed. */
  get connected(): boolean {
    return this.#ready;
  }

  /** Starts dialing; reconnects until {@link stop}. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    clearInterval(this.#watchdog);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(1000, 'operator stopping');
      setTimeout(() => socket.terminate(), 2000).unref();
      await closed;
    }
    await this.#queue;
  }

  /** Sends a frame when linked; frames sent while down are dropped (status is resent on reconnect). */
  send(message: OperatorMessage): boolean {
    if (!this.#ready || this.#socket?.readyState !== WebSocket.OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** Runs `fn` now if linked, and after every future welcome. */
  onConnected(fn: () => void): void {
    this.#onReady.push(fn);
    if (this.#ready) fn();
  }

  /** Cuts the current connection as a network failure would (tests use it). */
  dropConnection(): void {
    this.#socket?.terminate();
  }

  #connect() {
    if (this.#stopped) return;
    const url = new URL(LINK_PATH, this.#options.coreUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${this.#options.credential}` },
      handshakeTimeout: 15_000,
    });
    this.#socket = socket;
    this.#lastHeard = Date.now();
    socket.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      this.#log.warn(
        { status },
        status === 403
          ? 'core refused the link: cluster not approved or revoked'
          : 'core refused the link',
      );
      this.emit('refused', { status });
      res.resume();
      socket.terminate();
    });
    socket.on('open', () => {
      void this.#revisionForHello().then(
        (lastRevision) =>
          socket.send(
            JSON.stringify({
              type: 'hello',
              lastRevision,
              operatorVersion: this.#options.operatorVersion,
              protocol: LINK_PROTOCOL_VERSION,
              ...(this.#options.kubernetesVersion
                ? { kubernetesVersion: this.#options.kubernetesVersion }
                : {}),
            } satisfies OperatorMessage),
          ),
        (err: unknown) => {
          this.#log.error({ err }, 'cannot read the last applied revision');
          socket.terminate();
        },
      );
    });
    socket.on('ping', () => {
      this.#lastHeard = Date.now();
    });
    socket.on('message', (data: Buffer) => {
      this.#lastHeard = Date.now();
      this.#queue = this.#queue.then(() => this.#onFrame(socket, data));
    });
    socket.on('error', (err) => this.#log.warn({ err }, 'link error'));
    socket.on('close', (code, reason) => {
      this.#ready = false;
      clearInterval(this.#watchdog);
      this.#options.relay?.stopAll();
      this.emit('disconnected', { code, reason: reason.toString() });
      if (this.#socket === socket) this.#socket = undefined;
      if (this.#stopped) return;
      this.#failures++;
      const delay = Math.round(
        backoffDelay(
          this.#failures,
          this.#options.initialBackoffMs ?? 500,
          this.#options.maxBackoffMs ?? 30_000,
        ) *
          (0.5 + Math.random() / 2),
      );
      this.#log.info({ code, reason: reason.toString(), retryInMs: delay }, 'link closed');
      this.#retry = setTimeout(() => this.#connect(), delay);
    });
    const timeout = this.#options.heartbeatTimeoutMs ?? 60_000;
    clearInterval(this.#watchdog);
    this.#watchdog = setInterval(
      () => {
        if (Date.now() - this.#lastHeard > timeout) {
          this.#log.warn(
            { silentForMs: Date.now() - this.#lastHeard },
            'core went silent, reconnecting',
          );
          socket.terminate();
        }
      },
      Math.max(50, Math.floor(timeout / 4)),
    );
  }

  #revisionForHello(): Promise<number> {
    // Frames of a previous connection may still be in hand; the hello waits for them.
    return this.#queue.then(async () => {
      this.#lastApplied = await this.#options.revisions.get();
      return this.#lastApplied;
    });
  }

  async #onFrame(socket: WebSocket, data: Buffer) {
    if (this.#socket !== socket) return;
    let message: CoreMessage;
    try {
      message = parseCoreMessage(data);
    } catch (err) {
      this.#log.warn({ err }, 'ignored a frame core sent');
      return;
    }
    switch (message.type) {
      case 'welcome':
        if (message.keySet) await this.#takeKeys(message.keySet);
        this.#failures = 0;
        this.#ready = true;
        this.#log.info(
          { lastRevision: message.lastRevision, headRevision: message.headRevision },
          'linked to core',
        );
        this.emit('welcome', {
          lastRevision: message.lastRevision,
          headRevision: message.headRevision,
        });
        for (const fn of this.#onReady) fn();
        return;
      case 'document':
        await this.#onDocument(socket, message);
        return;
      case 'keys':
        await this.#takeKeys(message.keySet);
        return;
      default:
        this.#options.relay?.handle(message, (m) => this.send(m));
    }
  }

  /**
   * Takes a key set core sent when a key the link already trusts signed it and it is not older
   * than the one held; anything else is ignored (documents by an unknown key are then refused).
   */
  async #takeKeys(keySet: KeySet) {
    if (keySet.serial < this.#keySerial) return;
    const current = keySet.keys.map((k) => k.kid);
    if (keySet.serial === this.#keySerial && current.every((kid) => this.#keys.has(kid))) return;
    if (!verifyKeySet(keySet, this.#keys)) {
      this.#log.warn(
        { kid: keySet.kid, serial: keySet.serial },
        'ignored a key set no trusted key signed',
      );
      return;
    }
    const next = trustKeys(keySet.keys.map((k) => k.publicKey));
    try {
      await this.#options.onKeys?.(keySet);
    } catch (err) {
      // Not persisted: keep the old keys, core sends the set again on the next link.
      this.#log.warn({ err }, 'cannot store core keys');
      return;
    }
    this.#keys.clear();
    for (const [kid, key] of next) this.#keys.set(kid, key);
    this.#keySerial = keySet.serial;
    this.#log.info({ kids: current, serial: keySet.serial }, 'core signing keys updated');
  }

  async #onDocument(socket: WebSocket, doc: DocumentMessage) {
    const { applier } = this.#options;
    if (doc.revision <= this.#lastApplied) {
      // Already applied before a reconnect: acknowledge again, apply nothing.
      this.#reply(socket, { type: 'ack', revision: doc.revision });
      return;
    }
    const refusal = this.#check(doc) ?? (await this.#checkReplay(doc));
    if (refusal) {
      this.#log.warn(
        { revision: doc.revision, kind: doc.kind, name: doc.name, reason: refusal.reason },
        'refused a document',
      );
      await this.#advance(doc.revision);
      this.emit('rejected', doc, refusal.reason, refusal.message);
      this.#reply(socket, { type: 'reject', revision: doc.revision, ...refusal });
      return;
    }
    try {
      await applier.apply(doc);
    } catch (err) {
      if (!isPermanent(err)) {
        // Nothing is acked: the document comes again after the reconnect.
        this.#log.warn({ err, revision: doc.revision }, 'apply failed, retrying');
        socket.terminate();
        return;
      }
      await this.#advance(doc.revision);
      const message = (err as Error).message.slice(0, 1000);
      this.emit('rejected', doc, 'ApplyFailed', message);
      this.#reply(socket, {
        type: 'reject',
        revision: doc.revision,
        reason: 'ApplyFailed',
        message,
      });
      return;
    }
    await this.#advance(doc.revision);
    this.emit('applied', doc);
    this.#reply(socket, { type: 'ack', revision: doc.revision });
  }

  async #advance(revision: number) {
    await this.#options.revisions.set(revision);
    this.#lastApplied = revision;
  }

  #reply(socket: WebSocket, message: OperatorMessage) {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  /**
   * Whether the object already carries a newer revision than the document: an old signed
   * document sent again (its revision is signed, so it cannot be renumbered) must not roll the
   * object back, even after the link's own progress was lost.
   */
  async #checkReplay(
    doc: DocumentMessage,
  ): Promise<{ reason: RejectReason; message: string } | null> {
    const current = await this.#options.objectRevision?.(doc);
    if (current === undefined || current <= doc.revision) return null;
    return {
      reason: 'RevisionReplayed',
      message: `the object is at revision ${current}, newer than ${doc.revision}`,
    };
  }

  /** The checks a document passes before it touches the cluster; the first failure wins. */
  #check(doc: DocumentMessage): { reason: RejectReason; message: string } | null {
    if (!this.#keys.has(doc.kid))
      return { reason: 'KeyUnknown', message: `key ${doc.kid} is not one of core's known keys` };
    if (!verifyDocument({ ...doc, clusterId: this.#options.clusterId }, doc.signature, this.#keys))
      return {
        reason: 'SignatureInvalid',
        message: 'the signature does not verify for this cluster with the core signing key',
      };
    if (doc.namespace !== tenantNamespace(doc.tenantId))
      return {
        reason: 'TenantMismatch',
        message: `tenant ${doc.tenantId} does not live in namespace ${doc.namespace}`,
      };
    if (doc.deleted) return null;
    const spec: Record<string, unknown> | null = doc.spec;
    if (spec === null)
      return { reason: 'Invalid', message: 'a document that is not a deletion needs a spec' };
    if (doc.kind === 'Tenant') {
      if (doc.name !== doc.tenantId)
        return { reason: 'TenantMismatch', message: 'a Tenant document names its own tenant' };
      if (!Value.Check(TenantSpecSchema, spec))
        return { reason: 'Invalid', message: 'the Tenant spec does not match its schema' };
    }
    if (doc.kind === 'GameServer') {
      const owner = (spec as { tenantId?: unknown }).tenantId;
      if (owner !== doc.tenantId)
        return { reason: 'TenantMismatch', message: `the spec names tenant ${String(owner)}` };
      if (!Value.Check(GameServerSpecSchema, spec))
        return { reason: 'Invalid', message: 'the GameServer spec does not match its schema' };
    }
    return null;
  }
}
