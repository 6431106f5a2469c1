import { definePlugin } from '@pteronimbus/sdk';
import { testIdentityPlugin } from '@pteronimbus/testing';
import { templateUsageExtensionPoint, type TemplateUser } from '../usage.ts';

/** Logs a request in as the user named by `x-test-user`, with these permissions per tenant. */
export const testAccessPlugin = testIdentityPlugin({
  grants: {
    'user-admin': { '*': ['template.read', 'template.manage'] },
    'user-alice': { ta: ['template.read', 'template.manage'] },
    'user-bob': { tb: ['template.read', 'template.manage'] },
    'user-reader': { ta: ['template.read'] },
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
