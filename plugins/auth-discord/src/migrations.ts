import type { PluginMigration } from '@pteronimbus/sdk';

/** The plugin's tables: users, sessions (with Discord tokens, sealed), JWT signing keys (sealed). */
export const migrations: PluginMigration[] = [
  {
    name: '0001_users_sessions_keys',
    up: [
      `create table "auth_discord_users" (
        "id" uuid primary key,
        "discord_id" text not null unique,
        "username" text not null,
        "global_name" text,
        "avatar" text,
        "guild_count" integer not null default 0,
        "deactivated" boolean not null default false,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "last_login_at" timestamptz
      )`,
      `create table "auth_discord_sessions" (
        "id" uuid primary key,
        "user_id" uuid not null references "auth_discord_users" ("id") on delete cascade,
        "discord_access_token" text not null,
        "discord_refresh_token" text,
        "discord_expires_at" timestamptz not null,
        "discord_checked_at" timestamptz not null default now(),
        "created_at" timestamptz not null default now(),
        "refreshed_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        "revoked_at" timestamptz,
        "revoked_reason" text
      )`,
      `create index "auth_discord_sessions_user_idx" on "auth_discord_sessions" ("user_id")`,
      `create table "auth_discord_signing_keys" (
        "kid" text primary key,
        "public_jwk" jsonb not null,
        "private_jwk" text not null,
        "created_at" timestamptz not null default now()
      )`,
    ],
    down: [
      'drop table "auth_discord_signing_keys"',
      'drop table "auth_discord_sessions"',
      'drop table "auth_discord_users"',
    ],
  },
];
