import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyOauth2, { type OAuth2Namespace } from '@fastify/oauth2';
import { Type } from 'typebox';
import {
  authenticatorExtensionPoint,
  definePlugin,
  discordUserSessionExtensionPoint,
  isPnError,
  type Authenticator,
  type PluginContext,
  type PnError,
} from '@pteronimbus/sdk';
import { AuthDiscordConfigSchema, type AuthDiscordConfig } from './config.ts';
import { EndedSessions } from './ended-sessions.ts';
import {
  AuthCodeInvalid,
  AuthDiscordFailed,
  AuthNotConfigured,
  AuthRateLimited,
  AuthRefreshInvalid,
  AuthSessionRevoked,
  AuthStateInvalid,
} from './errors.ts';
import { SessionCookies, assertSameOrigin, readCookie, safeReturnTo } from './http.ts';
import { SigningKeys } from './keys.ts';
import { migrations } from './migrations.ts';
import { RefreshTokens } from './refresh-tokens.ts';
import { Sessions, type DiscordTokenEndpoint, type IssuedSession } from './sessions.ts';
import { AuthStore, type DiscordTokens } from './store.ts';
import { AccessTokens } from './tokens.ts';

const SCOPES = ['identify', 'guilds', 'guilds.members.read'];
const STATE_COOKIE = 'pn_oauth_state';
const VERIFIER_COOKIE = 'pn_oauth_verifier';
const STATE_TTL_MS = 10 * 60_000;
const kLoginState = Symbol('pn.auth-discord.state');

interface OAuthTokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  expires_at?: Date | string;
}

function toDiscordTokens(token: OAuthTokenAnswer): DiscordTokens {
  const expiresAt = token.expires_at
    ? new Date(token.expires_at)
    : new Date(Date.now() + (token.expires_in ?? 3600) * 1000);
  return { accessToken: token.access_token, refreshToken: token.refresh_token ?? null, expiresAt };
}

/** What Discord's token endpoint (through simple-oauth2) failed with, as one of our codes. */
function oauthFailure(err: unknown): PnError {
  if (isPnError(err)) return err;
  const e = err as {
    message?: string;
    output?: { statusCode?: number };
    data?: { payload?: unknown };
  };
  if (e.message === 'Invalid state') return AuthStateInvalid();
  const status = e.output?.statusCode;
  const payload = e.data?.payload;
  const body = Buffer.isBuffer(payload)
    ? payload.toString('utf8')
    : typeof payload === 'string'
      ? payload
      : JSON.stringify(payload ?? {});
  if (status !== undefined && status < 500 && /invalid_grant/.test(body)) return AuthCodeInvalid();
  return AuthDiscordFailed({ status: status ?? null });
}

function view(issued: IssuedSession, ctx: PluginContext<AuthDiscordConfig>) {
  return {
    user: {
      id: issued.user.id,
      discordId: issued.user.discord_id,
      username: issued.user.username,
      globalName: issued.user.global_name,
      avatarUrl: ctx.services.discord.avatarUrl({
        id: issued.user.discord_id,
        avatar: issued.user.avatar,
      }),
    },
    accessTokenExpiresAt: new Date(issued.accessExpiresAt).toISOString(),
    sessionExpiresAt: new Date(issued.sessionExpiresAt).toISOString(),
  };
}

/** Published on login and refresh so that others (rbac) re-read what Discord says about the user. */
function sessionEvent(issued: IssuedSession) {
  return { userId: issued.user.id, discordId: issued.user.discord_id, sessionId: issued.sessionId };
}

const ErrorRef = Type.Object({
  error: Type.Object(
    { code: Type.String(), message: Type.String() },
    { additionalProperties: true },
  ),
});
const UserView = Type.Object({
  id: Type.String(),
  discordId: Type.String(),
  username: Type.String(),
  globalName: Type.Union([Type.String(), Type.Null()]),
  avatarUrl: Type.String(),
});
const SessionView = Type.Object({
  user: UserView,
  accessTokenExpiresAt: Type.String({ format: 'date-time' }),
  sessionExpiresAt: Type.String({ format: 'date-time' }),
});
const NoQuery = Type.Object({}, { additionalProperties: false });

