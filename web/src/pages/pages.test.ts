import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { superAdmin } from '../__fixtures__/session.ts';
import { useSessionStore } from '../stores/session.ts';
import { i18n } from '../i18n/instance.ts';
import HomePage from './HomePage.vue';
import NotFoundPage from './NotFoundPage.vue';

describe('home page', () => {
  it('says what the product is and that this core has no sign-in', async () => {
    const { wrapper } = await mountPageInPanel(HomePage);
    expect(wrapper.get('h1').text()).toBe('Welcome to Pteronimbus');
    expect(wrapper.text()).toContain('Kubernetes');
    expect(wrapper.get('[data-testid="session-summary"]').text()).toContain(
      'Sign-in is not set up',
    );
    expect(wrapper.find('[data-testid="open-templates"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="open-system"]').attributes('href')).toBe('/admin/system');
  });

  it('greets the signed-in super admin and leads to the template library', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const session = useSessionStore();
    session.user = { ...superAdmin };
    session.status = 'authenticated';
    const { wrapper } = await mountPageInPanel(HomePage, { pinia });
    const summary = wrapper.get('[data-testid="session-summary"]');
    expect(summary.text()).toContain('Signed in as Alice');
    expect(summary.text()).toContain('super admin');
    expect(wrapper.get('[data-testid="open-templates"]').attributes('href')).toBe(
      '/admin/templates',
    );
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
