import { defineStore } from 'pinia';
import { Lang, type QuasarLanguage } from 'quasar';
import { ref } from 'vue';
import { i18n } from '../i18n/instance.ts';
import { isLocale, negotiateLocale, type Locale } from '../i18n/locales.ts';
import { preferenceStorage } from './persisted.ts';

/** Where the chosen language is remembered. */
export const localeStorageKey = 'pn.locale';

// Quasar's own strings (table pagination, date pickers) follow the panel's language. Loaded on
// demand so only the chosen pack is downloaded.
const quasarLanguagePacks: Record<Locale, () => Promise<{ default: QuasarLanguage }>> = {
  en: () => import('quasar/lang/en-US.js'),
  de: () => import('quasar/lang/de-DE.js'),
  fr: () => import('quasar/lang/fr.js'),
  es: () => import('quasar/lang/es.js'),
};

/** The remembered language, else the browser's best supported one, else English. */
export function readLocale(): Locale {
  const stored = preferenceStorage.get(localeStorageKey);
  if (isLocale(stored)) return stored;
  return negotiateLocale(globalThis.navigator?.languages ?? []);
}

/** The panel's display language. */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<Locale>(readLocale());

  async function apply(): Promise<void> {
    const target = locale.value;
    i18n.global.locale.value = target;
    const pack = await quasarLanguagePacks[target]();
    // A quicker later switch wins; do not let a slow import overwrite it.
    if (locale.value !== target) return;
    // Quasar's language files type `formatNumber`'s argument as required while `Lang.set`
    // expects it optional; the packs are Quasar's own, so the shapes match at runtime.
    Lang.set(pack.default as Parameters<typeof Lang.set>[0]);
    document.documentElement.lang = target;
  }

  async function setLocale(next: Locale): Promise<void> {
    locale.value = next;
    preferenceStorage.set(localeStorageKey, next);
    await apply();
  }

  return { locale, setLocale, apply };
});
