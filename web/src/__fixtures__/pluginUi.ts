import { vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { definePluginUi } from '../plugin-ui/define.ts';

// A plugin package with web UI, as the build would find one: the `backups` plugin of
// `registryWithPlugins`, with a page, a server tab, a settings section and a dashboard card.
// Tests mock the build's sources with it: vi.mock('../plugin-ui/sources.ts', ...).

const labelled = (testId: string, text: (props: Record<string, unknown>) => string) =>
  defineComponent({
    props: {
      tenantId: { type: String, default: '' },
      serverId: { type: String, default: '' },
      server: { type: Object, default: null },
    },
    setup: (props) => () => h('p', { 'data-testid': testId }, text(props)),
  });

/** The tab's loader: tests check it runs only once the tab opens. */
export const loadBackupsTab = vi.fn(async () =>
  labelled('backups-tab', (props) => `Backups of ${String(props.serverId)}`),
);

const messages = (nav: string) => async () => ({
  messages: { nav, tab: nav, retention: `${nav}: retention`, latest: `${nav}: latest` },
});

export const backupsUi = definePluginUi({
  plugin: 'backups',
  messages: {
    en: messages('Backups'),
    de: messages('Sicherungen'),
    fr: messages('Sauvegardes'),
    es: messages('Copias'),
  },
  tenantPages: {
    list: {
      component: async () => labelled('backups-page', () => `Backups page`),
    },
  },
  serverTabs: { backups: loadBackupsTab },
  settingsSections: {
    retention: async () =>
      labelled('backups-retention', (props) => `Keep 7 of ${String(props.tenantId)}`),
  },
  dashboardCards: {
    latest: async () =>
      labelled('backups-latest', (props) => `Latest of ${String(props.tenantId)}`),
  },
});

/** What the build would generate with the backups package installed. */
export const pluginUiSources = {
  backups: {
    packageName: '@example/pteronimbus-plugin-backups',
    version: '0.2.1',
    load: async () => ({ backupsUi }),
  },
};
