/**
 * `@pteronimbus/web/testing`: mount a plugin's components as the panel would, with its
 * messages merged, and answer core's API with fixtures.
 */
import { expect } from 'vitest';
import { i18n } from '../i18n/instance.ts';
import type { PluginLocale, PluginUi } from '../plugin-ui/define.ts';

export { mountInPanel, mountPageInPanel, mountRouteInPanel } from './mount.ts';
export { emptyRegistry, jsonResponse, registryWithPlugins } from './registry.ts';
export { i18n };

/** Merges a plugin's messages into the panel's, as the panel does when core has it loaded. */
export async function loadPluginMessages(
  ui: PluginUi,
  locales: readonly PluginLocale[] = ['en', 'de', 'fr', 'es'],
): Promise<void> {
  for (const locale of locales) {
    const { messages } = await ui.messages[locale]();
    i18n.global.mergeLocaleMessage(locale, { plugins: { [ui.plugin]: messages } } as never);
  }
}
export * from './templates.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (message: string) =>
  [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

/**
 * Checks a plugin's messages as the panel checks its own: every language has exactly the keys
 * of English, keeps its placeholders and plural forms, translates instead of copying (except
 * the keys listed per language), and every message renders.
 */
export async function expectCompleteMessages(
  ui: PluginUi,
  sameAsEnglish: Partial<Record<PluginLocale, readonly string[]>> = {},
): Promise<void> {
  const english = flatten((await ui.messages.en()).messages as Tree);
  for (const locale of ['de', 'fr', 'es'] as const) {
    const translated = flatten((await ui.messages[locale]()).messages as Tree);
    expect([...translated.keys()].sort(), locale).toEqual([...english.keys()].sort());
    const allowed = new Set(sameAsEnglish[locale] ?? []);
    const copies = [...english].filter(
      ([key, value]) => translated.get(key) === value && !allowed.has(key),
    );
    expect(
      copies.map(([key]) => key),
      locale,
    ).toEqual([]);
    for (const [key, value] of english) {
      const other = translated.get(key) ?? '';
      expect(placeholders(other), `${locale} ${key}`).toEqual(placeholders(value));
      expect(other.split('|').length, `${locale} ${key}`).toBe(value.split('|').length);
    }
  }
  await loadPluginMessages(ui);
  const previous = i18n.global.locale.value;
  try {
    for (const locale of ['en', 'de', 'fr', 'es'] as const) {
      i18n.global.locale.value = locale;
      for (const key of english.keys()) {
        const full = `plugins.${ui.plugin}.${key}`;
        const rendered = i18n.global.t(full, { n: 2, name: 'x', format: 'x' }, 2);
        expect(rendered, `${locale} ${full}`).not.toBe(full);
      }
    }
  } finally {
    i18n.global.locale.value = previous;
  }
}
