import { flushPromises } from '@vue/test-utils';
import { Dark, QLayout } from 'quasar';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mountInPanel } from '../__fixtures__/mount.ts';
import { i18n } from '../i18n/instance.ts';
import { localeStorageKey } from '../stores/locale.ts';
import { themeStorageKey } from '../stores/theme.ts';
import AppHeader from './AppHeader.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

async function openMenu(testId: string) {
  const host = defineComponent({
    setup: () => () =>
      h(QLayout, { view: 'hHh lpr fFf' }, () => h(AppHeader, { drawerExpanded: true })),
  });
  const { wrapper } = await mountInPanel(host);
  await wrapper.get(`[data-testid="${testId}"]`).trigger('click');
  await flushPromises();
  return wrapper;
}

function menuItem(testId: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (item === null) throw new TypeError(`no ${testId} in the document`);
  return item;
}

describe('language switch', () => {
  it('offers every language by its own name and switches the panel', async () => {
    const wrapper = await openMenu('language-switch');
    expect(menuItem('language-de').textContent).toContain('Deutsch');
    expect(menuItem('language-de').getAttribute('lang')).toBe('de');
    expect(menuItem('language-en').getAttribute('aria-checked')).toBe('true');

    menuItem('language-de').click();
    await flushPromises();
    expect(i18n.global.locale.value).toBe('de');
    expect(localStorage.getItem(localeStorageKey)).toBe('de');
    expect(wrapper.get('[data-testid="language-switch"]').attributes('aria-label')).toBe('Sprache');
    expect(wrapper.get('[data-testid="drawer-toggle"]').attributes('aria-label')).toBe(
      'Navigation ein- oder ausblenden',
    );
  });
});

describe('theme switch', () => {
  it('offers system, light and dark, and remembers the choice', async () => {
    const wrapper = await openMenu('theme-switch');
    expect(menuItem('theme-system').getAttribute('aria-checked')).toBe('true');
    expect(menuItem('theme-dark').textContent).toContain('Dark');

    const iconBefore = wrapper.get('[data-testid="theme-switch"] svg').html();
    menuItem('theme-dark').click();
    await flushPromises();
    expect(Dark.isActive).toBe(true);
    expect(localStorage.getItem(themeStorageKey)).toBe('dark');
    expect(wrapper.get('[data-testid="theme-switch"] svg').html()).not.toBe(iconBefore);
  });
});
