import {
  SESSION_ENDED_TOPIC,
  isPnError,
  type AuditLog,
  type DiscordService,
  type EventBus,
  type Logger,
  type SessionEnded,
} from '@pteronimbus/sdk';
import type { AuthDiscordConfig } from './config.ts';
import { AuthAccountDeactivated, AuthRefreshInvalid, AuthSessionRevoked } from './errors.ts';
import type { EndedSessions } from './ended-sessions.ts';
import type { RefreshTokens } from './refresh-tokens.ts';
import type { AuthStore, DiscordTokens, UserRow } from './store.ts';
import type { AccessTokens } from './tokens.ts';

/** Discord's token endpoint, as the login flow needs it after the first exchange. */
export interface DiscordTokenEndpoint {
  refresh(refreshToken: string): Promise<DiscordTokens>;
  revoke(accessToken: string): Promise<void>;
}

/** A started or renewed session: what goes into the cookies and the answer. */
export interface IssuedSession {
  user: UserRow;
  sessionId: string;
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string;
  sessionExpiresAt: number;
}

/** Who is asking, for the audit log. */
export interface RequestMeta {
  requestId: string;
  ip: string;
}

const DAY = 86_400_000;

/**
 * The session life cycle: login completes into a session, refresh renews it (after asking
 * Discord whether the account and the authorization still stand, R1.4), logout and token reuse
 * end it.
 */
export class Sessions {
  readonly #store: AuthStore;
  readonly #refresh: RefreshTokens;
  readonly #tokens: AccessTokens;
  readonly #discord: DiscordService;
  readonly #endpoint: DiscordTokenEndpoint;
  readonly #audit: AuditLog;
  readonly #logger: Logger;
  readonly #config: AuthDiscordConfig;
  readonly #events: EventBus;
  readonly #ended: EndedSessions;

  constructor(deps: {
    store: AuthStore;
    refresh: RefreshTokens;
    tokens: AccessTokens;
    discord: DiscordService;
    endpoint: DiscordTokenEndpoint;
    audit: AuditLog;
    logger: Logger;
    config: AuthDiscordConfig;
    events: EventBus;
    ended: EndedSessions;
  }) {
    this.#store = deps.store;
    this.#refresh = deps.refresh;
    this.#tokens = deps.tokens;
    this.#discord = deps.discord;
    this.#endpoint = deps.endpoint;
    this.#audit = deps.audit;
    this.#logger = deps.logger;
    this.#config = deps.config;
    this.#events = deps.events;
    this.#ended = deps.ended;
  }

