import type { PluginMigration } from '@pteronimbus/sdk';

// Clusters dial in to core; these tables hold who may, and what each of them must run.
export const migration0002OperatorGateway: PluginMigration = {
  name: '0002_operator_gateway',
  up: [
    `create table "pn_clusters" (
      "id" varchar(64) primary key,
      "name" varchar(255) not null,
      "status" varchar(16) not null check ("status" in ('pending', 'approved', 'revoked')),
      "credential_hash" char(64) null unique,
      "head_revision" bigint not null default 0,
      "applied_revision" bigint not null default 0,
      "operator_version" varchar(64) null,
      "kubernetes_version" varchar(64) null,
      "last_seen_at" timestamptz null,
      "created_by" varchar(255) null,
      "approved_by" varchar(255) null,
      "approved_at" timestamptz null,
      "revoked_by" varchar(255) null,
      "revoked_at" timestamptz null,
      "created_at" timestamptz not null default now()
    )`,
    `create table "pn_cluster_join_tokens" (
      "id" bigserial primary key,
      "token_hash" char(64) not null unique,
      "name" varchar(255) not null,
      "expires_at" timestamptz not null,
      "used_at" timestamptz null,
      "cluster_id" varchar(64) null references "pn_clusters" ("id") on delete set null,
      "created_by" varchar(255) null,
      "created_at" timestamptz not null default now()
    )`,
    `create table "pn_cluster_documents" (
      "cluster_id" varchar(64) not null references "pn_clusters" ("id") on delete cascade,
      "revision" bigint not null,
      "kind" varchar(32) not null,
      "tenant_id" varchar(64) not null,
      "namespace" varchar(63) not null,
      "name" varchar(253) not null,
      "body" jsonb null,
      "signature" text not null,
      "deleted" boolean not null default false,
      "created_at" timestamptz not null default now(),
      primary key ("cluster_id", "revision")
    )`,
    `create index "pn_cluster_documents_object_index" on "pn_cluster_documents" ("cluster_id", "kind", "namespace", "name", "revision" desc)`,
    `create table "pn_cluster_object_status" (
      "cluster_id" varchar(64) not null references "pn_clusters" ("id") on delete cascade,
      "kind" varchar(32) not null,
      "namespace" varchar(63) not null,
      "name" varchar(253) not null,
      "tenant_id" varchar(64) not null,
      "generation" bigint null,
      "status" jsonb null,
      "updated_at" timestamptz not null default now(),
      primary key ("cluster_id", "kind", "namespace", "name")
    )`,
    `create table "pn_cluster_events" (
      "id" bigserial primary key,
      "cluster_id" varchar(64) not null references "pn_clusters" ("id") on delete cascade,
      "kind" varchar(64) not null,
      "tenant_id" varchar(64) null,
      "namespace" varchar(63) not null,
      "name" varchar(253) not null,
      "type" varchar(16) not null,
      "reason" varchar(128) not null,
      "message" text not null,
      "created_at" timestamptz not null default now()
    )`,
    `create index "pn_cluster_events_cluster_id_created_at_index" on "pn_cluster_events" ("cluster_id", "created_at" desc)`,
  ],
  down: [
    `drop table if exists "pn_cluster_events"`,
    `drop table if exists "pn_cluster_object_status"`,
    `drop table if exists "pn_cluster_documents"`,
    `drop table if exists "pn_cluster_join_tokens"`,
    `drop table if exists "pn_clusters"`,
  ],
};
