import { createI18n } from 'vue-i18n';
import { datetimeFormats, defaultLocale, messages, pluralRules } from './locales.ts';
import './schema.ts';

/**
 * The panel's one i18n instance. Stores import it directly because they live outside
 * component setup, where `useI18n()` is not available.
 */
export const i18n = createI18n({
  legacy: false,
  locale: defaultLocale,
  fallbackLocale: defaultLocale,
  messages,
  datetimeFormats,
  pluralRules,
});
