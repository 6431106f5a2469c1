import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse, registryWithPlugins } from '../__fixtures__/registry.ts';
import { answerAsMember } from '../__fixtures__/tenant.ts';
import TenantDashboardPage from '../pages/TenantDashboardPage.vue';
import TenantSettingsPage from '../pages/TenantSettingsPage.vue';

// The build found one plugin package with web UI: the backups plugin the registry lists. It
// contributes a settings section (needs backup.read) and a dashboard card (needs nothing).
vi.mock('./sources.ts', () => import('../__fixtures__/pluginUi.ts'));

function answer(permissions: string[]) {
  return answerAsMember(
    (url) => {
      if (url.pathname === '/api/v1/registry') return jsonResponse(registryWithPlugins);
      if (url.pathname === '/api/v1/tenants/100/settings') return jsonResponse({});
      if (/^\/api\/v1\/tenants\/100\/(channels|clusters)$/.test(url.pathname))
        return jsonResponse({ items: [] });
      return undefined;
    },
    { permissions, admin: true, owner: true },
  );
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('plugin sections and cards', () => {
  it('puts a plugin’s settings section on the settings page, under its own heading', async () => {
    answer(['tenant.settings.manage', 'backup.read']);
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="backups-retention"]').exists()).toBe(true),
    );
    const section = wrapper.get('[data-testid="plugin-section-backups-retention"]');
    expect(section.get('h2').text()).toBe('Backups: retention');
    expect(section.text()).toContain('Keep 7 of 100');
  });

  it('leaves the section out for those without its permission', async () => {
    answer(['tenant.settings.manage']);
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="settings-form"]').exists()).toBe(true),
    );
    await flushPromises();
    expect(wrapper.find('[data-testid="plugin-section-backups-retention"]').exists()).toBe(false);
  });

  it('shows a plugin’s dashboard card, and lists its page among the quick links', async () => {
    answer(['backup.read']);
    const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="backups-latest"]').exists()).toBe(true),
    );
    expect(wrapper.get('[data-testid="plugin-card-backups-latest"] h2').text()).toBe(
      'Backups: latest',
    );
    const links = wrapper.findAll('[data-testid="quick-link"]');
    expect(links.map((link) => link.attributes('href'))).toContain('/t/100/backups');
  });
});
