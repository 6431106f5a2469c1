import { createPinia, setActivePinia } from 'pinia';
import { Lang, Quasar } from 'quasar';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { i18n } from '../i18n/instance.ts';
import { localeStorageKey, readLocale, useLocaleStore } from './locale.ts';

beforeAll(() => {
  createApp({}).use(Quasar, {});
});

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('locale store', () => {
  it('uses the browser language when nothing is remembered', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-FR', 'en']);
    expect(readLocale()).toBe('fr');
  });

  it('prefers the remembered language over the browser', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-FR']);
    localStorage.setItem(localeStorageKey, 'es');
    expect(readLocale()).toBe('es');
  });

  it('switches messages, Quasar strings and the document language, and remembers', async () => {
    const store = useLocaleStore();
    await store.setLocale('de');
    expect(i18n.global.locale.value).toBe('de');
    expect(i18n.global.t('nav.home')).toBe('Start');
    expect(Lang.props.isoName).toBe('de-DE');
    expect(document.documentElement.lang).toBe('de');
    expect(localStorage.getItem(localeStorageKey)).toBe('de');
  });

  it('lets the last of two quick switches win', async () => {
    const store = useLocaleStore();
    const slow = store.setLocale('fr');
    const fast = store.setLocale('es');
    await Promise.all([slow, fast]);
    expect(i18n.global.locale.value).toBe('es');
    expect(Lang.props.isoName).toBe('es');
  });
});
