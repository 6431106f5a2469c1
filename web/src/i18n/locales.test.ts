import { describe, expect, it } from 'vitest';
import { i18n } from './instance.ts';
import {
  messages,
  nativeLanguageName,
  negotiateLocale,
  pluralRules,
  supportedLocales,
} from './locales.ts';

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

const english = flatten(messages.en as unknown as Tree);
const others = supportedLocales.filter((locale) => locale !== 'en');

// Words that are spelled the same in that language; anything else equal to English is an
// untranslated copy.
const sameAsEnglish: Record<string, ReadonlySet<string>> = {
  de: new Set([
    'app.name',
    'nav.system',
    'system.title',
    'system.core.version',
    'system.plugins.title',
    'system.plugins.name',
    'system.plugins.version',
  ]),
  fr: new Set([
    'app.name',
    'nav.administration',
    'system.core.version',
    'system.plugins.title',
    'system.plugins.version',
    'system.plugins.description',
    'system.plugins.permissions',
  ]),
  es: new Set(['app.name', 'system.plugins.title']),
};

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('locale completeness', () => {
  it.each(others)('%s has exactly the keys of en', (locale) => {
    const keys = [...flatten(messages[locale] as unknown as Tree).keys()].sort();
    expect(keys).toEqual([...english.keys()].sort());
  });

  it.each(others)('%s translates every message instead of copying English', (locale) => {
    const translated = flatten(messages[locale] as unknown as Tree);
    const copies = [...english].filter(
      ([key, value]) => translated.get(key) === value && !sameAsEnglish[locale]?.has(key),
    );
    expect(copies.map(([key]) => key)).toEqual([]);
  });

  it.each(others)('%s keeps the placeholders and plural forms of en', (locale) => {
    const translated = flatten(messages[locale] as unknown as Tree);
    for (const [key, value] of english) {
      const other = translated.get(key) ?? '';
      expect(placeholders(other), key).toEqual(placeholders(value));
      expect(other.split('|').length, key).toBe(value.split('|').length);
    }
  });

  it('fails for a locale that misses or adds a key', () => {
    const broken = { ...structuredClone(messages.de), extra: 'x' } as unknown as Tree;
    delete (broken.app as Tree).name;
    const keys = [...flatten(broken).keys()].sort();
    expect(keys).not.toEqual([...english.keys()].sort());
  });

  it.each(supportedLocales)('%s: every message compiles and renders', (locale) => {
    i18n.global.locale.value = locale;
    for (const key of english.keys()) {
      const rendered = i18n.global.t(key, { n: 2, time: '10:00', path: '/x', plugin: 'p' }, 2);
      expect(rendered, key).not.toBe(key);
      expect(rendered, key).not.toMatch(/[{}]/);
    }
  });
});

describe('plural rules', () => {
  it('uses the zero form for 0 and the CLDR rule otherwise', () => {
    expect(pluralRules.en(0, 3)).toBe(0);
    expect(pluralRules.en(1, 3)).toBe(1);
    expect(pluralRules.en(2, 3)).toBe(2);
    expect(pluralRules.fr(1, 3)).toBe(1);
    expect(pluralRules.fr(5, 3)).toBe(2);
    expect(pluralRules.de(1, 2)).toBe(0);
    expect(pluralRules.de(3, 2)).toBe(1);
  });

  it('renders counts in the language', () => {
    i18n.global.locale.value = 'de';
    expect(i18n.global.t('system.plugins.count', { n: 1 }, 1)).toBe('1 Plugin');
    expect(i18n.global.t('system.plugins.count', { n: 0 }, 0)).toBe('Keine Plugins');
    i18n.global.locale.value = 'fr';
    expect(i18n.global.t('system.plugins.permissionCount', { n: 3 }, 3)).toBe('3 permissions');
  });
});

describe('locale negotiation', () => {
  it('picks the first supported primary language', () => {
    expect(negotiateLocale(['pt-BR', 'fr-CA', 'de'])).toBe('fr');
    expect(negotiateLocale(['ES'])).toBe('es');
    expect(negotiateLocale(['ja', 'zh'])).toBe('en');
    expect(negotiateLocale([])).toBe('en');
  });

  it('names languages in their own language', () => {
    expect(nativeLanguageName('de')).toBe('Deutsch');
    expect(nativeLanguageName('fr')).toBe('Français');
    expect(nativeLanguageName('es')).toBe('Español');
    expect(nativeLanguageName('en')).toBe('English');
  });
});
