import type { PluginMigration } from '@pteronimbus/sdk';

export const migration0001AuditLog: PluginMigration = {
  name: '0001_audit_log',
  up: [
    `create table "pn_audit_log" (
      "id" bigserial primary key,
      "tenant_id" varchar(255) null,
      "actor_type" varchar(255) not null,
      "actor_id" varchar(255) null,
      "actor_name" varchar(255) null,
      "action" varchar(255) not null,
      "target_type" varchar(255) null,
      "target_id" varchar(255) null,
      "target_name" varchar(255) null,
      "changes" jsonb null,
      "source" varchar(255) not null,
      "request_id" varchar(255) null,
      "override" boolean not null default false,
      "created_at" timestamptz not null
    )`,
    `create index "pn_audit_log_tenant_id_created_at_index" on "pn_audit_log" ("tenant_id", "created_at" desc)`,
  ],
  down: [`drop table if exists "pn_audit_log"`],
};
