import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { registerPluginRoutes } from './pluginRoutes.ts';
import { routes } from './routes.ts';

function makeRouter() {
  return createRouter({ history: createMemoryHistory(), routes });
}

describe('registerPluginRoutes', () => {
  it('adds a contributed page inside the shell and keeps the catch-all last', async () => {
    const router = makeRouter();
    expect(router.resolve('/backups').name).toBe('not-found');

    const added = registerPluginRoutes(router, [
      { plugin: 'backups', path: '/backups', titleKey: 'plugins.backups.nav' },
    ]);
    expect(added).toBe(1);
    const resolved = router.resolve('/backups');
    expect(resolved.name).toBe('plugin:backups:/backups');
    expect(resolved.meta).toMatchObject({ plugin: 'backups', titleKey: 'plugins.backups.nav' });
    expect(resolved.matched[0]?.name).toBe('shell');
    expect(router.resolve('/still/missing').name).toBe('not-found');
  });

  it('never shadows a core route and adds each route once', () => {
    const router = makeRouter();
    const contributed = [
      { plugin: 'evil', path: '/admin/system', titleKey: 'x' },
      { plugin: 'backups', path: '/backups', titleKey: 'y' },
      { plugin: 'odd', path: 'relative', titleKey: 'z' },
    ];
    expect(registerPluginRoutes(router, contributed)).toBe(1);
    expect(registerPluginRoutes(router, contributed)).toBe(0);
    expect(router.resolve('/admin/system').name).toBe('admin-system');
  });
});
