import { describe, expect, it } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { i18n } from '../i18n/instance.ts';
import HomePage from './HomePage.vue';
import NotFoundPage from './NotFoundPage.vue';

describe('home page', () => {
  it('says what the product is, leaves room for sign-in and links to the system page', async () => {
    const { wrapper } = await mountPageInPanel(HomePage);
    expect(wrapper.get('h1').text()).toBe('Welcome to Pteronimbus');
    expect(wrapper.text()).toContain('Kubernetes');
    expect(wrapper.get('[data-testid="signin-slot"]').text()).toContain('Sign in');
    expect(wrapper.get('[data-testid="open-system"]').attributes('href')).toBe('/admin/system');
  });
});

describe('not found page', () => {
  it('names the missing path and offers the way home, in the current language', async () => {
    i18n.global.locale.value = 'es';
    const { wrapper } = await mountPageInPanel(NotFoundPage, { path: '/nowhere/else' });
    expect(wrapper.get('h1').text()).toBe('Página no encontrada');
    expect(wrapper.get('code').text()).toBe('/nowhere/else');
    expect(wrapper.get('a[href="/"]').text()).toContain('Volver a la página de inicio');
  });
});