async function register(
  app: FastifyInstance,
  ctx: PluginContext<AuthDiscordConfig>,
): Promise<void> {
  const { services, core, config } = ctx;
  const publicOrigin = new URL(core.publicUrl).origin;
  const superAdmins = new Set(core.superAdmins);
  const keys = new SigningKeys({
    db: services.db,
    sealKey: services.secrets.derive('signing-keys'),
    rotationDays: config.signingKeyRotationDays,
    maxTokenTtlMs: 3_600_000,
  });
  await keys.load();
  const tokens = new AccessTokens({
    keys,
    issuer: core.publicUrl,
    ttlSeconds: config.accessTokenTtlSeconds,
  });
  const store = new AuthStore(services.db, services.secrets.derive('discord-tokens'));
  // A minute of slack for clocks that disagree about when a token expires.
  const ended = new EndedSessions(config.accessTokenTtlSeconds * 1000 + 60_000);
  await ended.start(store, services.events);
  app.addHook('onClose', () => ended.stop());
  const cookies = new SessionCookies(core.publicUrl);

  // Core's one access hook asks this for every non-public route.
  const authenticate: Authenticator = async (request) => {
    const header = request.headers.authorization;
    const bearer =
      typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
    const token = bearer ?? readCookie(request, cookies.access);
    if (!token) return null;
    const claims = await tokens.verify(token);
    if (!claims || ended.has(claims.sid)) return null;
    if (!bearer) assertSameOrigin(request, publicOrigin);
    return {
      userId: claims.sub,
      discordId: claims.did,
      name: claims.name,
      superAdmin: superAdmins.has(claims.did),
      sessionId: claims.sid,
      source: bearer ? 'api' : 'web',
    };
  };
  services.extensions.provide(authenticatorExtensionPoint, authenticate);
  // Core lists the caller's guilds through this; the Discord token itself never leaves the plugin.
  services.extensions.provide(discordUserSessionExtensionPoint, async (principal) => {
    const stored = principal.sessionId ? await store.discordTokens(principal.sessionId) : null;
    return stored ? services.discord.asUser(stored.accessToken) : null;
  });

  const oauth2 = services.discord.oauth2;
  let namespace: OAuth2Namespace | null = null;
  if (oauth2) {
    const authorize = new URL(oauth2.authorizeUrl);
    const token = new URL(oauth2.tokenUrl);
    const revoke = new URL(oauth2.revokeUrl);
    await app.register(fastifyOauth2, {
      name: 'discordOAuth2',
      scope: SCOPES,
      credentials: {
        client: { id: oauth2.clientId, secret: oauth2.clientSecret },
        auth: {
          authorizeHost: authorize.origin,
          authorizePath: authorize.pathname,
          tokenHost: token.origin,
          tokenPath: token.pathname,
          revokePath: revoke.pathname,
        },
      },
      callbackUri: `${core.publicUrl}/auth/callback`,
      pkce: 'S256',
      redirectStateCookieName: STATE_COOKIE,
      verifierCookieName: VERIFIER_COOKIE,
      cookie: {
        path: '/auth',
        secure: cookies.secure,
        sameSite: 'lax',
        httpOnly: true,
        maxAge: STATE_TTL_MS / 1000,
      },
      userAgent: 'Pteronimbus',
      // The state is single-use on the server too: a replayed callback finds nothing to take.
      async generateStateFunction(request: FastifyRequest) {
        const state = randomBytes(24).toString('base64url');
        const { returnTo } = request.query as { returnTo?: string };
        await services.kv.set(
          `state:${state}`,
          JSON.stringify({ returnTo: safeReturnTo(returnTo) }),
          { ttlMs: STATE_TTL_MS },
        );
        return state;
      },
      async checkStateFunction(request: FastifyRequest) {
        const { state } = request.query as { state?: string };
        if (!state || readCookie(request, STATE_COOKIE) !== state) return false;
        const stored = await services.kv.take(`state:${state}`);
        if (!stored) return false;
        (request as unknown as Record<symbol, unknown>)[kLoginState] = JSON.parse(stored) as {
          returnTo: string;
        };
        return true;
      },
    } as never);
    namespace = (app as unknown as { discordOAuth2: OAuth2Namespace }).discordOAuth2;
  } else {
    // The cookie helpers still have to exist for refresh and logout.
    await app.register((await import('@fastify/cookie')).default);
    services.logger.warn(
      'DISCORD_CLIENT_ID or DISCORD_CLIENT_SECRET is not set: Discord login is unavailable',
    );
  }

  const endpoint: DiscordTokenEndpoint = {
    async refresh(refreshToken) {
      if (!namespace) throw AuthNotConfigured();
      try {
        const next = await namespace.getNewAccessTokenUsingRefreshToken(
          { refresh_token: refreshToken } as never,
          {},
        );
        return toDiscordTokens(next.token as OAuthTokenAnswer);
      } catch (err) {
        const failure = oauthFailure(err);
        // A refused Discord refresh token means the authorization is gone (revoked, or the account).
        throw AuthCodeInvalid.is(failure) ? AuthSessionRevoked({ reason: 'discord' }) : failure;
      }
    },
    async revoke(accessToken) {
      if (!namespace) return;
      await namespace.revokeToken(
        { access_token: accessToken, token_type: 'Bearer' } as never,
        'access_token',
        undefined,
      );
    },
  };

  const sessions = new Sessions({
    store,
    refresh: new RefreshTokens(services.kv),
    tokens,
    discord: services.discord,
    endpoint,
    audit: services.audit,
    logger: services.logger,
    config,
    events: services.events,
    ended,
  });

  async function limit(key: string, perMinute: number): Promise<void> {
    const result = await services.rateLimiter.consume(`auth-discord:${key}`, perMinute, 60_000);
    if (!result.allowed)
      throw AuthRateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(result.resetMs / 1000)) });
  }

  const loginFailed = (reply: FastifyReply, code: string) =>
    reply.redirect(`/login?error=${encodeURIComponent(code)}`, 302);
  const meta = (request: FastifyRequest) => ({ requestId: request.id, ip: request.ip });

  app.get(
    '/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Starts Discord login: redirects to the consent page',
        querystring: Type.Object(
          { returnTo: Type.Optional(Type.String({ pattern: '^/(?![/\\\\])', maxLength: 512 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      try {
        await limit(`login:ip:${request.ip}`, config.rateLimit.loginPerMinute);
      } catch (err) {
        return loginFailed(reply, (err as PnError).code);
      }
      if (!namespace) return loginFailed(reply, AuthNotConfigured.code);
      const uri = await namespace.generateAuthorizationUri(request, reply);
      return reply.redirect(uri, 302);
    },
  );

  app.get(
    '/callback',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Where Discord sends the browser back; ends with a redirect into the panel',
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 512 })),
            state: Type.Optional(Type.String({ maxLength: 512 })),
            error: Type.Optional(Type.String({ maxLength: 128 })),
            error_description: Type.Optional(Type.String({ maxLength: 1024 })),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      const query = request.query as { code?: string; state?: string; error?: string };
      const clearFlowCookies = () => {
        reply.clearCookie(STATE_COOKIE, { path: '/auth' });
        reply.clearCookie(VERIFIER_COOKIE, { path: '/auth' });
      };
      if (query.error) {
        clearFlowCookies();
        if (query.state) await services.kv.delete(`state:${query.state}`);
        return loginFailed(
          reply,
          query.error === 'access_denied' ? 'denied' : AuthDiscordFailed.code,
        );
      }
      try {
        await limit(`login:ip:${request.ip}`, config.rateLimit.loginPerMinute);
        if (!namespace) throw AuthNotConfigured();
        if (!query.code || !query.state) throw AuthStateInvalid();
        let answer: OAuthTokenAnswer;
        try {
          answer = (await namespace.getAccessTokenFromAuthorizationCodeFlow(request, reply))
            .token as OAuthTokenAnswer;
        } catch (err) {
          throw oauthFailure(err);
        }
        const issued = await sessions.login(toDiscordTokens(answer), meta(request));
        await services.events.publish('auth.session.refreshed', sessionEvent(issued));
        cookies.set(reply, issued);
        const state = (request as unknown as Record<symbol, { returnTo: string } | undefined>)[
          kLoginState
        ];
        return reply.redirect(safeReturnTo(state?.returnTo), 302);
      } catch (err) {
        clearFlowCookies();
        const code = isPnError(err) ? err.code : 'PN_INTERNAL';
        if (code === 'PN_INTERNAL') request.log.error({ err }, 'Discord login failed');
        else request.log.info({ code }, 'Discord login refused');
        return loginFailed(reply, code);
      }
    },
  );

  app.post(
    '/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Renews the session from the refresh cookie (rotating it); sets new cookies',
        querystring: NoQuery,
        response: { 200: SessionView, '4xx': ErrorRef },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request, publicOrigin);
      await limit(`refresh:ip:${request.ip}`, config.rateLimit.refreshPerMinute);
      const refreshToken = readCookie(request, cookies.refresh);
      if (!refreshToken) throw AuthRefreshInvalid();
      try {
        const issued = await sessions.refresh(refreshToken, meta(request));
        await limit(`refresh:user:${issued.user.id}`, config.rateLimit.refreshPerMinute);
        await services.events.publish('auth.session.refreshed', sessionEvent(issued));
        cookies.set(reply, issued);
        return view(issued, ctx);
      } catch (err) {
        if (isPnError(err) && err.statusCode === 401) cookies.clear(reply);
        throw err;
      }
    },
  );

  app.post(
    '/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Ends the session here and at Discord; clears the cookies',
        querystring: NoQuery,
      },
    },
    async (request, reply) => {
      assertSameOrigin(request, publicOrigin);
      const refreshToken = readCookie(request, cookies.refresh);
      let sessionId = refreshToken ? await sessions.sessionOf(refreshToken) : null;
      if (!sessionId) {
        const access = readCookie(request, cookies.access);
        sessionId = access ? ((await tokens.verify(access))?.sid ?? null) : null;
      }
      if (sessionId) await sessions.end(sessionId, 'logout', meta(request));
      cookies.clear(reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      config: { authenticated: true },
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user',
        querystring: NoQuery,
        response: {
          200: Type.Object({
            ...UserView.properties,
            guildCount: Type.Integer(),
            superAdmin: Type.Boolean(),
            sessionId: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const user = await store.user(principal.userId);
      if (!user) throw AuthRefreshInvalid();
      return {
        id: user.id,
        discordId: user.discord_id,
        username: user.username,
        globalName: user.global_name,
        avatarUrl: services.discord.avatarUrl({ id: user.discord_id, avatar: user.avatar }),
        guildCount: user.guild_count,
        superAdmin: principal.superAdmin,
        sessionId: principal.sessionId ?? null,
      };
    },
  );

  app.get(
    '/keys',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'The public keys access tokens are signed with (JWKS)',
        querystring: NoQuery,
      },
    },
    async () => keys.jwks(),
  );
}

/** Discord login: OAuth2 code flow with PKCE, JWT access tokens, rotating refresh tokens. */
export const authDiscordPlugin = definePlugin<AuthDiscordConfig>({
  name: 'auth-discord',
  version: '0.1.0',
  description: 'Log in with Discord',
  routePrefix: '/auth',
  configSchema: AuthDiscordConfigSchema,
  database: { migrations },
  register,
});
