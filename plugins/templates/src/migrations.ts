import type { PluginMigration } from '@pteronimbus/sdk';

/**
 * The plugin's tables. Versions are append-only: a change is a new row, never an update. The spec
 * is `json`, not `jsonb`: the order of `parameters.properties` is the order a server's form shows
 * the parameters and an export writes the variables in, and `jsonb` would re-sort the keys.
 */
export const templateMigrations: PluginMigration[] = [
  {
    name: '0001_templates',
    up: [
      `create table "templates_templates" (
        "id" uuid primary key,
        "scope" text not null check ("scope" in ('global', 'tenant')),
        "tenant_id" text,
        "slug" text not null,
        "name" text not null,
        "game_id" text not null,
        "icon" text,
        "current_version" integer not null,
        "origin" text unique,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "deleted" boolean not null default false,
        "deleted_at" timestamptz,
        check (("scope" = 'global') = ("tenant_id" is null))
      )`,
      `create unique index "templates_templates_slug" on "templates_templates" (coalesce("tenant_id", ''), "slug") where not "deleted"`,
      `create index "templates_templates_listing" on "templates_templates" ("tenant_id", "name", "id") where not "deleted"`,
      `create table "templates_versions" (
        "template_id" uuid not null references "templates_templates" ("id") on delete cascade,
        "version" integer not null check ("version" > 0),
        "spec" json not null,
        "source_egg" jsonb,
        "source_format" text,
        "report" jsonb,
        "created_by" text,
        "created_at" timestamptz not null default now(),
        "note" text,
        primary key ("template_id", "version")
      )`,
    ],
    down: ['drop table "templates_versions"', 'drop table "templates_templates"'],
  },
];
