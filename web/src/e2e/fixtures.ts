import { definePlugin } from '@pteronimbus/sdk';

/** Plugins the end-to-end core loads, shaped like first-party ones. */
export const e2ePlugins = [
  definePlugin({
    name: 'auth-discord',
    version: '0.1.0',
    description: 'Sign in with Discord and map guild roles to permissions.',
    permissions: [],
  }),
  definePlugin({
    name: 'backups',
    version: '0.4.2',
    description: 'Scheduled and on-demand snapshots of server volumes.',
    permissions: [
      { key: 'backup.read', group: 'backups' },
      { key: 'backup.create', group: 'backups' },
      { key: 'backup.restore', group: 'backups' },
      { key: 'backup.delete', group: 'backups' },
    ],
    capabilities: {
      ui: {
        routes: [{ path: '/backups', titleKey: 'plugins.backups.nav', icon: 'backup' }],
        serverTabs: [{ id: 'backups', titleKey: 'plugins.backups.tab' }],
      },
    },
  }),
  definePlugin({
    name: 'scheduler',
    version: '0.3.0',
    description: 'Run restarts, commands and backups on a schedule.',
    dependsOn: ['backups'],
    permissions: [
      { key: 'schedule.read', group: 'schedules' },
      { key: 'schedule.manage', group: 'schedules' },
    ],
  }),
  definePlugin({
    name: 'game-minecraft',
    version: '1.2.0',
    permissions: [],
    capabilities: { games: [{ id: 'minecraft-java', name: 'Minecraft: Java Edition' }] },
  }),
];
