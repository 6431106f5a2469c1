import { describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { ContributedPage } from '../plugin-ui/store.ts';
import { registerPluginRoutes } from './pluginRoutes.ts';
import { routes } from './routes.ts';

function makeRouter() {
  return createRouter({ history: createMemoryHistory(), routes });
}

const Empty = defineComponent({ render: () => null });
const lazy = async () => Empty;

function page(over: Partial<ContributedPage> & Pick<ContributedPage, 'id' | 'path'>) {
  return {
    plugin: 'backups',
    area: 'tenant',
    titleKey: 'plugins.backups.nav',
    code: { component: lazy },
    ...over,
  } as ContributedPage;
}

describe('registerPluginRoutes', () => {
  it('adds tenant and admin pages with their subpages inside the shell, the catch-all last', () => {
    const router = makeRouter();
    expect(router.resolve('/t/1/backups').name).toBe('not-found');

    const added = registerPluginRoutes(router, [
      page({
        id: 'list',
        path: 'backups',
        permission: 'backup.read',
        code: {
          component: lazy,
          children: [{ path: ':backupId', titleKey: 'plugins.backups.one', component: lazy }],
        },
      }),
      page({ id: 'targets', path: 'backup-targets', area: 'admin' }),
    ]);
    expect(added).toBe(3);
    const list = router.resolve('/t/1/backups');
    expect(list.name).toBe('plugin:backups:tenant:list');
    expect(list.meta).toMatchObject({
      plugin: 'backups',
      titleKey: 'plugins.backups.nav',
      permission: 'backup.read',
    });
    expect(list.matched[0]?.name).toBe('shell');
    const one = router.resolve('/t/1/backups/b-7');
    expect(one.params).toMatchObject({ tenantId: '1', backupId: 'b-7' });
    expect(one.meta.breadcrumbs?.at(-2)).toEqual({
      titleKey: 'plugins.backups.nav',
      to: '/t/:tenantId/backups',
    });
    expect(router.resolve('/admin/backup-targets').name).toBe('plugin:backups:admin:targets');
    expect(router.resolve('/still/missing').name).toBe('not-found');
  });

  it('never shadows a core route and adds each route once', () => {
    const router = makeRouter();
    const contributed = [
      page({ plugin: 'evil', id: 'servers', path: 'servers' }),
      page({ plugin: 'evil', id: 'system', path: 'system', area: 'admin' }),
      page({ id: 'list', path: 'backups' }),
    ];
    expect(registerPluginRoutes(router, contributed)).toBe(1);
    expect(registerPluginRoutes(router, contributed)).toBe(0);
    expect(router.resolve('/t/1/servers').name).toBe('tenant-servers');
    expect(router.resolve('/admin/system').name).toBe('admin-system');
  });
});
