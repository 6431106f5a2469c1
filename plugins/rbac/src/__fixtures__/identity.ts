import { authenticatorExtensionPoint, definePlugin, type Principal } from '@pteronimbus/sdk';

/**
 * Logs a request in as the Discord user named in `x-test-discord` (super admin with
 * `x-test-super: 1`), so tests pick any seeded member without running the login flow. The rbac
 * plugin and core's tenant guard then decide as they do in production.
 */
export const discordIdentityPlugin = definePlugin({
  name: 'test-discord-identity',
  version: '0.0.0',
  register(_app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
      const id = request.headers['x-test-discord'];
      if (typeof id !== 'string' || !/^\d+$/.test(id)) return null;
      const principal: Principal = {
        userId: `user-${id}`,
        discordId: id,
        name: `user ${id}`,
        superAdmin: request.headers['x-test-super'] === '1',
      };
      return principal;
    });
  },
});

/** Headers for {@link discordIdentityPlugin}. */
export const as = (discordId: string, superAdmin = false): Record<string, string> => ({
  'x-test-discord': discordId,
  ...(superAdmin ? { 'x-test-super': '1' } : {}),
});
