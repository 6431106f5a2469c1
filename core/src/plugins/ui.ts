import type { Plugin, UiContribution, UiPageContribution } from '@pteronimbus/sdk';
import { PluginInvalid } from '../errors/codes.ts';

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PAGE_PATH = /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*$/;

const KINDS = [
  'tenantPages',
  'adminPages',
  'serverTabs',
  'settingsSections',
  'dashboardCards',
] as const;

/**
 * Checks a plugin's web UI contributions before anything is mounted: ids and page paths are
 * well formed and unique, and every permission one names is in the catalog. The panel hides a
 * contribution from users who lack its permission; a key nobody declares would hide it from
 * everyone, or point at a check that core never makes.
 */
export function checkUiContributions(plugin: Plugin<never>, catalog: ReadonlySet<string>): void {
  const ui = plugin.capabilities?.ui;
  if (ui === undefined) return;
  for (const kind of KINDS) {
    const seen = new Set<string>();
    for (const item of (ui[kind] ?? []) as UiContribution[]) {
      const where = `ui.${kind} "${item.id}"`;
      if (typeof item.id !== 'string' || !ID.test(item.id))
        throw PluginInvalid(plugin.name, `${where} needs a kebab-case id`);
      if (seen.has(item.id)) throw PluginInvalid(plugin.name, `${where} is declared twice`);
      seen.add(item.id);
      if (typeof item.titleKey !== 'string' || item.titleKey === '')
        throw PluginInvalid(plugin.name, `${where} needs a titleKey`);
      if (item.permission !== undefined && !catalog.has(item.permission))
        throw PluginInvalid(
          plugin.name,
          `${where} needs permission ${item.permission}, which no loaded plugin or core declares`,
        );
      if (kind === 'tenantPages' || kind === 'adminPages') {
        const { path } = item as UiPageContribution;
        if (typeof path !== 'string' || !PAGE_PATH.test(path))
          throw PluginInvalid(
            plugin.name,
            `${where} needs a path of lower-case segments without a leading slash`,
          );
      }
    }
  }
}
