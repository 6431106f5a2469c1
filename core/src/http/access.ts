import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import {
  auditSourceOf,
  authenticatorExtensionPoint,
  permissionServiceExtensionPoint,
  type AuditLog,
  type Authenticator,
  type PermissionService,
  type Principal,
} from '@pteronimbus/sdk';
import { Forbidden, RouteAccessUndeclared, Unauthenticated } from '../errors/codes.ts';
import { NOT_A_MEMBER, type TenantCheck } from '../tenants/guard.ts';

// The extension points live in the SDK so that plugins depend on it alone.
export { authenticatorExtensionPoint, permissionServiceExtensionPoint };
export type { Authenticator };

/** Without an RBAC plugin nobody holds a tenant permission; super admins still pass, audited. */
export const denyAllPermissions: PermissionService = { has: async () => false };

export interface RouteInfo {
  method: string;
  url: string;
  access: 'public' | 'authenticated' | 'permission' | 'superAdmin' | 'undeclared';
  permission?: string;
}

function describe(route: Pick<RouteOptions, 'config'>): RouteInfo['access'] {
  const c = (route.config ?? {}) as {
    public?: boolean;
    authenticated?: boolean;
    permission?: string;
    superAdmin?: boolean;
  };
  if (c.public) return 'public';
  if (c.superAdmin) return 'superAdmin';
  if (c.permission) return 'permission';
  if (c.authenticated) return 'authenticated';
  return 'undeclared';
}

/**
 * Collects every route as it is added and, once the app is ready, refuses to start if one of them
 * declares no access rule. Returns the live list (tests and the isolation matrix read it).
 */
export function collectRoutes(app: FastifyInstance): RouteInfo[] {
  const seen: Array<RouteOptions> = [];
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    seen.push(route);
  });
  app.addHook('onReady', async () => {
    routes.length = 0;
    for (const r of seen) {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      const access = describe(r);
      for (const method of methods) {
        const c = (r.config ?? {}) as { permission?: string };
        routes.push({
          method,
          url: r.url,
          access,
          ...(c.permission ? { permission: c.permission } : {}),
        });
      }
      if (access === 'undeclared') throw RouteAccessUndeclared(`${String(r.method)} ${r.url}`);
    }
  });
  return routes;
}

/** Marks every route added in this (encapsulated) context public: docs and static files. */
export function markPublic(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), public: true };
  });
}

export interface AccessOptions {
  authenticators: () => readonly Authenticator[];
  permissions: () => PermissionService;
  audit: AuditLog;
  /**
   * Runs on every authenticated request to a route with a `:tenantId` parameter, before the
   * permission check; throws to refuse (core's tenant guard answers 404 to non-members), and
   * says `override` when a super admin who is not a member passes, which is audited.
   */
  tenant?: TenantCheck;
}

/** Audits one request a super admin made through the override, with what it overrode. */
function recordOverride(
  audit: AuditLog,
  request: FastifyRequest,
  principal: Principal,
  changes: Record<string, unknown>,
): Promise<void> {
  const { tenantId } = (request.params ?? {}) as { tenantId?: string };
  return audit.record({
    tenantId: tenantId ?? null,
    actor: { type: 'user', id: principal.userId, name: principal.name },
    action: 'access.override',
    target: { type: 'route', id: `${request.method} ${request.routeOptions.url ?? request.url}` },
    changes,
    source: auditSourceOf(principal),
    requestId: request.id,
    override: true,
  });
}

/** The one hook that enforces each route's declared access. */
export function enforceAccess(app: FastifyInstance, options: AccessOptions): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('serverScope', null);
  // Before validation: a caller who may not use a route learns nothing from how their input fails.
  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config as {
      public?: boolean;
      authenticated?: boolean;
      permission?: string;
      superAdmin?: boolean;
      perServer?: boolean;
    };
    // Unknown paths answer 404 to everyone: an auth challenge would only reveal less.
    if (config.public || request.is404) return;
    let principal: Principal | null = null;
    for (const authenticate of options.authenticators()) {
      principal = await authenticate(request);
      if (principal) break;
    }
    if (!principal) throw Unauthenticated();
    request.principal = principal;
    const params = (request.params ?? {}) as { tenantId?: string; serverId?: string };
    const tenantId = params.tenantId;
    const pass = options.tenant && tenantId ? await options.tenant(principal, tenantId) : 'member';
    if (config.superAdmin) {
      if (principal.superAdmin) return;
      throw Forbidden('superAdmin', { permission: 'superAdmin' });
    }
    if (!config.permission) {
      if (pass === 'override')
        await recordOverride(options.audit, request, principal, { membership: NOT_A_MEMBER });
      return;
    }
    const allowed = await options
      .permissions()
      .has(
        principal,
        tenantId ?? '*',
        config.permission,
        params.serverId ? { serverId: params.serverId } : undefined,
      );
    if (allowed) return;
    // A route that lists servers opens to a member holding the permission on some of them; it
    // shows them those (`request.serverScope`).
    const service = options.permissions();
    if (config.perServer && tenantId && !params.serverId && service.serversWith) {
      const where = await service.serversWith(principal, tenantId, config.permission);
      if (where === 'all') return;
      if (where.length > 0) {
        request.serverScope = where;
        return;
      }
    }
    if (principal.superAdmin) {
      await recordOverride(options.audit, request, principal, {
        permission: config.permission,
        ...(pass === 'override' ? { membership: NOT_A_MEMBER } : {}),
      });
      return;
    }
    throw Forbidden(config.permission, { permission: config.permission });
  });
}
