import { createPinia, setActivePinia } from 'pinia';
import { Dark, Quasar } from 'quasar';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from 'vue';
import { readThemeMode, themeStorageKey, useThemeStore } from './theme.ts';

beforeAll(() => {
  // Dark needs Quasar installed once, as the boot sequence does.
  createApp({}).use(Quasar, {});
});

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('theme store', () => {
  it('follows the system when nothing is remembered', () => {
    expect(readThemeMode()).toBe('system');
    expect(useThemeStore().mode).toBe('system');
  });

  it('remembers an explicit choice and applies it', () => {
    const store = useThemeStore();
    store.setMode('dark');
    expect(localStorage.getItem(themeStorageKey)).toBe('dark');
    expect(Dark.isActive).toBe(true);
    expect(store.isDark).toBe(true);
    expect(document.body.classList.contains('body--dark')).toBe(true);
    expect(document.documentElement.style.colorScheme).toBe('dark');

    store.setMode('light');
    expect(Dark.isActive).toBe(false);
    expect(document.body.classList.contains('body--light')).toBe(true);
  });

  it('restores the remembered choice in a new session', () => {
    localStorage.setItem(themeStorageKey, 'dark');
    const store = useThemeStore();
    expect(store.mode).toBe('dark');
    store.apply();
    expect(Dark.isActive).toBe(true);
  });

  it('hands "system" to Quasar as auto', () => {
    useThemeStore().setMode('system');
    expect(Dark.mode).toBe('auto');
    expect(document.documentElement.style.colorScheme).toBe('light dark');
  });

  it('ignores a garbled stored value', () => {
    localStorage.setItem(themeStorageKey, 'sepia');
    expect(readThemeMode()).toBe('system');
  });

  it('still switches when storage is unavailable', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(readThemeMode()).toBe('system');
    const store = useThemeStore();
    store.setMode('dark');
    expect(Dark.isActive).toBe(true);
  });
});
