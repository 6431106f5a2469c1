import type { RouteRecordRaw, Router } from 'vue-router';
import type { BreadcrumbMeta } from './meta.ts';
import type { ContributedPage } from '../plugin-ui/store.ts';
import { shellRouteName } from './routes.ts';

/** The route name of a contributed page (its children add `:<child path>`). */
export function pluginPageRouteName(page: Pick<ContributedPage, 'plugin' | 'area' | 'id'>) {
  return `plugin:${page.plugin}:${page.area}:${page.id}`;
}

/** Where a contributed page lives: `/t/:tenantId/<path>` or `/admin/<path>`. */
export function pluginPagePath(page: Pick<ContributedPage, 'area' | 'path'>): string {
  return page.area === 'tenant' ? `/t/:tenantId/${page.path}` : `/admin/${page.path}`;
}

function routesOf(page: ContributedPage): RouteRecordRaw[] {
  const path = pluginPagePath(page);
  const name = pluginPageRouteName(page);
  const trail: BreadcrumbMeta[] =
    page.area === 'tenant'
      ? [{ titleKey: 'tenants.title', to: '/tenants' }]
      : [{ titleKey: 'nav.administration', to: '/admin' }];
  const meta = {
    plugin: page.plugin,
    ...(page.permission !== undefined ? { permission: page.permission } : {}),
  };
  return [
    {
      path,
      name,
      component: page.code.component,
      meta: {
        ...meta,
        titleKey: page.titleKey,
        breadcrumbs: [...trail, { titleKey: page.titleKey }],
      },
    },
    ...(page.code.children ?? []).map((child) => ({
      path: `${path}/${child.path}`,
      name: `${name}:${child.path}`,
      component: child.component,
      meta: {
        ...meta,
        titleKey: child.titleKey,
        breadcrumbs: [
          ...trail,
          { titleKey: page.titleKey, to: path },
          { titleKey: child.titleKey },
        ],
      },
    })),
  ];
}

/**
 * Adds the routes of contributed pages inside the shell, skipping any whose path the panel
 * already serves (a core page always wins). Returns how many were added, so callers know
 * whether the current URL might now resolve differently.
 */
export function registerPluginRoutes(router: Router, pages: readonly ContributedPage[]): number {
  let added = 0;
  for (const page of pages) {
    for (const record of routesOf(page)) {
      const name = String(record.name);
      if (router.hasRoute(name)) continue;
      const probe = record.path.replace(/:[A-Za-z]+/g, 'x');
      if (router.resolve(probe).name !== 'not-found') continue;
      router.addRoute(shellRouteName, record);
      added += 1;
    }
  }
  return added;
}
