import type { PluginMigration } from '@pteronimbus/sdk';

// A server row holds the desired state (with its own revision, raised by every change) and the
// status its operator last reported, with when. Samples keep a day of per-minute metrics.
// `pn_server_cluster_objects` remembers what was last sent to a cluster for a tenant (its Tenant
// document, the GameTemplates it needs), so each is sent again only when it changes.
export const migration0004Servers: PluginMigration = {
  name: '0004_servers',
  up: [
    `create table "pn_servers" (
      "id" varchar(32) primary key,
      "tenant_id" varchar(32) not null,
      "cluster_id" varchar(64) not null,
      "name" varchar(100) not null,
      "template_id" varchar(64) not null,
      "template_version" integer not null,
      "game_id" varchar(63) not null,
      "parameters" jsonb not null default '{}'::jsonb,
      "cpu" integer not null,
      "memory" integer not null,
      "disk" integer not null,
      "exposure" varchar(16) not null,
      "desired_state" varchar(16) not null,
      "install_generation" integer not null default 0,
      "stop_grace_seconds" integer not null default 60,
      "pending_action" varchar(16) null,
      "revision" integer not null default 1,
      "link_revision" bigint null,
      "status" jsonb null,
      "status_generation" bigint null,
      "status_at" timestamptz null,
      "created_by" varchar(64) null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`,
    // Ids sort by creation: the list pages by id within a tenant.
    `create index "pn_servers_tenant_id_index" on "pn_servers" ("tenant_id", "id")`,
    `create index "pn_servers_template_index" on "pn_servers" ("template_id")`,
    `create table "pn_server_metrics" (
      "server_id" varchar(32) not null,
      "at" timestamptz not null,
      "cpu" double precision null,
      "memory" double precision null,
      "disk" double precision null,
      "network_rx" double precision null,
      "network_tx" double precision null,
      "players_online" integer null,
      "players_max" integer null,
      primary key ("server_id", "at")
    )`,
    `create table "pn_server_cluster_objects" (
      "cluster_id" varchar(64) not null,
      "tenant_id" varchar(32) not null,
      "kind" varchar(16) not null,
      "name" varchar(253) not null,
      "hash" varchar(64) not null,
      "revision" bigint not null,
      primary key ("cluster_id", "tenant_id", "kind", "name")
    )`,
  ],
  down: [
    `drop table if exists "pn_server_cluster_objects"`,
    `drop table if exists "pn_server_metrics"`,
    `drop table if exists "pn_servers"`,
  ],
};
