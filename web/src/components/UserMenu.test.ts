import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { QLayout } from 'quasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { mountInPanel } from '../__fixtures__/mount.ts';
import { member, superAdmin } from '../__fixtures__/session.ts';
import type { Me } from '../api/types.ts';
import { useSessionStore } from '../stores/session.ts';
import AppHeader from './AppHeader.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

async function mountHeader(user: Me | null) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = useSessionStore();
  session.user = user;
  session.status = user === null ? 'anonymous' : 'authenticated';
  const host = defineComponent({
    setup: () => () =>
      h(QLayout, { view: 'hHh lpr fFf' }, () => h(AppHeader, { drawerExpanded: true })),
  });
  return mountInPanel(host, { pinia, path: '/admin/system' });
}

function inMenu(testId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
}

describe('user menu', () => {
  it('is absent until someone is signed in', async () => {
    const { wrapper } = await mountHeader(null);
    expect(wrapper.find('[data-testid="user-menu"]').exists()).toBe(false);
  });

  it('shows the avatar, the name and the super-admin badge', async () => {
    const { wrapper } = await mountHeader(superAdmin);
    const button = wrapper.get('[data-testid="user-menu"]');
    expect(button.attributes('aria-label')).toBe('Account of Alice');
    expect(button.get('[data-testid="avatar-image"]').attributes('src')).toBe(superAdmin.avatarUrl);
    await button.trigger('click');
    await flushPromises();
    expect(inMenu('user-name')?.textContent).toBe('Alice');
    expect(inMenu('super-admin-badge')?.textContent).toContain('Super admin');
    expect(inMenu('user-theme-dark')).not.toBeNull();
    expect(inMenu('user-language-fr')?.getAttribute('lang')).toBe('fr');
  });

  it('falls back to initials when the avatar cannot load, and has no badge for members', async () => {
    const { wrapper } = await mountHeader(member);
    await wrapper.get('[data-testid="avatar-image"]').trigger('error');
    expect(wrapper.get('[data-testid="avatar-initials"]').text()).toBe('BB');
    await wrapper.get('[data-testid="user-menu"]').trigger('click');
    await flushPromises();
    expect(inMenu('super-admin-badge')).toBeNull();
  });

  it('signs out at core and goes to the login page', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    const { wrapper, router } = await mountHeader(superAdmin);
    await wrapper.get('[data-testid="user-menu"]').trigger('click');
    await flushPromises();
    inMenu('logout')?.click();
    await flushPromises();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(fetch).toHaveBeenCalledWith('/auth/logout', expect.objectContaining({ method: 'POST' }));
    expect(useSessionStore().status).toBe('anonymous');
  });
});
