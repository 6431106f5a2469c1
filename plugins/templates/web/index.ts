import { definePluginUi } from '@pteronimbus/web/plugin';

/**
 * The templates library in the panel: one Discord server's library (its own templates and the
 * global ones) and the installation's, each with a detail page. Declared in the plugin's
 * `capabilities.ui` as the tenant page and the admin page `library`.
 */
export const templatesUi = definePluginUi({
  plugin: 'templates',
  messages: {
    en: () => import('./messages/en.ts'),
    de: () => import('./messages/de.ts'),
    fr: () => import('./messages/fr.ts'),
    es: () => import('./messages/es.ts'),
  },
  tenantPages: {
    library: {
      component: () => import('./pages/TenantTemplatesPage.vue'),
      children: [
        {
          path: ':templateId',
          titleKey: 'plugins.templates.detail.title',
          component: () => import('./pages/TenantTemplatePage.vue'),
        },
      ],
    },
  },
  adminPages: {
    library: {
      component: () => import('./pages/AdminTemplatesPage.vue'),
      children: [
        {
          path: ':templateId',
          titleKey: 'plugins.templates.detail.title',
          component: () => import('./pages/AdminTemplatePage.vue'),
        },
      ],
    },
  },
});
