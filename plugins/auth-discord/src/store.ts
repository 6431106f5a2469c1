import { randomUUID } from 'node:crypto';
import type { DatabaseService, DiscordUser } from '@pteronimbus/sdk';
import { open, seal } from './crypto.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user as the plugin keeps them. */
export interface UserRow {
  id: string;
  discord_id: string;
  username: string;
  global_name: string | null;
  avatar: string | null;
  guild_count: number;
  deactivated: boolean;
}

/** A session: one login, with the Discord tokens it obtained. */
export interface SessionRow {
  id: string;
  user_id: string;
  discord_expires_at: Date;
  discord_checked_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

/** Discord's OAuth2 token pair, in clear, only ever in memory. */
export interface DiscordTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
}

/**
 * The plugin's tables. Discord tokens are sealed (AES-256-GCM) before they reach the database and
 * bound to their session and column, so a copied ciphertext does not open elsewhere.
 */
export class AuthStore {
  readonly #db: DatabaseService;
  readonly #key: Buffer;

  constructor(db: DatabaseService, tokenKey: Buffer) {
    this.#db = db;
    this.#key = tokenKey;
  }

  async upsertUser(user: DiscordUser, guildCount: number): Promise<UserRow> {
    const rows = await this.#db.query<UserRow>(
      `insert into "auth_discord_users" ("id", "discord_id", "username", "global_name", "avatar", "guild_count", "last_login_at")
       values ($1, $2, $3, $4, $5, $6, now())
       on conflict ("discord_id") do update set
         "username" = excluded."username", "global_name" = excluded."global_name", "avatar" = excluded."avatar",
         "guild_count" = excluded."guild_count", "last_login_at" = now(), "updated_at" = now()
       returning "id", "discord_id", "username", "global_name", "avatar", "guild_count", "deactivated"`,
      [randomUUID(), user.id, user.username, user.global_name, user.avatar, guildCount],
    );
    return rows[0]!;
  }

  async updateProfile(userId: string, user: DiscordUser): Promise<void> {
    await this.#db.query(
      'update "auth_discord_users" set "username" = $2, "global_name" = $3, "avatar" = $4, "updated_at" = now() where "id" = $1',
      [userId, user.username, user.global_name, user.avatar],
    );
  }

  async user(id: string): Promise<UserRow | null> {
    // A principal from another authenticator may carry any id; ours are UUIDs, and PostgreSQL
    // refuses to compare anything else with one.
    if (!UUID.test(id)) return null;
    const rows = await this.#db.query<UserRow>(
      'select "id", "discord_id", "username", "global_name", "avatar", "guild_count", "deactivated" from "auth_discord_users" where "id" = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  async createSession(userId: string, tokens: DiscordTokens, expiresAt: Date): Promise<string> {
    const id = randomUUID();
    await this.#db.query(
      `insert into "auth_discord_sessions" ("id", "user_id", "discord_access_token", "discord_refresh_token", "discord_expires_at", "expires_at")
       values ($1, $2, $3, $4, $5, $6)`,
      [id, userId, ...this.#sealTokens(id, tokens), tokens.expiresAt, expiresAt],
    );
    return id;
  }

  async session(id: string): Promise<SessionRow | null> {
    const rows = await this.#db.query<Record<keyof SessionRow, string | Date | null>>(
      'select "id", "user_id", "discord_expires_at", "discord_checked_at", "expires_at", "revoked_at" from "auth_discord_sessions" where "id" = $1',
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    // The driver may hand timestamps over as text; the session logic compares Dates.
    return {
      id: String(row.id),
      user_id: String(row.user_id),
      discord_expires_at: new Date(row.discord_expires_at!),
      discord_checked_at: new Date(row.discord_checked_at!),
      expires_at: new Date(row.expires_at!),
      revoked_at: row.revoked_at === null ? null : new Date(row.revoked_at),
    };
  }

  async discordTokens(sessionId: string): Promise<DiscordTokens | null> {
    const rows = await this.#db.query<{
      discord_access_token: string;
      discord_refresh_token: string | null;
      discord_expires_at: Date;
    }>(
      'select "discord_access_token", "discord_refresh_token", "discord_expires_at" from "auth_discord_sessions" where "id" = $1',
      [sessionId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      accessToken: open(this.#key, row.discord_access_token, `session:${sessionId}:access`),
      refreshToken: row.discord_refresh_token
        ? open(this.#key, row.discord_refresh_token, `session:${sessionId}:refresh`)
        : null,
      expiresAt: new Date(row.discord_expires_at),
    };
  }

  async storeDiscordTokens(sessionId: string, tokens: DiscordTokens): Promise<void> {
    await this.#db.query(
      `update "auth_discord_sessions" set "discord_access_token" = $2, "discord_refresh_token" = $3, "discord_expires_at" = $4 where "id" = $1`,
      [sessionId, ...this.#sealTokens(sessionId, tokens), tokens.expiresAt],
    );
  }

  async touchSession(sessionId: string, discordChecked: boolean): Promise<void> {
    await this.#db.query(
      `update "auth_discord_sessions" set "refreshed_at" = now()${discordChecked ? ', "discord_checked_at" = now()' : ''} where "id" = $1`,
      [sessionId],
    );
  }

  /** Sessions ended within the last `withinMs`: their access tokens may not have expired yet. */
  async recentlyEnded(withinMs: number): Promise<Array<{ id: string; endedAt: Date }>> {
    const rows = await this.#db.query<{ id: string; revoked_at: Date | string }>(
      `select "id", "revoked_at" from "auth_discord_sessions" where "revoked_at" > now() - ($1::bigint * interval '1 millisecond') order by "revoked_at"`,
      [withinMs],
    );
    return rows.map((r) => ({ id: String(r.id), endedAt: new Date(r.revoked_at) }));
  }

  /** Marks a session ended; returns false when it already was. */
  async revokeSession(sessionId: string, reason: string): Promise<boolean> {
    const rows = await this.#db.query(
      'update "auth_discord_sessions" set "revoked_at" = now(), "revoked_reason" = $2 where "id" = $1 and "revoked_at" is null returning "id"',
      [sessionId, reason],
    );
    return rows.length > 0;
  }

  #sealTokens(sessionId: string, tokens: DiscordTokens): [string, string | null] {
    return [
      seal(this.#key, tokens.accessToken, `session:${sessionId}:access`),
      tokens.refreshToken
        ? seal(this.#key, tokens.refreshToken, `session:${sessionId}:refresh`)
        : null,
    ];
  }
}
