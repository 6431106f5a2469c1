import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import type { UiCapabilities, UiContribution, UiPageContribution } from '../api/types.ts';
import { i18n } from '../i18n/instance.ts';
import { useRegistryStore, type LoadStatus } from '../stores/registry.ts';
import { pluginUiOf, type LazyComponent, type PluginPageUi, type PluginUi } from './define.ts';
import { pluginUiSources } from './sources.ts';

/** A contribution the registry declares and an installed package ships the code for. */
export interface ContributedUi<C = LazyComponent> extends UiContribution {
  plugin: string;
  code: C;
}

/** A contributed page, with where it lives. */
export interface ContributedPage extends ContributedUi<PluginPageUi>, UiPageContribution {
  area: 'tenant' | 'admin';
}

type Kind = keyof UiCapabilities;

/**
 * Plugin web UI: the registry says which plugins core loaded and what each contributes; the
 * build says which installed packages ship code for them. Only what both say is shown.
 */
export const usePluginUiStore = defineStore('pluginUi', () => {
  const registry = useRegistryStore();
  const modules = shallowRef<ReadonlyMap<string, PluginUi>>(new Map());
  const status = shallowRef<LoadStatus>('idle');
  const merged = new Set<string>();
  let loading: Promise<void> | null = null;

  async function mergeMessages(
    locale: string,
    uis: Iterable<PluginUi> = modules.value.values(),
  ): Promise<void> {
    await Promise.all(
      [...uis].map(async (ui) => {
        const key = `${ui.plugin}:${locale}`;
        const loader = ui.messages[locale as keyof PluginUi['messages']] ?? ui.messages.en;
        if (merged.has(key)) return;
        merged.add(key);
        try {
          const { messages } = await loader();
          i18n.global.mergeLocaleMessage(locale, { plugins: { [ui.plugin]: messages } } as never);
        } catch (cause) {
          merged.delete(key);
          console.warn(`messages of plugin ${ui.plugin} (${locale}) did not load`, cause);
        }
      }),
    );
  }

  async function importAll(): Promise<void> {
    await registry.ensureLoaded();
    if (registry.status !== 'ready') {
      // Nothing to match against yet; the next caller tries again.
      loading = null;
      status.value = 'idle';
      return;
    }
    const wanted = registry.plugins.filter((plugin) => pluginUiSources[plugin.name] !== undefined);
    const loaded = await Promise.all(
      wanted.map(async (plugin) => {
        try {
          const ui = pluginUiOf(await pluginUiSources[plugin.name]!.load());
          return ui?.plugin === plugin.name ? ui : null;
        } catch (cause) {
          // One broken package must not take the panel down: its contributions stay hidden.
          console.warn(`web UI of plugin ${plugin.name} did not load`, cause);
          return null;
        }
      }),
    );
    const next = new Map<string, PluginUi>();
    for (const ui of loaded) if (ui !== null) next.set(ui.plugin, ui);
    // English is the fallback of every other language, so it is always there. Messages come
    // first: labels are read once the contributions appear.
    await Promise.all([
      mergeMessages('en', next.values()),
      mergeMessages(i18n.global.locale.value, next.values()),
    ]);
    modules.value = next;
    status.value = 'ready';
  }

  /** Loads each loaded plugin's web entry and its messages; later calls share the first. */
  function ensureLoaded(): Promise<void> {
    if (loading === null) {
      status.value = 'loading';
      loading = importAll();
    }
    return loading;
  }

  watch(
    () => i18n.global.locale.value,
    (locale) => {
      if (modules.value.size > 0) void mergeMessages(locale);
    },
  );

  function contributions(kind: Exclude<Kind, 'tenantPages' | 'adminPages'>) {
    return computed<ContributedUi[]>(() =>
      registry.plugins.flatMap((plugin) => {
        const ui = modules.value.get(plugin.name);
        if (ui === undefined) return [];
        return (plugin.capabilities.ui?.[kind] ?? []).flatMap((item) => {
          const code = ui[kind]?.[item.id];
          return code === undefined ? [] : [{ ...item, plugin: plugin.name, code }];
        });
      }),
    );
  }

  function pages(kind: 'tenantPages' | 'adminPages') {
    return computed<ContributedPage[]>(() =>
      registry.plugins.flatMap((plugin) => {
        const ui = modules.value.get(plugin.name);
        if (ui === undefined) return [];
        return (plugin.capabilities.ui?.[kind] ?? []).flatMap((item) => {
          const code = ui[kind]?.[item.id];
          if (code === undefined) return [];
          const area = kind === 'tenantPages' ? ('tenant' as const) : ('admin' as const);
          return [{ ...item, plugin: plugin.name, code, area }];
        });
      }),
    );
  }

  return {
    status,
    modules,
    ensureLoaded,
    tenantPages: pages('tenantPages'),
    adminPages: pages('adminPages'),
    serverTabs: contributions('serverTabs'),
    settingsSections: contributions('settingsSections'),
    dashboardCards: contributions('dashboardCards'),
  };
});
