import type { PluralizationRule } from 'vue-i18n';
import { de } from './de/messages.ts';
import { en } from './en/messages.ts';
import { es } from './es/messages.ts';
import { fr } from './fr/messages.ts';
import type { MessageSchema } from './schema.ts';

/** Languages the panel ships complete translations for, English first as the fallback. */
export const supportedLocales = ['en', 'de', 'fr', 'es'] as const;

/** One of {@link supportedLocales}. */
export type Locale = (typeof supportedLocales)[number];

/** The fallback when nothing the browser asks for is supported. */
export const defaultLocale: Locale = 'en';

/** All messages, keyed by locale. */
export const messages: Record<Locale, MessageSchema> = { en, de, fr, es };

/** Narrows any string to a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLocales as readonly string[]).includes(value);
}

/**
 * Picks the best supported locale for a list of BCP 47 tags in preference order (as in
 * `navigator.languages`), matching on the primary language subtag.
 */
export function negotiateLocale(requested: readonly string[]): Locale {
  for (const tag of requested) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return defaultLocale;
}

/** A language's name in that language ("Deutsch", "Français"), as a language menu shows it. */
export function nativeLanguageName(locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * Messages with three forms read "zero | one | other". Zero is its own case in every locale we
 * ship; one and other follow the language's CLDR rule through `Intl.PluralRules`, so French
 * and English differ where they should.
 */
function pluralRuleFor(locale: Locale): PluralizationRule {
  const rules = new Intl.PluralRules(locale);
  return (choice, choicesLength) => {
    if (choicesLength === 2) return rules.select(choice) === 'one' ? 0 : 1;
    if (choice === 0) return 0;
    return rules.select(choice) === 'one' ? 1 : Math.min(2, choicesLength - 1);
  };
}

/** Plural rules per locale, for `createI18n`. */
export const pluralRules = Object.fromEntries(
  supportedLocales.map((locale) => [locale, pluralRuleFor(locale)]),
) as Record<Locale, PluralizationRule>;

const timeFormat = { hour: 'numeric', minute: '2-digit', second: '2-digit' } as const;
const longFormat = { dateStyle: 'medium', timeStyle: 'short' } as const;

/** Named `Intl.DateTimeFormat` options, the same in every locale. */
export const datetimeFormats = Object.fromEntries(
  supportedLocales.map((locale) => [locale, { time: timeFormat, long: longFormat }]),
) as Record<Locale, { time: typeof timeFormat; long: typeof longFormat }>;
