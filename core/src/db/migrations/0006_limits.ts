import type { PluginMigration } from '@pteronimbus/sdk';

// What a super admin decides about tenants lives apart from `pn_tenants.settings`, which tenant
// admins edit. Rows are keyed by guild id without a foreign key: a ceiling set for a guild
// outlives an uninstall, so installing again does not reset it. `pn_installation_settings` holds
// a super admin's changes to the install and exposure policies (unset keys follow the
// environment). `pn_install_requests` is the approval queue: a guild becomes a tenant only when
// its request is approved.
export const migration0006Limits: PluginMigration = {
  name: '0006_limits',
  up: [
    `create table "pn_tenant_limits" (
      "tenant_id" varchar(32) primary key,
      "ceiling" jsonb not null default '{}'::jsonb,
      "clusters" jsonb null,
      "exposures" jsonb null,
      "updated_by" varchar(64) null,
      "updated_at" timestamptz not null default now()
    )`,
    `create table "pn_cluster_limits" (
      "cluster_id" varchar(64) primary key references "pn_clusters" ("id") on delete cascade,
      "capacity" jsonb not null default '{}'::jsonb,
      "updated_by" varchar(64) null,
      "updated_at" timestamptz not null default now()
    )`,
    `create table "pn_installation_settings" (
      "key" varchar(64) primary key,
      "value" jsonb not null,
      "updated_by" varchar(64) null,
      "updated_at" timestamptz not null default now()
    )`,
    `create table "pn_install_requests" (
      "guild_id" varchar(32) primary key,
      "name" varchar(100) not null,
      "icon" varchar(64) null,
      "owner_id" varchar(32) not null,
      "requested_by" varchar(32) not null,
      "requested_at" timestamptz not null default now(),
      "status" varchar(16) not null default 'pending' check ("status" in ('pending', 'rejected')),
      "decided_by" varchar(64) null,
      "decided_at" timestamptz null
    )`,
    `create index "pn_install_requests_status_index" on "pn_install_requests" ("status", "requested_at")`,
  ],
  down: [
    `drop table if exists "pn_install_requests"`,
    `drop table if exists "pn_installation_settings"`,
    `drop table if exists "pn_cluster_limits"`,
    `drop table if exists "pn_tenant_limits"`,
  ],
};
