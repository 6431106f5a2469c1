import type { Router } from 'vue-router';
import type { ContributedRoute } from '../stores/registry.ts';
import { shellRouteName } from './routes.ts';

/**
 * Adds a route inside the shell for each plugin contribution that does not collide with a
 * route the panel already has. Returns how many were added, so callers know whether the
 * current URL might now resolve differently.
 */
export function registerPluginRoutes(
  router: Router,
  contributed: readonly ContributedRoute[],
): number {
  let added = 0;
  for (const route of contributed) {
    if (!route.path.startsWith('/')) continue;
    const name = `plugin:${route.plugin}:${route.path}`;
    if (router.hasRoute(name)) continue;
    const existing = router.resolve(route.path);
    if (existing.name !== 'not-found') continue;
    router.addRoute(shellRouteName, {
      path: route.path,
      name,
      component: () => import('../pages/PluginPage.vue'),
      meta: { titleKey: route.titleKey, plugin: route.plugin },
    });
    added += 1;
  }
  return added;
}