  /** Completes a login with the tokens from the code exchange. */
  async login(discordTokens: DiscordTokens, meta: RequestMeta): Promise<IssuedSession> {
    const me = this.#discord.asUser(discordTokens.accessToken);
    const [profile, guilds] = await Promise.all([me.currentUser(), me.guilds()]);
    const user = await this.#store.upsertUser(profile, guilds.length);
    if (user.deactivated) {
      await this.#endpoint.revoke(discordTokens.accessToken).catch(() => {});
      throw AuthAccountDeactivated();
    }
    const sessionExpiresAt = Date.now() + this.#config.sessionTtlDays * DAY;
    const sessionId = await this.#store.createSession(
      user.id,
      discordTokens,
      new Date(sessionExpiresAt),
    );
    const refreshToken = await this.#refresh.start(sessionId, user.id, sessionExpiresAt);
    const access = await this.#issueAccess(user, sessionId);
    await this.#audit.record({
      actor: { type: 'user', id: user.id, name: displayName(user) },
      action: 'auth.login',
      target: { type: 'user', id: user.id, name: displayName(user) },
      changes: { discordId: user.discord_id, sessionId },
      source: 'web',
      requestId: meta.requestId,
    });
    return { user, sessionId, ...access, refreshToken, sessionExpiresAt };
  }

  /** Renews a session with a refresh token, rotating it. */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<IssuedSession> {
    const spent = await this.#refresh.consume(refreshToken);
    if (spent.kind === 'unknown') throw AuthRefreshInvalid();
    if (spent.kind === 'reused') {
      await this.end(spent.sessionId, 'refresh-token-reuse', meta);
      throw AuthSessionRevoked({ reason: 'reuse' });
    }
    const { sessionId } = spent;
    const session = await this.#store.session(sessionId);
    const user =
      session && !session.revoked_at && session.expires_at.getTime() > Date.now()
        ? await this.#store.user(session.user_id)
        : null;
    if (!session || !user) {
      await this.end(sessionId, 'expired', meta);
      throw AuthRefreshInvalid();
    }
    if (user.deactivated) {
      await this.end(sessionId, 'deactivated', meta);
      throw AuthAccountDeactivated();
    }
    let checked = false;
    try {
      await this.#checkDiscord(sessionId, user);
      checked = true;
    } catch (err) {
      if (
        isPnError(err) &&
        (err.code === 'PN_DISCORD_UNAUTHORIZED' || err.code === 'PN_AUTH_SESSION_REVOKED')
      ) {
        await this.end(sessionId, 'discord-authorization-lost', meta);
        throw AuthSessionRevoked({ reason: 'discord' });
      }
      // Discord is down: keep the session going for a while rather than log everyone out.
      const lastCheck = session.discord_checked_at.getTime();
      if (Date.now() - lastCheck > this.#config.discordCheckGraceSeconds * 1000) {
        await this.#refresh.restore(refreshToken, sessionId);
        throw err;
      }
      this.#logger.warn(
        { sessionId, code: isPnError(err) ? err.code : 'unknown' },
        'Discord check failed during refresh; within the grace period',
      );
    }
    await this.#store.touchSession(sessionId, checked);
    const next = await this.#refresh.rotate(sessionId);
    const access = await this.#issueAccess(user, sessionId);
    return {
      user,
      sessionId,
      ...access,
      refreshToken: next,
      sessionExpiresAt: session.expires_at.getTime(),
    };
  }

  /** The session a refresh token belongs to, without spending it (logout). */
  async sessionOf(refreshToken: string): Promise<string | null> {
    return this.#refresh.peek(refreshToken);
  }

  /**
   * Ends a session: its refresh family dies, its Discord authorization is revoked. Audited as
   * `auth.logout` for a user's own logout and `auth.session.revoked` otherwise.
   */
  async end(sessionId: string, reason: string, meta: RequestMeta): Promise<void> {
    await this.#refresh.revoke(sessionId);
    const session = await this.#store.session(sessionId);
    if (!session) return;
    const changed = await this.#store.revokeSession(sessionId, reason);
    if (!changed) return;
    // Access tokens and open stream sockets of the session stop counting now, on every replica.
    this.#ended.add(sessionId);
    const ended: SessionEnded = { sessionId, userId: session.user_id };
    await this.#events.publish(SESSION_ENDED_TOPIC, ended);
    const tokens = await this.#store.discordTokens(sessionId).catch(() => null);
    if (tokens) {
      await this.#endpoint.revoke(tokens.accessToken).catch((err: unknown) => {
        this.#logger.info(
          { sessionId, code: isPnError(err) ? err.code : 'unknown' },
          'could not revoke the Discord token',
        );
      });
    }
    const user = await this.#store.user(session.user_id);
    await this.#audit.record({
      actor:
        reason === 'logout' && user
          ? { type: 'user', id: user.id, name: displayName(user) }
          : { type: 'system' },
      action: reason === 'logout' ? 'auth.logout' : 'auth.session.revoked',
      target: { type: 'session', id: sessionId },
      changes: { reason, userId: session.user_id },
      source: reason === 'logout' ? 'web' : 'system',
      requestId: meta.requestId,
    });
  }

  /** Asks Discord whether this session's authorization still stands, refreshing its token first when due. */
  async #checkDiscord(sessionId: string, user: UserRow): Promise<void> {
    let tokens = await this.#store.discordTokens(sessionId);
    if (!tokens) throw AuthSessionRevoked();
    if (tokens.expiresAt.getTime() - Date.now() < 5 * 60_000) {
      if (!tokens.refreshToken) throw AuthSessionRevoked();
      tokens = await this.#endpoint.refresh(tokens.refreshToken);
      await this.#store.storeDiscordTokens(sessionId, tokens);
    }
    const profile = await this.#discord.asUser(tokens.accessToken).currentUser();
    if (profile.id !== user.discord_id) throw AuthSessionRevoked();
    await this.#store.updateProfile(user.id, profile);
    user.username = profile.username;
    user.global_name = profile.global_name;
    user.avatar = profile.avatar;
  }

  async #issueAccess(user: UserRow, sessionId: string) {
    const { token, expiresAt } = await this.#tokens.issue({
      userId: user.id,
      discordId: user.discord_id,
      name: displayName(user),
      sessionId,
    });
    return { accessToken: token, accessExpiresAt: expiresAt };
  }
}

export function displayName(user: Pick<UserRow, 'global_name' | 'username'>): string {
  return user.global_name ?? user.username;
}
