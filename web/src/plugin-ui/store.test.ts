import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, registryWithPlugins } from '../__fixtures__/registry.ts';
import { i18n } from '../i18n/instance.ts';
import { usePluginUiStore } from './store.ts';

vi.mock('./sources.ts', () => import('../__fixtures__/pluginUi.ts'));

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('plugin UI store', () => {
  it('offers what the registry declares and an installed package ships the code for', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(registryWithPlugins)),
    );
    const store = usePluginUiStore();
    await store.ensureLoaded();
    expect(store.status).toBe('ready');
    expect(store.tenantPages).toEqual([
      expect.objectContaining({
        plugin: 'backups',
        area: 'tenant',
        id: 'list',
        path: 'backups',
        titleKey: 'plugins.backups.nav',
        icon: 'backup',
        permission: 'backup.read',
      }),
    ]);
    expect(store.adminPages).toEqual([]);
    expect(store.serverTabs.map((tab) => [tab.plugin, tab.id, tab.permission])).toEqual([
      ['backups', 'backups', 'backup.read'],
    ]);
    expect(store.settingsSections.map((section) => section.id)).toEqual(['retention']);
    expect(store.dashboardCards.map((card) => card.id)).toEqual(['latest']);
    // Its messages arrive under plugins.<id>, in English and in the current language.
    expect(i18n.global.t('plugins.backups.nav')).toBe('Backups');
    expect(i18n.global.te('plugins.backups.tab')).toBe(true);
  });

  it('loads the current language’s messages when the language changes', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(registryWithPlugins)),
    );
    const store = usePluginUiStore();
    await store.ensureLoaded();
    i18n.global.locale.value = 'de';
    await vi.waitFor(() => expect(i18n.global.t('plugins.backups.nav')).toBe('Sicherungen'));
  });

  it('shows nothing of a plugin core did not load, even when its package is installed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse({
          ...registryWithPlugins,
          plugins: registryWithPlugins.plugins.filter((plugin) => plugin.name !== 'backups'),
        }),
      ),
    );
    const store = usePluginUiStore();
    await store.ensureLoaded();
    expect(store.modules.size).toBe(0);
    expect(store.tenantPages).toEqual([]);
    expect(store.serverTabs).toEqual([]);
  });
});
