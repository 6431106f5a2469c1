import type { FastifyRequest } from 'fastify';
import type { Grant } from '../state/records.ts';
import type { EmulatorContext } from './context.ts';
import { unauthorized } from './discord-errors.ts';

/** Who a request authenticates as. */
export type Principal =
  | { kind: 'bot'; userId: string }
  | { kind: 'user'; userId: string; scopes: readonly string[]; grant: Grant };

/** The kind of credential a request carries, valid or not. */
export function authKind(request: FastifyRequest): 'bot' | 'bearer' | 'none' {
  const header = request.headers.authorization ?? '';
  if (/^Bot /i.test(header)) return 'bot';
  if (/^Bearer /i.test(header)) return 'bearer';
  return 'none';
}

/**
 * Resolves the Authorization header: `Bot <token>` for the application's bot, `Bearer <token>`
 * for a live user grant. `undefined` for no or a bad credential.
 */
export function resolvePrincipal(
  ctx: EmulatorContext,
  request: FastifyRequest,
): Principal | undefined {
  const header = request.headers.authorization ?? '';
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const token = header.slice(space + 1).trim();
  if (scheme === 'bot') {
    return token === ctx.state.application.botToken
      ? { kind: 'bot', userId: ctx.state.application.botUserId }
      : undefined;
  }
  if (scheme === 'bearer') {
    const grant = ctx.state.liveGrantByAccessToken(token);
    return grant ? { kind: 'user', userId: grant.userId, scopes: grant.scopes, grant } : undefined;
  }
  return undefined;
}

/** The bot, or 401. */
export function requireBot(
  ctx: EmulatorContext,
  request: FastifyRequest,
): { kind: 'bot'; userId: string } {
  const principal = resolvePrincipal(ctx, request);
  if (principal?.kind !== 'bot') throw unauthorized();
  return principal;
}

/** A user holding `scope`, or 401 as Discord answers for a missing scope. */
export function requireUser(
  ctx: EmulatorContext,
  request: FastifyRequest,
  scope: string,
): Extract<Principal, { kind: 'user' }> {
  const principal = resolvePrincipal(ctx, request);
  if (principal?.kind !== 'user' || !principal.scopes.includes(scope)) throw unauthorized();
  return principal;
}

/** The bot, or a user holding `scope`. */
export function requireBotOrUser(
  ctx: EmulatorContext,
  request: FastifyRequest,
  scope: string,
): Principal {
  const principal = resolvePrincipal(ctx, request);
  if (!principal) throw unauthorized();
  if (principal.kind === 'user' && !principal.scopes.includes(scope)) throw unauthorized();
  return principal;
}
