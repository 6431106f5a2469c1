import type { PluginMigration } from '@pteronimbus/sdk';

/** The plugin's tables: what it knows of each guild (roles, members) and the mappings admins made. */
export const rbacMigrations: PluginMigration[] = [
  {
    name: '0001_rbac',
    up: [
      `create table "rbac_tenants" (
        "tenant_id" varchar(32) primary key,
        "owner_id" varchar(32) null,
        "active" boolean not null default true,
        "last_sync_at" timestamptz null,
        "last_sync_ms" integer null,
        "last_sync_error" text null,
        "member_count" integer not null default 0,
        "role_count" integer not null default 0,
        "created_at" timestamptz not null default now()
      )`,
      `create table "rbac_roles" (
        "tenant_id" varchar(32) not null,
        "role_id" varchar(32) not null,
        "name" varchar(100) not null,
        "color" integer not null default 0,
        "position" integer not null default 0,
        "discord_permissions" varchar(32) not null default '0',
        "managed" boolean not null default false,
        primary key ("tenant_id", "role_id")
      )`,
      `create table "rbac_members" (
        "tenant_id" varchar(32) not null,
        "user_id" varchar(32) not null,
        "username" varchar(100) not null default '',
        "display_name" varchar(100) null,
        "avatar" varchar(64) null,
        "role_ids" varchar(32)[] not null default '{}',
        "synced_at" timestamptz not null default now(),
        primary key ("tenant_id", "user_id")
      )`,
      `create index "rbac_members_user_id_index" on "rbac_members" ("user_id")`,
      `create table "rbac_mappings" (
        "tenant_id" varchar(32) not null,
        "role_id" varchar(32) not null,
        "permissions" text[] not null,
        "server_ids" text[] null,
        "updated_at" timestamptz not null default now(),
        "updated_by" varchar(64) null,
        primary key ("tenant_id", "role_id")
      )`,
    ],
    down: [
      'drop table if exists "rbac_mappings"',
      'drop table if exists "rbac_members"',
      'drop table if exists "rbac_roles"',
      'drop table if exists "rbac_tenants"',
    ],
  },
];
