import type { Principal } from './services.ts';

/**
 * Access declarations every route carries in its `config`: exactly one of `public`,
 * `authenticated`, `permission` or `superAdmin`. Core refuses to start with a route that declares none.
 */
export interface RouteAccessConfig {
  /** Anyone may call it. */
  public?: boolean;
  /** Any logged-in user may call it. */
  authenticated?: boolean;
  /** The caller needs this permission in the tenant named by the `tenantId` route parameter. */
  permission?: string;
  /** Only super admins of the installation (`PTERONIMBUS_SUPER_ADMINS`) may call it. */
  superAdmin?: boolean;
  /**
   * With `permission`, for routes that list a tenant's servers: a caller holding the permission
   * on some servers only is let through too, and `request.serverScope` names those servers.
   */
  perServer?: boolean;
}

declare module 'fastify' {
  // Declaration merging needs the interface form even though it adds no members of its own.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface FastifyContextConfig extends RouteAccessConfig {}
  interface FastifyRequest {
    /** The authenticated caller, or null. */
    principal: Principal | null;
    /**
     * On a `perServer` route: the servers the caller may see when their permission is narrowed
     * to some; null when it holds everywhere.
     */
    serverScope: readonly string[] | null;
  }
}
