import type { DocumentKind } from '@pteronimbus/sdk';
import type { Database } from '../db/orm.ts';

/** Lifecycle of a cluster: registered, then approved by a super admin, possibly revoked. */
export type ClusterStatus = 'pending' | 'approved' | 'revoked';

/** A cluster as the API shows it (never its credential). */
export interface Cluster {
  id: string;
  name: string;
  status: ClusterStatus;
  headRevision: number;
  appliedRevision: number;
  operatorVersion: string | null;
  kubernetesVersion: string | null;
  lastSeenAt: string | null;
  createdBy: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  revokedBy: string | null;
  revokedAt: string | null;
  createdAt: string;
  /** Private networks (CIDR) its game servers are reached on, for core's player query. */
  queryNetworks: string[];
}

/** One entry of a cluster's desired-state log. */
export interface StoredDocument {
  revision: number;
  kind: DocumentKind;
  tenantId: string;
  namespace: string;
  name: string;
  spec: Record<string, unknown> | null;
  signature: string;
  deleted: boolean;
  /** Id of the key that signed it; `null` for documents signed before keys had ids. */
  kid: string | null;
}

interface ClusterRow {
  id: string;
  name: string;
  status: ClusterStatus;
  head_revision: string;
  applied_revision: string;
  operator_version: string | null;
  kubernetes_version: string | null;
  last_seen_at: Date | string | null;
  created_by: string | null;
  approved_by: string | null;
  approved_at: Date | string | null;
  revoked_by: string | null;
  revoked_at: Date | string | null;
  created_at: Date | string;
  query_networks: string[] | null;
}

// The pool may hand timestamps back as text or as Date, depending on its type parsers.
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toCluster(row: ClusterRow): Cluster {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    headRevision: Number(row.head_revision),
    appliedRevision: Number(row.applied_revision),
    operatorVersion: row.operator_version,
    kubernetesVersion: row.kubernetes_version,
    lastSeenAt: iso(row.last_seen_at),
    createdBy: row.created_by,
    approvedBy: row.approved_by,
    approvedAt: iso(row.approved_at),
    revokedBy: row.revoked_by,
    revokedAt: iso(row.revoked_at),
    createdAt: iso(row.created_at)!,
    queryNetworks: row.query_networks ?? [],
  };
}

type Sql = <R>(text: string, params?: unknown[]) => Promise<R[]>;

interface DocumentRow {
  revision: string;
  kind: DocumentKind;
  tenant_id: string;
  namespace: string;
  name: string;
  body: Record<string, unknown> | null;
  signature: string;
  deleted: boolean;
  key_id: string | null;
}

const DOCUMENT_COLUMNS = `"revision","kind","tenant_id","namespace","name","body","signature","deleted","key_id"`;

function toDocument(r: DocumentRow): StoredDocument {
  return {
    revision: Number(r.revision),
    kind: r.kind,
    tenantId: r.tenant_id,
    namespace: r.namespace,
    name: r.name,
    spec: r.body,
    signature: r.signature,
    deleted: r.deleted,
    kid: r.key_id,
  };
}

/** SQL of the operator gateway's tables; nothing else touches them. */
export class ClusterStore {
  readonly #db: Pick<Database, 'query' | 'inTransaction'>;

  constructor(db: Pick<Database, 'query' | 'inTransaction'>) {
    this.#db = db;
  }

