import { describe, expect, it } from 'vitest';
import { definePlugin, type Plugin, type UiCapabilities } from '@pteronimbus/sdk';
import { resolvePlugins } from './loader.ts';

const withUi = (ui: UiCapabilities, permissions: string[] = []) => ({
  plugin: definePlugin({
    name: 'backups',
    version: '1.0.0',
    permissions: permissions.map((key) => ({ key, group: 'backups' })),
    capabilities: { ui },
  }) as Plugin<never>,
  source: 'test',
});

describe('web UI contributions', () => {
  it('accepts pages, tabs, sections and cards that name catalog permissions', () => {
    const loaded = resolvePlugins([
      withUi(
        {
          tenantPages: [
            {
              id: 'list',
              path: 'backups',
              titleKey: 'plugins.backups.nav',
              permission: 'backup.read',
            },
          ],
          adminPages: [
            { id: 'targets', path: 'backups/targets', titleKey: 'plugins.backups.admin' },
          ],
          serverTabs: [
            { id: 'backups', titleKey: 'plugins.backups.tab', permission: 'backup.read' },
          ],
          settingsSections: [
            {
              id: 'retention',
              titleKey: 'plugins.backups.retention',
              permission: 'tenant.settings.manage',
            },
          ],
          dashboardCards: [
            { id: 'latest', titleKey: 'plugins.backups.latest', permission: 'server.read' },
          ],
        },
        ['backup.read'],
      ),
    ]);
    expect(loaded).toHaveLength(1);
  });

  it('refuses a permission that neither core nor a loaded plugin declares', () => {
    expect(() =>
      resolvePlugins([
        withUi({ serverTabs: [{ id: 'backups', titleKey: 'x', permission: 'backup.read' }] }),
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'PN_PLUGIN_INVALID',
        message: expect.stringContaining('ui.serverTabs "backups" needs permission backup.read'),
      }),
    );
  });

  it('refuses malformed ids and paths and duplicate ids', () => {
    expect(() =>
      resolvePlugins([withUi({ tenantPages: [{ id: 'list', path: '/backups', titleKey: 'x' }] })]),
    ).toThrow(
      expect.objectContaining({ message: expect.stringContaining('without a leading slash') }),
    );
    expect(() =>
      resolvePlugins([withUi({ dashboardCards: [{ id: 'Latest', titleKey: 'x' }] })]),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('kebab-case id') }));
    expect(() =>
      resolvePlugins([
        withUi({
          serverTabs: [
            { id: 'a', titleKey: 'x' },
            { id: 'a', titleKey: 'y' },
          ],
        }),
      ]),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('declared twice') }));
  });
});
