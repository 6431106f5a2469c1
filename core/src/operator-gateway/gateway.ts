import { createHash, randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import {
  GameServerSpecSchema,
  LINK_CLOSE_CODES,
  TENANT_ID_PATTERN,
  TEMPLATE_ID_PATTERN,
  TenantSpecSchema,
  signDocument,
  templateProblems,
  tenantNamespace,
  type AuditEntryInput,
  type ConsoleInputMessage,
  type DocumentKind,
  type EventBus,
  type KeySet,
  type Logger,
  type LogsFollowMessage,
  type LogsStopMessage,
  type RegisterRequest,
  type PublishedKey,
  type RegisterResponse,
  type TenantSpec,
} from '@pteronimbus/sdk';
import { Counter, type Registry } from 'prom-client';
import { insertAuditEntry } from '../audit/service.ts';
import type { Database } from '../db/orm.ts';
import {
  ClusterCredentialInvalid,
  ClusterNotApproved,
  ClusterNotFound,
  ClusterStateConflict,
  JoinTokenInvalid,
  OperatorDocumentInvalid,
} from '../errors/codes.ts';
import { SigningKeys } from './keys.ts';
import { LinkSession, type DropReason, type SessionTiming } from './session.ts';
import { ClusterStore, type Cluster } from './store.ts';
import { linkTopic, type LinkControl } from './topics.ts';

/** A desired-state document as the rest of core hands it to the gateway. */
export type DesiredDocument =
  | { kind: 'Tenant'; tenantId: string; spec: TenantSpec; deleted?: false }
  | {
      kind: 'GameTemplate' | 'GameServer';
      tenantId: string;
      name: string;
      spec: Record<string, unknown>;
      deleted?: false;
    }
  | { kind: DocumentKind; tenantId: string; name?: string; deleted: true };

/** Messages core may relay to an operator besides desired state. */
export type RelayedMessage = ConsoleInputMessage | LogsFollowMessage | LogsStopMessage;

/** Core's side of the operator link: clusters, join tokens, the signed desired-state log. */
export interface OperatorGateway {
  /**
   * Core's first-generation Ed25519 public key (base64 SPKI DER): the one operators verify with
   * until the first rotation. {@link OperatorGateway.keySet} has the current ones.
   */
  readonly publicKey: string;
  /** Core's published signing keys (current first), signed as operators receive them. */
  keySet(): Promise<KeySet>;
  /**
   * Rotates core's signing key: the next generation signs from now on, the previous one stays
   * published, older ones are dropped. Every connected operator receives the new key set, and the
   * live documents of every cluster are signed again with the new key.
   */
  rotateKeys(by: string | null): Promise<{ kid: string; generation: number; keys: PublishedKey[] }>;
  /** Sets the private networks (CIDR) a cluster's game servers are reached on. */
  setQueryNetworks(id: string, networks: string[]): Promise<Cluster>;
  /** Relay frames dropped by this replica, by reason (also the metric `pn_link_dropped_frames_total`). */
  dropped(): Record<DropReason, number>;
  /** Registers the gateway's metrics. */
  instrument(registry: Registry): void;
  /** Makes a one-time join token for a cluster to be called `name`. */
  createJoinToken(input: {
    name: string;
    ttlSeconds?: number;
    createdBy: string | null;
    /** The audit entry of this creation, written in the same transaction as the token. */
    audit?: (created: { name: string; expiresAt: string }) => AuditEntryInput;
  }): Promise<{ token: string; name: string; expiresAt: string }>;
  /** Exchanges a join token for a cluster credential; the cluster starts pending. */
  register(input: RegisterRequest): Promise<RegisterResponse>;
  listClusters(): Promise<Cluster[]>;
  getCluster(id: string): Promise<Cluster>;
  approve(id: string, by: string | null): Promise<Cluster>;
  /** Revokes a cluster and cuts its link at once, on every replica. */
  revoke(id: string, by: string | null): Promise<Cluster>;
  /** The approved cluster holding `credential`; throws the code to answer otherwise. */
  authenticate(credential: string | undefined): Promise<Cluster>;
  /** Signs a document, appends it to the cluster's log and pushes it to a connected operator. */
  publish(clusterId: string, document: DesiredDocument): Promise<{ revision: number }>;
  /** Relays a console or log message to the cluster's operator (through whichever replica holds the link). */
  relay(clusterId: string, message: RelayedMessage): Promise<void>;
  /** The last status an operator reported for an object. */
  statusOf(
    clusterId: string,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<{ status: Record<string, unknown> | null; generation: number | null } | null>;
  /** Recent events of a cluster, newest first. */
  events(clusterId: string, limit?: number): ReturnType<ClusterStore['events']>;
  /** Takes over an authenticated WebSocket as the cluster's link. */
  attach(clusterId: string, socket: WebSocket): void;
  /** Clusters with a link on this replica. */
  connected(): string[];
  close(): void;
}

/** Options of {@link createOperatorGateway}. */
export interface OperatorGatewayOptions {
  db: Pick<Database, 'query' | 'inTransaction'>;
  events: EventBus;
  secretKey: string;
  logger: Logger;
  timing?: Partial<SessionTiming>;
}

const DEFAULT_TTL_SECONDS = 3600;
const NAME = new RegExp(TEMPLATE_ID_PATTERN);
const TENANT_ID = new RegExp(TENANT_ID_PATTERN);

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What core validates of a document before it is signed: the object members. */
interface ObjectPayload {
  kind: DocumentKind;
  tenantId: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown> | null;
}

function toPayload(document: DesiredDocument): ObjectPayload {
  if (!TENANT_ID.test(document.tenantId) || document.tenantId.length > 60)
    throw OperatorDocumentInvalid(`tenant id ${document.tenantId} is not a DNS label`);
  const namespace = tenantNamespace(document.tenantId);
  const name = document.kind === 'Tenant' ? document.tenantId : document.name;
  if (!name || !NAME.test(name) || name.length > 63)
    throw OperatorDocumentInvalid(`name ${String(name)} is not a DNS label`);
  if (document.deleted)
    return { kind: document.kind, tenantId: document.tenantId, namespace, name, spec: null };
  const spec = document.spec as Record<string, unknown>;
  if (document.kind === 'Tenant') {
    if (!Value.Check(TenantSpecSchema, spec))
      throw OperatorDocumentInvalid(`Tenant spec: ${describe(TenantSpecSchema, spec)}`);
  } else if (document.kind === 'GameServer') {
    if (!Value.Check(GameServerSpecSchema, spec))
      throw OperatorDocumentInvalid(`GameServer spec: ${describe(GameServerSpecSchema, spec)}`);
    if (spec.tenantId !== document.tenantId)
      throw OperatorDocumentInvalid('GameServer spec names another tenant');
  } else {
    const problems = templateProblems(spec);
    if (problems.length > 0)
      throw OperatorDocumentInvalid(
        `GameTemplate spec: ${problems[0]!.path} ${problems[0]!.message}`,
      );
  }
  return { kind: document.kind, tenantId: document.tenantId, namespace, name, spec };
}

function describe(schema: TSchema, value: unknown) {
  const first = [...Value.Errors(schema, value)][0];
  return first ? `${first.instancePath || '/'} ${first.message}` : 'invalid';
}

/** Builds the gateway; {@link OperatorGateway.close} ends every link it holds. */
export function createOperatorGateway(options: OperatorGatewayOptions): OperatorGateway {
  const store = new ClusterStore(options.db);
  const keys = new SigningKeys(options.db, options.secretKey);
  const encodedPublicKey = keys.key(1).encoded;
  const droppedCounts: Record<DropReason, number> = { unknownStream: 0, foreignNamespace: 0 };
  let droppedMetric: Counter<'reason'> | undefined;
  const onDropped = (reason: DropReason) => {
    droppedCounts[reason]++;
    droppedMetric?.inc({ reason });
  };
  const timing: SessionTiming = {
    heartbeatIntervalMs: options.timing?.heartbeatIntervalMs ?? 20_000,
    helloTimeoutMs: options.timing?.helloTimeoutMs ?? 10_000,
  };
  const logger = options.logger.child({ module: 'operator-gateway' });
  const sessions = new Map<string, LinkSession>();

  /** Signs a document for the revision it is appended at, with the current key. */
  async function appendSigned(clusterId: string, payload: ObjectPayload & { deleted: boolean }) {
    const key = await keys.current();
    const revision = await store.append(clusterId, payload, (revision) => ({
      kid: key.kid,
      signature: signDocument({ ...payload, clusterId, revision, kid: key.kid }, key.privateKey),
    }));
    if (revision === null) throw ClusterNotFound(clusterId);
    await options.events.publish<LinkControl>(linkTopic(clusterId), {
      type: 'revision',
      revision,
    });
    return revision;
  }

  async function mustGet(id: string) {
    const cluster = await store.get(id);
    if (!cluster) throw ClusterNotFound(id);
    return cluster;
  }

  return {
    publicKey: encodedPublicKey,

    async createJoinToken({ name, ttlSeconds = DEFAULT_TTL_SECONDS, createdBy, audit }) {
      const token = `pnj_${randomBytes(32).toString('base64url')}`;
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      const created = { name, expiresAt: expiresAt.toISOString() };
      await options.db.inTransaction(async (query) => {
        // Nested work joins the transaction this callback runs in.
        await new ClusterStore({ query, inTransaction: (fn) => fn(query) }).insertJoinToken(
          sha256(token),
          name,
          expiresAt,
          createdBy,
        );
        if (audit) await insertAuditEntry(query, audit(created));
      });
      return { token, ...created };
    },

    async register(input) {
      const credential = `pnc_${randomBytes(32).toString('base64url')}`;
      const cluster = await store.registerWithToken(sha256(input.token), {
        id: `cl_${randomBytes(8).toString('hex')}`,
        credentialHash: sha256(credential),
        operatorVersion: input.operatorVersion ?? null,
        kubernetesVersion: input.kubernetesVersion ?? null,
      });
      if (!cluster) throw JoinTokenInvalid();
      logger.info(
        { clusterId: cluster.id, name: cluster.name },
        'cluster registered, pending approval',
      );
      const published = await keys.published();
      return {
        clusterId: cluster.id,
        credential,
        coreSigningKey: published[0]!.publicKey,
        coreSigningKeys: published,
        status: 'pending',
      };
    },

    listClusters: () => store.list(),
    getCluster: mustGet,

    async approve(id, by) {
      const cluster = await store.transition(id, ['pending'], 'approved', by);
      if (cluster) return cluster;
      const current = await mustGet(id);
      if (current.status === 'approved') return current;
      throw ClusterStateConflict(id, 'approved', { status: current.status });
    },

    async revoke(id, by) {
      const cluster = await store.transition(id, ['pending', 'approved'], 'revoked', by);
      const current = cluster ?? (await mustGet(id));
      sessions.get(id)?.close(LINK_CLOSE_CODES.revoked, 'cluster revoked');
      await options.events.publish<LinkControl>(linkTopic(id), { type: 'revoked' });
      return current;
    },

    async authenticate(credential) {
      if (!credential) throw ClusterCredentialInvalid();
      const cluster = await store.byCredentialHash(sha256(credential));
      if (!cluster) throw ClusterCredentialInvalid();
      if (cluster.status !== 'approved')
        throw ClusterNotApproved(cluster.id, { status: cluster.status });
      return cluster;
    },

    async publish(clusterId, document) {
      const payload = toPayload(document);
      const cluster = await mustGet(clusterId);
      if (cluster.status === 'revoked') throw ClusterStateConflict(clusterId, 'sent documents');
      const revision = await appendSigned(clusterId, {
        ...payload,
        deleted: document.deleted === true,
      });
      return { revision };
    },

    keySet: () => keys.keySet(),

    async rotateKeys(by) {
      const current = await keys.rotate(by);
      logger.info({ kid: current.kid, generation: current.generation }, 'link signing key rotated');
      // The live objects of every cluster are signed again, so they keep verifying once the
      // previous key is dropped at the next rotation. Each link sends the new key set before the
      // first document it signed.
      for (const cluster of await store.list()) {
        if (cluster.status === 'revoked') continue;
        for (const doc of await store.liveDocuments(cluster.id))
          await appendSigned(cluster.id, {
            kind: doc.kind,
            tenantId: doc.tenantId,
            namespace: doc.namespace,
            name: doc.name,
            spec: doc.spec,
            deleted: false,
          });
        await options.events.publish<LinkControl>(linkTopic(cluster.id), { type: 'keys' });
      }
      return { kid: current.kid, generation: current.generation, keys: await keys.published() };
    },

    async setQueryNetworks(id, networks) {
      const cluster = await store.setQueryNetworks(id, networks);
      if (!cluster) throw ClusterNotFound(id);
      return cluster;
    },

    dropped: () => ({ ...droppedCounts }),

    instrument(registry) {
      droppedMetric = new Counter({
        name: 'pn_link_dropped_frames_total',
        help: 'Operator link frames dropped because they were not bound to the link (by reason)',
        labelNames: ['reason'] as const,
        registers: [registry],
      });
    },

    async relay(clusterId, message) {
      await options.events.publish<LinkControl>(linkTopic(clusterId), { type: 'send', message });
    },

    statusOf: (clusterId, kind, namespace, name) =>
      store.statusOf(clusterId, kind, namespace, name),
    events: (clusterId, limit) => store.events(clusterId, limit),

    attach(clusterId, socket) {
      // One link per cluster: a reconnecting operator replaces its stale link.
      sessions.get(clusterId)?.close(LINK_CLOSE_CODES.superseded, 'superseded');
      const session: LinkSession = new LinkSession(
        clusterId,
        socket,
        { store, events: options.events, logger, timing, keys, onDropped },
        () => {
          if (sessions.get(clusterId) === session) sessions.delete(clusterId);
        },
      );
      sessions.set(clusterId, session);
    },

    connected: () => [...sessions.keys()],

    close() {
      for (const session of [...sessions.values()]) session.close(1001, 'core is stopping');
    },
  };
}
