import type { Registry } from '../api/types.ts';

/** A registry as core answers it with a few first-party plugins loaded. */
export const registryWithPlugins: Registry = {
  core: { name: 'pteronimbus', version: '0.1.0', apiVersion: 'v1', sdkVersion: '0.1.0' },
  plugins: [
    {
      name: 'auth-discord',
      version: '0.1.0',
      description: 'Sign in with Discord.',
      dependsOn: [],
      permissions: [],
      capabilities: {},
    },
    {
      name: 'backups',
      version: '0.2.1',
      description: 'Snapshots of server volumes to object storage.',
      dependsOn: ['rbac', 'scheduler'],
      permissions: [
        { key: 'backup.read', group: 'backups' },
        { key: 'backup.create', group: 'backups' },
        { key: 'backup.restore', group: 'backups' },
      ],
      capabilities: {
        ui: {
          tenantPages: [
            {
              id: 'list',
              path: 'backups',
              titleKey: 'plugins.backups.nav',
              icon: 'backup',
              permission: 'backup.read',
            },
          ],
          serverTabs: [
            { id: 'backups', titleKey: 'plugins.backups.tab', permission: 'backup.read' },
          ],
          settingsSections: [
            { id: 'retention', titleKey: 'plugins.backups.retention', permission: 'backup.read' },
          ],
          dashboardCards: [{ id: 'latest', titleKey: 'plugins.backups.latest' }],
        },
      },
    },
    {
      name: 'game-minecraft',
      version: '1.0.0',
      dependsOn: [],
      permissions: [{ key: 'server.console.write', group: 'servers' }],
      capabilities: { games: [{ id: 'minecraft', name: 'Minecraft' }] },
    },
  ],
};

/** A registry from a core that runs without plugins. */
export const emptyRegistry: Registry = { ...registryWithPlugins, plugins: [] };

/** Builds a `Response` like core's, with a request id. */
export function jsonResponse(body: unknown, status = 200, requestId = 'req-7f3a9c'): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
  });
}
