import { defineStore } from 'pinia';
import { Dark } from 'quasar';
import { computed, ref } from 'vue';
import { preferenceStorage } from './persisted.ts';

/** The choices the theme switch offers. */
export const themeModes = ['system', 'light', 'dark'] as const;

/** Light, dark, or whatever the operating system prefers. */
export type ThemeMode = (typeof themeModes)[number];

/** Where the choice is remembered. */
export const themeStorageKey = 'pn.theme';

function isThemeMode(value: unknown): value is ThemeMode {
  return typeof value === 'string' && (themeModes as readonly string[]).includes(value);
}

/** The remembered choice, or `system` when there is none (or it is unreadable). */
export function readThemeMode(): ThemeMode {
  const stored = preferenceStorage.get(themeStorageKey);
  return isThemeMode(stored) ? stored : 'system';
}

/** Applies a mode to the document through Quasar's Dark plugin. */
export function applyThemeMode(mode: ThemeMode): void {
  Dark.set(mode === 'system' ? 'auto' : mode === 'dark');
  // Native controls and scrollbars follow `color-scheme`; 'light dark' lets the UA decide.
  document.documentElement.style.colorScheme = mode === 'system' ? 'light dark' : mode;
}

/** The panel's colour theme. */
export const useThemeStore = defineStore('theme', () => {
  const mode = ref<ThemeMode>(readThemeMode());
  const isDark = computed(() => Dark.isActive);

  function setMode(next: ThemeMode): void {
    mode.value = next;
    preferenceStorage.set(themeStorageKey, next);
    applyThemeMode(next);
  }

  return { mode, isDark, setMode, apply: () => applyThemeMode(mode.value) };
});
