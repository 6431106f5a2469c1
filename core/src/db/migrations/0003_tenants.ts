import type { PluginMigration } from '@pteronimbus/sdk';

// A tenant is a guild where the bot was invited. An uninstall that keeps the data only stamps
// `uninstalled_at`, so a later install finds the settings again.
export const migration0003Tenants: PluginMigration = {
  name: '0003_tenants',
  up: [
    `create table "pn_tenants" (
      "id" varchar(32) primary key,
      "name" varchar(100) not null,
      "icon" varchar(64) null,
      "owner_id" varchar(32) not null,
      "installed_at" timestamptz not null default now(),
      "installed_by" varchar(32) null,
      "uninstalled_at" timestamptz null,
      "settings" jsonb not null default '{}'::jsonb,
      "updated_at" timestamptz not null default now()
    )`,
    // The audit API pages a tenant's entries newest first by id.
    `create index "pn_audit_log_tenant_id_id_index" on "pn_audit_log" ("tenant_id", "id" desc)`,
    `create index "pn_audit_log_created_at_index" on "pn_audit_log" ("created_at")`,
  ],
  down: [
    `drop index if exists "pn_audit_log_created_at_index"`,
    `drop index if exists "pn_audit_log_tenant_id_id_index"`,
    `drop table if exists "pn_tenants"`,
  ],
};
