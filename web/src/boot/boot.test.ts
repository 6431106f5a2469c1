import { createPinia } from 'pinia';
import { Dark, Quasar } from 'quasar';
import { describe, expect, it } from 'vitest';
import { createApp } from 'vue';
import { i18n } from '../i18n/instance.ts';
import { localeStorageKey } from '../stores/locale.ts';
import { themeStorageKey } from '../stores/theme.ts';
import bootI18n from './i18n.ts';
import bootTheme from './theme.ts';

type BootParams = Parameters<typeof bootTheme>[0];

function bootParams(): BootParams {
  const app = createApp({});
  app.use(Quasar, {});
  return { app, store: createPinia() } as unknown as BootParams;
}

describe('boot files', () => {
  it('theme: applies the remembered theme before the app mounts', () => {
    localStorage.setItem(themeStorageKey, 'dark');
    void bootTheme(bootParams());
    expect(Dark.isActive).toBe(true);
    localStorage.setItem(themeStorageKey, 'light');
    void bootTheme(bootParams());
    expect(Dark.isActive).toBe(false);
  });

  it('i18n: installs vue-i18n in the remembered language', async () => {
    localStorage.setItem(localeStorageKey, 'es');
    const params = bootParams();
    await bootI18n(params);
    expect(i18n.global.locale.value).toBe('es');
    expect(params.app.config.globalProperties.$t('nav.home')).toBe('Inicio');
  });
});