  /** Runs `fn` in one transaction, on one connection of the pool. */
  #transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.#db.inTransaction(fn);
  }

  async insertJoinToken(
    tokenHash: string,
    name: string,
    expiresAt: Date,
    createdBy: string | null,
  ) {
    await this.#db.query(
      `insert into "pn_cluster_join_tokens" ("token_hash","name","expires_at","created_by") values ($1,$2,$3,$4)`,
      [tokenHash, name, expiresAt, createdBy],
    );
  }

  /**
   * Registers a cluster with a join token in one statement, so that two racing registrations
   * cannot both use it: the token is marked used only if unused and unexpired.
   */
  async registerWithToken(
    tokenHash: string,
    cluster: {
      id: string;
      credentialHash: string;
      operatorVersion: string | null;
      kubernetesVersion: string | null;
    },
  ): Promise<Cluster | null> {
    const rows = await this.#db.query<ClusterRow>(
      `with token as (
         update "pn_cluster_join_tokens" set "used_at" = now(), "cluster_id" = $2
         where "token_hash" = $1 and "used_at" is null and "expires_at" > now()
         returning "name", "created_by"
       )
       insert into "pn_clusters" ("id","name","status","credential_hash","operator_version","kubernetes_version","created_by")
       select $2, token."name", 'pending', $3, $4, $5, token."created_by" from token
       returning *`,
      [
        tokenHash,
        cluster.id,
        cluster.credentialHash,
        cluster.operatorVersion,
        cluster.kubernetesVersion,
      ],
    );
    return rows[0] ? toCluster(rows[0]) : null;
  }

  async list(): Promise<Cluster[]> {
    const rows = await this.#db.query<ClusterRow>(
      `select * from "pn_clusters" order by "created_at", "id"`,
    );
    return rows.map(toCluster);
  }

  async get(id: string): Promise<Cluster | null> {
    const rows = await this.#db.query<ClusterRow>(`select * from "pn_clusters" where "id" = $1`, [
      id,
    ]);
    return rows[0] ? toCluster(rows[0]) : null;
  }

  async byCredentialHash(hash: string): Promise<Cluster | null> {
    const rows = await this.#db.query<ClusterRow>(
      `select * from "pn_clusters" where "credential_hash" = $1`,
      [hash],
    );
    return rows[0] ? toCluster(rows[0]) : null;
  }

  /** Moves a cluster from one of `from` to `to`; null when it was in another state. */
  async transition(
    id: string,
    from: ClusterStatus[],
    to: 'approved' | 'revoked',
    by: string | null,
  ): Promise<Cluster | null> {
    const column = to === 'approved' ? 'approved' : 'revoked';
    const rows = await this.#db.query<ClusterRow>(
      `update "pn_clusters" set "status" = $3, "${column}_by" = $4, "${column}_at" = now()
       where "id" = $1 and "status" = any($2::text[]) returning *`,
      [id, from, to, by],
    );
    return rows[0] ? toCluster(rows[0]) : null;
  }

  // `$4::bigint`: left to infer from the literal 0, PostgreSQL would take the revision for an
  // integer and refuse any past 2^31.
  async markSeen(
    id: string,
    seen: { operatorVersion?: string; kubernetesVersion?: string; appliedRevision?: number },
  ) {
    await this.#db.query(
      `update "pn_clusters" set "last_seen_at" = now(),
         "operator_version" = coalesce($2, "operator_version"),
         "kubernetes_version" = coalesce($3, "kubernetes_version"),
         "applied_revision" = greatest("applied_revision", coalesce($4::bigint, 0))
       where "id" = $1`,
      [
        id,
        seen.operatorVersion ?? null,
        seen.kubernetesVersion ?? null,
        seen.appliedRevision ?? null,
      ],
    );
  }

  /**
   * Appends a document at the next revision of the cluster, signed for that revision by `sign`.
   * The row lock the revision update takes is held until the document is written, so concurrent
   * appends commit in order and none is skipped or seen unsigned.
   */
  async append(
    clusterId: string,
    doc: Omit<StoredDocument, 'revision' | 'signature' | 'kid'>,
    sign: (revision: number) => { signature: string; kid: string },
  ): Promise<number | null> {
    return this.#transaction(async (sql) => {
      const [next] = await sql<{ head_revision: string | number }>(
        `update "pn_clusters" set "head_revision" = "head_revision" + 1 where "id" = $1 returning "head_revision"`,
        [clusterId],
      );
      if (!next) return null;
      const revision = Number(next.head_revision);
      const { signature, kid } = sign(revision);
      await sql(
        `insert into "pn_cluster_documents" ("cluster_id","revision","kind","tenant_id","namespace","name","body","signature","deleted","key_id")
         values ($1,$2,$3,$4,$5,$6,$7::jsonb,$8,$9,$10)`,
        [
          clusterId,
          revision,
          doc.kind,
          doc.tenantId,
          doc.namespace,
          doc.name,
          doc.spec === null ? null : JSON.stringify(doc.spec),
          signature,
          doc.deleted,
          kid,
        ],
      );
      return revision;
    });
  }

  /** The latest document of every object that still exists in a cluster, oldest first. */
  async liveDocuments(clusterId: string): Promise<StoredDocument[]> {
    const rows = await this.#db.query<DocumentRow>(
      `select * from (
         select distinct on ("kind","namespace","name") ${DOCUMENT_COLUMNS}
         from "pn_cluster_documents" where "cluster_id" = $1
         order by "kind","namespace","name","revision" desc
       ) latest where not "deleted" order by "revision"`,
      [clusterId],
    );
    return rows.map(toDocument);
  }

  /** Sets the private networks a cluster's game servers are reached on. */
  async setQueryNetworks(id: string, networks: string[]): Promise<Cluster | null> {
    const rows = await this.#db.query<ClusterRow>(
      `update "pn_clusters" set "query_networks" = $2::text[] where "id" = $1 returning *`,
      [id, networks],
    );
    return rows[0] ? toCluster(rows[0]) : null;
  }

  /** Documents after `revision`, oldest first. */
  async documentsAfter(
    clusterId: string,
    revision: number,
    limit: number,
  ): Promise<StoredDocument[]> {
    const rows = await this.#db.query<DocumentRow>(
      `select ${DOCUMENT_COLUMNS}
       from "pn_cluster_documents" where "cluster_id" = $1 and "revision" > $2
       order by "revision" limit $3`,
      [clusterId, revision, limit],
    );
    return rows.map(toDocument);
  }

  async upsertStatus(
    clusterId: string,
    s: {
      kind: string;
      tenantId: string;
      namespace: string;
      name: string;
      generation: number | null;
      status: Record<string, unknown> | null;
    },
  ) {
    await this.#db.query(
      `insert into "pn_cluster_object_status" ("cluster_id","kind","namespace","name","tenant_id","generation","status","updated_at")
       values ($1,$2,$3,$4,$5,$6,$7::jsonb,now())
       on conflict ("cluster_id","kind","namespace","name") do update set
         "tenant_id" = excluded."tenant_id", "generation" = excluded."generation",
         "status" = excluded."status", "updated_at" = excluded."updated_at"`,
      [
        clusterId,
        s.kind,
        s.namespace,
        s.name,
        s.tenantId,
        s.generation,
        s.status === null ? null : JSON.stringify(s.status),
      ],
    );
  }

  async statusOf(clusterId: string, kind: string, namespace: string, name: string) {
    const rows = await this.#db.query<{
      status: Record<string, unknown> | null;
      generation: string | null;
    }>(
      `select "status","generation" from "pn_cluster_object_status"
       where "cluster_id" = $1 and "kind" = $2 and "namespace" = $3 and "name" = $4`,
      [clusterId, kind, namespace, name],
    );
    const row = rows[0];
    return row
      ? { status: row.status, generation: row.generation === null ? null : Number(row.generation) }
      : null;
  }

  async insertEvent(
    clusterId: string,
    e: {
      kind: string;
      tenantId: string | null;
      namespace: string;
      name: string;
      eventType: string;
      reason: string;
      message: string;
    },
  ) {
    await this.#db.query(
      `insert into "pn_cluster_events" ("cluster_id","kind","tenant_id","namespace","name","type","reason","message")
       values ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [clusterId, e.kind, e.tenantId, e.namespace, e.name, e.eventType, e.reason, e.message],
    );
  }

  async events(clusterId: string, limit = 100) {
    return this.#db.query<{
      kind: string;
      tenant_id: string | null;
      namespace: string;
      name: string;
      type: string;
      reason: string;
      message: string;
    }>(
      `select "kind","tenant_id","namespace","name","type","reason","message" from "pn_cluster_events"
       where "cluster_id" = $1 order by "id" desc limit $2`,
      [clusterId, limit],
    );
  }
}
