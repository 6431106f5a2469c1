import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolvePrincipal } from '../http/auth.ts';
import type { EmulatorContext } from '../http/context.ts';
import { unauthorized } from '../http/discord-errors.ts';
import type { Grant } from '../state/records.ts';
import { guildView, publicUserView } from '../state/views.ts';

type Form = Record<string, string | undefined>;

/** An OAuth2 error answer (`{ error, error_description? }`), as Discord sends on the token endpoint. */
class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly description: string | undefined;

  constructor(status: number, error: string, description?: string) {
    super(description ?? error);
    this.status = status;
    this.error = error;
    this.description = description;
  }
}

const invalidGrant = (field: string) =>
  new OAuthError(400, 'invalid_grant', `Invalid "${field}" in request.`);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Client authentication by HTTP Basic (RFC 6749 2.3.1, form-encoded parts) or by body fields. */
function authenticateClient(ctx: EmulatorContext, request: FastifyRequest, form: Form): void {
  const app = ctx.state.application;
  let id = form.client_id;
  let secret = form.client_secret;
  const header = request.headers.authorization;
  if (header !== undefined && /^Basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError(401, 'invalid_client');
    id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
  }
  if (id !== app.clientId || secret === undefined || !safeEqual(secret, app.clientSecret)) {
    throw new OAuthError(401, 'invalid_client');
  }
}

function pkceMatches(challenge: string, verifier: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

function tokenResponse(
  ctx: EmulatorContext,
  grant: Grant,
  guildId?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    access_token: grant.accessToken,
    expires_in: ctx.tokenTtlSeconds,
    refresh_token: grant.refreshToken,
    scope: grant.scopes.join(' '),
  };
  const guild = guildId === undefined ? undefined : ctx.state.guilds.get(guildId);
  if (guild) body.guild = guildView(guild, false);
  return body;
}

function exchangeCode(ctx: EmulatorContext, form: Form): Record<string, unknown> {
  const { state } = ctx;
  if (!form.code) throw new OAuthError(400, 'invalid_request', 'Missing "code" in request.');
  const code = state.codes.get(form.code);
  if (!code) throw invalidGrant('code');
  if (code.used) {
    // A replayed code may mean it leaked: end every token it produced (RFC 6749 4.1.2).
    state.revokeFamily(code.familyId);
    throw invalidGrant('code');
  }
  if (code.expiresAt <= state.now()) throw invalidGrant('code');
  if ((form.redirect_uri || undefined) !== code.redirectUri) throw invalidGrant('redirect_uri');
  if (code.codeChallenge !== undefined) {
    if (!form.code_verifier)
      throw new OAuthError(400, 'invalid_request', 'Missing "code_verifier" in request.');
    if (!pkceMatches(code.codeChallenge, form.code_verifier)) throw invalidGrant('code_verifier');
  }
  const user = state.users.get(code.userId);
  if (!user || user.deactivated) throw invalidGrant('code');
  code.used = true;
  const grant = state.issueGrant(code.familyId, code.userId, code.scopes, ctx.tokenTtlSeconds);
  return tokenResponse(ctx, grant, code.guildId);
}

function refresh(ctx: EmulatorContext, form: Form): Record<string, unknown> {
  const { state } = ctx;
  if (!form.refresh_token)
    throw new OAuthError(400, 'invalid_request', 'Missing "refresh_token" in request.');
  const old = state.refreshTokens.get(form.refresh_token);
  const user = old === undefined ? undefined : state.users.get(old.userId);
  if (!old || old.revoked || !user || user.deactivated) throw invalidGrant('refresh_token');
  // Rotation: the used refresh token is gone, the new pair continues the same family.
  state.refreshTokens.delete(form.refresh_token);
  const grant = state.issueGrant(old.familyId, old.userId, old.scopes, ctx.tokenTtlSeconds);
  return tokenResponse(ctx, grant);
}

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  const body: Record<string, string> = { error: error.error };
  if (error.description !== undefined) body.error_description = error.description;
  return reply.code(error.status).header('cache-control', 'no-store').send(body);
}

function formOf(request: FastifyRequest): Form {
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError(
      400,
      'invalid_request',
      'The body must be application/x-www-form-urlencoded.',
    );
  }
  return (request.body ?? {}) as Form;
}

/** Token exchange, refresh and revocation under `/api/v10/oauth2`. */
export function registerTokenRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/oauth2/token', async (request, reply) => {
    try {
      const form = formOf(request);
      authenticateClient(ctx, request, form);
      let body: Record<string, unknown>;
      if (form.grant_type === 'authorization_code') body = exchangeCode(ctx, form);
      else if (form.grant_type === 'refresh_token') body = refresh(ctx, form);
      else throw new OAuthError(400, 'unsupported_grant_type');
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
    } catch (error) {
      if (error instanceof OAuthError) return sendOAuthError(reply, error);
      throw error;
    }
  });

  app.post('/oauth2/token/revoke', async (request, reply) => {
    try {
      const form = formOf(request);
      authenticateClient(ctx, request, form);
      if (!form.token) throw new OAuthError(400, 'invalid_request', 'Missing "token" in request.');
      const grant =
        ctx.state.accessTokens.get(form.token) ?? ctx.state.refreshTokens.get(form.token);
      // Revoking either token of a pair ends the whole authorization it came from; unknown tokens are not an error (RFC 7009).
      if (grant) ctx.state.revokeFamily(grant.familyId);
      return reply.code(200).send({});
    } catch (error) {
      if (error instanceof OAuthError) return sendOAuthError(reply, error);
      throw error;
    }
  });

  app.get('/oauth2/@me', async (request) => {
    const principal = resolvePrincipal(ctx, request);
    if (principal?.kind !== 'user') throw unauthorized();
    const app = ctx.state.application;
    const body: Record<string, unknown> = {
      application: {
        id: app.id,
        name: app.name,
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: ctx.signing.publicKeyHex,
        flags: 0,
      },
      scopes: principal.scopes,
      expires: new Date(principal.grant.accessExpiresAt).toISOString(),
    };
    if (principal.scopes.includes('identify')) {
      body.user = publicUserView(ctx.state.users.get(principal.userId)!);
    }
    return body;
  });
}
