import type { RouteRecordRaw } from 'vue-router';
import './meta.ts';

/** Name of the layout route that every page, core or plugin, renders inside. */
export const shellRouteName = 'shell';

/** The panel's own routes. Every page is lazy; the catch-all stays last. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: shellRouteName,
    component: () => import('../layouts/MainLayout.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('../pages/HomePage.vue'),
        meta: { titleKey: 'nav.home' },
      },
      { path: 'admin', redirect: { name: 'admin-system' } },
      {
        path: 'admin/system',
        name: 'admin-system',
        component: () => import('../pages/SystemPage.vue'),
        meta: {
          titleKey: 'system.title',
          breadcrumbs: [
            { titleKey: 'nav.administration', to: '/admin' },
            { titleKey: 'nav.system' },
          ],
        },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../pages/NotFoundPage.vue'),
        meta: { titleKey: 'notFound.title' },
      },
    ],
  },
];
