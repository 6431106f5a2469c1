import type { PluginMigration } from '@pteronimbus/sdk';

// Link trust: every desired-state document names the key that signed it; core's signing keys
// are numbered generations derived from the secret key (nothing secret is stored), the highest
// one signs; a cluster may name the private networks its game servers are reached on.
export const migration0005LinkTrust: PluginMigration = {
  name: '0005_link_trust',
  up: [
    `alter table "pn_cluster_documents" add column "key_id" varchar(64) null`,
    `create table "pn_link_signing_keys" (
      "generation" integer primary key,
      "key_id" varchar(64) not null unique,
      "created_by" varchar(255) null,
      "created_at" timestamptz not null default now()
    )`,
    `alter table "pn_clusters" add column "query_networks" text[] not null default '{}'`,
  ],
  down: [
    `alter table "pn_clusters" drop column if exists "query_networks"`,
    `drop table if exists "pn_link_signing_keys"`,
    `alter table "pn_cluster_documents" drop column if exists "key_id"`,
  ],
};
