import type { RouteRecordRaw } from 'vue-router';
import './meta.ts';

/** Name of the layout route that every page, core or plugin, renders inside. */
export const shellRouteName = 'shell';

/**
 * The panel's own routes. Every page is lazy; the catch-all stays last. Pages plugins contribute
 * are added inside the shell once the registry says which are loaded (`pluginRoutes.ts`).
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../pages/LoginPage.vue'),
    meta: { titleKey: 'login.title', guestOnly: true },
  },
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
        path: 'admin/limits',
        name: 'admin-limits',
        component: () => import('../pages/AdminLimitsPage.vue'),
        meta: {
          titleKey: 'limits.title',
          breadcrumbs: [
            { titleKey: 'nav.administration', to: '/admin' },
            { titleKey: 'limits.nav' },
          ],
        },
      },
      {
        path: 'tenants',
        name: 'tenants',
        component: () => import('../pages/TenantsPage.vue'),
        meta: { titleKey: 'tenants.title' },
      },
      {
        path: 't/:tenantId',
        name: 'tenant-dashboard',
        component: () => import('../pages/TenantDashboardPage.vue'),
        meta: {
          titleKey: 'tenants.nav.dashboard',
          breadcrumbs: [
            { titleKey: 'tenants.title', to: '/tenants' },
            { titleKey: 'tenants.nav.dashboard' },
          ],
        },
      },
      {
        path: 't/:tenantId/servers',
        name: 'tenant-servers',
        component: () => import('../pages/TenantServersPage.vue'),
        meta: {
          titleKey: 'servers.nav',
          breadcrumbs: [{ titleKey: 'tenants.title', to: '/tenants' }, { titleKey: 'servers.nav' }],
        },
      },
      {
        path: 't/:tenantId/servers/new',
        name: 'tenant-server-new',
        component: () => import('../pages/TenantServerCreatePage.vue'),
        meta: {
          titleKey: 'servers.wizard.title',
          breadcrumbs: [
            { titleKey: 'tenants.title', to: '/tenants' },
            { titleKey: 'servers.nav' },
            { titleKey: 'servers.wizard.title' },
          ],
        },
      },
      {
        path: 't/:tenantId/access',
        name: 'tenant-access',
        component: () => import('../pages/TenantAccessPage.vue'),
        meta: {
          titleKey: 'tenants.nav.access',
          breadcrumbs: [
            { titleKey: 'tenants.title', to: '/tenants' },
            { titleKey: 'tenants.nav.access' },
          ],
        },
      },
      {
        path: 't/:tenantId/servers/:serverId',
        name: 'tenant-server',
        component: () => import('../pages/ServerPage.vue'),
        meta: {
          titleKey: 'server.title',
          breadcrumbs: [
            { titleKey: 'tenants.title', to: '/tenants' },
            { titleKey: 'servers.nav', to: '/t/:tenantId/servers' },
            { titleKey: 'server.title' },
          ],
        },
      },
      {
        path: 't/:tenantId/audit',
        name: 'tenant-audit',
        component: () => import('../pages/TenantAuditPage.vue'),
        meta: {
          titleKey: 'tenants.nav.audit',
          breadcrumbs: [
            { titleKey: 'tenants.title', to: '/tenants' },
            { titleKey: 'tenants.nav.audit' },
          ],
        },
      },
      {
        path: 't/:tenantId/settings',
        name: 'tenant-settings',
        component: () => import('../pages/TenantSettingsPage.vue'),
        meta: {
          titleKey: 'tenants.nav.settings',
          breadcrumbs: [
            { titleKey: 'tenants.title', to: '/tenants' },
            { titleKey: 'tenants.nav.settings' },
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
