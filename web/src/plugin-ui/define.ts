import type { Component } from 'vue';

/** A component the panel imports only when it is shown: `() => import('./BackupsTab.vue')`. */
export type LazyComponent = () => Promise<Component | { default: Component }>;

/** A route below a contributed page, e.g. `:backupId` for one backup. */
export interface PluginSubpage {
  /** Path below the page, with `:params`, no leading slash. */
  path: string;
  /** Message key of the title (document title and last breadcrumb). */
  titleKey: string;
  component: LazyComponent;
}

/** The code of one contributed page. */
export interface PluginPageUi {
  component: LazyComponent;
  children?: PluginSubpage[];
}

/** Messages of one language, placed under `plugins.<pluginId>.` by the panel. */
export type PluginMessages = Record<string, unknown>;

/** The languages the panel ships; a plugin provides each. */
export type PluginLocale = 'en' | 'de' | 'fr' | 'es';

/**
 * What a plugin package's web entry declares. Keys of each map are the contribution ids the
 * plugin declares in its `capabilities.ui` (the registry says where and for whom; this says
 * with what code). Everything is lazy: the panel loads messages for the current language when
 * the plugin is loaded by core, and a page, tab, section or card when it is first shown.
 */
export interface PluginUiDefinition {
  /** The plugin's id, as in `definePlugin({ name })`. */
  plugin: string;
  messages: Record<PluginLocale, () => Promise<{ messages: PluginMessages }>>;
  tenantPages?: Record<string, PluginPageUi>;
  adminPages?: Record<string, PluginPageUi>;
  /** Rendered with props `tenantId`, `serverId` and `server`. */
  serverTabs?: Record<string, LazyComponent>;
  /** Rendered with prop `tenantId` on the tenant's settings page. */
  settingsSections?: Record<string, LazyComponent>;
  /** Rendered with prop `tenantId` on the tenant's dashboard. */
  dashboardCards?: Record<string, LazyComponent>;
}

/** A {@link PluginUiDefinition} the panel recognises. */
export interface PluginUi extends PluginUiDefinition {
  readonly [pluginUiBrand]: true;
}

const pluginUiBrand = Symbol.for('pteronimbus.plugin-ui');

/**
 * Declares a plugin's web UI. Export the value (named `<camelId>Ui`) from the module that
 * `package.json` names as `pteronimbus.web`.
 */
export function definePluginUi(definition: PluginUiDefinition): PluginUi {
  return Object.freeze({ ...definition, [pluginUiBrand]: true as const });
}

/** Whether a value came from {@link definePluginUi}. */
export function isPluginUi(value: unknown): value is PluginUi {
  return typeof value === 'object' && value !== null && pluginUiBrand in value;
}

/** The first {@link PluginUi} a module exports, if any. */
export function pluginUiOf(module: Record<string, unknown>): PluginUi | null {
  return (Object.values(module).find(isPluginUi) as PluginUi | undefined) ?? null;
}
