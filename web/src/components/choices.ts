import { computed, type ComputedRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { nativeLanguageName, supportedLocales } from '../i18n/locales.ts';
import { themeModes, type ThemeMode } from '../stores/theme.ts';
import { icons } from './icons.ts';
import type { RadioOption } from './RadioItems.vue';

/** The icon of each theme mode, wherever a theme is shown or picked. */
export const themeIcons: Record<ThemeMode, string> = {
  system: icons.contrast,
  light: icons.lightMode,
  dark: icons.darkMode,
};

/** The theme modes as menu choices, labelled in the current language. */
export function useThemeOptions(): ComputedRef<RadioOption[]> {
  const { t } = useI18n();
  return computed(() =>
    themeModes.map((mode) => ({ value: mode, label: t(`theme.${mode}`), icon: themeIcons[mode] })),
  );
}

/** The supported languages as menu choices, each named in its own language. */
export const languageOptions: readonly RadioOption[] = supportedLocales.map((locale) => ({
  value: locale,
  label: nativeLanguageName(locale),
  lang: locale,
}));
