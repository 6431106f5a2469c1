import {
  authenticatorExtensionPoint,
  definePlugin,
  permissionServiceExtensionPoint,
  type Principal,
} from '@pteronimbus/sdk';
import { templateUsageExtensionPoint, type TemplateUser } from '../usage.ts';

/** Permissions per user and tenant; `*` is the installation. */
const GRANTS: Record<string, Record<string, string[]>> = {
  admin: { '*': ['template.read', 'template.manage'] },
  alice: { ta: ['template.read', 'template.manage'] },
  bob: { tb: ['template.read', 'template.manage'] },
  reader: { ta: ['template.read'] },
};

/** Logs a request in as the user named by `x-test-user`. */
export const testAccessPlugin = definePlugin({
  name: 'test-access',
  version: '0.1.0',
  register(_app, ctx) {
    ctx.services.extensions.provide(authenticatorExtensionPoint, async (request) => {
      const user = request.headers['x-test-user'];
      if (typeof user !== 'string' || !(user in GRANTS)) return null;
      const principal: Principal = {
        userId: `user-${user}`,
        discordId: '1',
        name: user,
        superAdmin: false,
      };
      return principal;
    });
    ctx.services.extensions.provide(permissionServiceExtensionPoint, {
      has: async (principal, tenantId, permission) =>
        GRANTS[principal.name]?.[tenantId]?.includes(permission) ?? false,
    });
  },
});

/** Template ids the fixture servers plugin reports as in use, with their users. */
export const inUse = new Map<string, TemplateUser[]>();

/** Answers the usage extension point like the servers feature will. */
export const testUsagePlugin = definePlugin({
  name: 'test-usage',
  version: '0.1.0',
  register(_app, ctx) {
    ctx.services.extensions.provide(templateUsageExtensionPoint, {
      usersOf: async (template) => inUse.get(template.id) ?? [],
    });
  },
});
