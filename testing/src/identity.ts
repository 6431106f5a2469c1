import {
  authenticatorExtensionPoint,
  definePlugin,
  permissionServiceExtensionPoint,
  type Plugin,
  type Principal,
} from '@pteronimbus/sdk';

/** Options of {@link testIdentityPlugin}. */
export interface TestIdentityOptions {
  /**
   * Permissions per user name and tenant id (`*` for the installation), e.g.
   * `{ alice: { t1: ['server.read'] } }`; `server.read@<serverId>` grants it on one server only.
   * The object is read on every check, so a test may change it as it goes. Without it the plugin
   * offers no permission service, so whatever else is loaded (or nothing) decides.
   */
  grants?: Record<string, Record<string, string[]>>;
  /** User names that are super admins (also: any request with `x-test-super: 1`). */
  superAdmins?: string[];
}

/** Request headers that log a test request in as `user` with {@link testIdentityPlugin}. */
export function asUser(
  user: string,
  options: { superAdmin?: boolean } = {},
): Record<string, string> {
  return { 'x-test-user': user, ...(options.superAdmin ? { 'x-test-super': '1' } : {}) };
}

/**
 * A stand-in identity for tests: the caller is the user named in the `x-test-user` header (see
 * {@link asUser}), with the permissions given in `grants`. Core's real access hook does the rest,
 * so routes are tested exactly as they are enforced. Never load it outside tests.
 */
export function testIdentityPlugin(options: TestIdentityOptions = {}): Plugin<never> {
  return definePlugin({
    name: 'test-identity',
    version: '0.0.0',
    register(_app, ctx) {
      ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
        const user = request.headers['x-test-user'];
        if (typeof user !== 'string' || user === '') return null;
        const principal: Principal = {
          userId: user,
          discordId: '100000000000000001',
          name: user,
          superAdmin:
            request.headers['x-test-super'] === '1' || (options.superAdmins ?? []).includes(user),
        };
        // `x-test-session` names the session, for tests of what ends with one.
        const session = request.headers['x-test-session'];
        if (typeof session === 'string' && session !== '') principal.sessionId = session;
        return principal;
      });
      const grants = options.grants;
      if (grants) {
        const held = (principal: Principal, tenantId: string) =>
          grants[principal.name]?.[tenantId] ?? [];
        ctx.services.extensions.provide(permissionServiceExtensionPoint, {
          has: async (principal, tenantId, permission, scope) => {
            const list = held(principal, tenantId);
            return (
              list.includes(permission) ||
              (scope?.serverId !== undefined && list.includes(`${permission}@${scope.serverId}`))
            );
          },
          serversWith: async (principal, tenantId, permission) => {
            const list = held(principal, tenantId);
            if (list.includes(permission)) return 'all';
            const prefix = `${permission}@`;
            return list.filter((g) => g.startsWith(prefix)).map((g) => g.slice(prefix.length));
          },
        });
      }
    },
  }) as Plugin<never>;
}
