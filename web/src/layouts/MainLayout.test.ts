import { flushPromises } from '@vue/test-utils';
import { Screen } from 'quasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { RouterView } from 'vue-router';
import { mountInPanel } from '../__fixtures__/mount.ts';
import { emptyRegistry, jsonResponse, registryWithPlugins } from '../__fixtures__/registry.ts';
import type { Registry } from '../api/types.ts';

// The build found one plugin package with web UI: the backups plugin the registry lists.
vi.mock('../plugin-ui/sources.ts', () => import('../__fixtures__/pluginUi.ts'));

/** Core's answers for tenant 100, with the given registry and the caller's permissions there. */
function tenantAnswers(registry: Registry, permissions: string[]) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const path = new URL(input, 'http://panel.test').pathname;
      if (path === '/api/v1/registry') return jsonResponse(registry);
      if (path === '/api/v1/tenants') {
        return jsonResponse({
          items: [{ id: '100', name: 'Creepers', displayName: 'Creepers', iconUrl: null }],
        });
      }
      if (path === '/api/v1/tenants/100') {
        return jsonResponse({
          id: '100',
          name: 'Creepers',
          displayName: 'Creepers',
          iconUrl: null,
          installedAt: '2026-01-01T00:00:00.000Z',
        });
      }
      if (path === '/api/v1/tenants/100/permissions/me') {
        return jsonResponse({ member: true, admin: false, permissions, servers: {} });
      }
      return new Promise<Response>(() => undefined);
    }),
  );
}

// The layout is the shell route's component; mount the router view so its children render.
const Root = defineComponent({ setup: () => () => h(RouterView) });

afterEach(async () => {
  // QLayout ends its drawer animation on a 155 ms timer that touches `document`; let it run
  // while the test's document still exists, or it fires after the environment is gone.
  await new Promise((resolve) => setTimeout(resolve, 200));
  document.body.innerHTML = '';
  Screen.setSizes({});
});

describe('main layout', () => {
  it('renders the header, a skip link to the content and the core navigation', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(emptyRegistry)),
    );
    const { wrapper } = await mountInPanel(Root, { path: '/admin/system' });
    await flushPromises();

    expect(wrapper.get('header').text()).toContain('Pteronimbus');
    const skip = wrapper.get('[data-testid="skip-link"]');
    expect(skip.attributes('href')).toBe('#pn-main');
    expect(wrapper.find('#pn-main').exists()).toBe(true);
    expect(skip.text()).toBe('Skip to content');

    const nav = wrapper.get('nav[aria-label="Main navigation"]');
    expect(nav.find('[data-testid="nav-home"]').text()).toContain('Home');
    expect(nav.find('[data-testid="nav-admin-system"]').classes()).toContain(
      'pn-nav__item--active',
    );
    expect(wrapper.find('[data-testid^="nav-plugin:"]').exists()).toBe(false);

    const crumbs = wrapper.get('nav[aria-label="Breadcrumb"]');
    expect(crumbs.findAll('li > a, li > span').map((crumb) => crumb.text())).toEqual([
      'Administration',
      'System',
    ]);
    expect(crumbs.get('[aria-current="page"]').text()).toBe('System');
  });

  it('lists a plugin’s tenant page in the drawer with the plugin’s label', async () => {
    tenantAnswers(registryWithPlugins, ['backup.read']);
    const { wrapper } = await mountInPanel(Root, { path: '/t/100' });
    await flushPromises();

    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="nav-plugin:backups:tenant:list"]').exists()).toBe(true),
    );
    const item = wrapper.get('[data-testid="nav-plugin:backups:tenant:list"]');
    expect(item.text()).toContain('Backups');
    expect(item.attributes('href')).toBe('/t/100/backups');
  });

  it('marks a plugin’s page locked for those without its permission', async () => {
    tenantAnswers(registryWithPlugins, []);
    const { wrapper } = await mountInPanel(Root, { path: '/t/100' });
    await flushPromises();

    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="nav-plugin:backups:tenant:list"]').exists()).toBe(true),
    );
    const item = wrapper.get('[data-testid="nav-plugin:backups:tenant:list"]');
    expect(item.attributes('href')).toBeUndefined();
    expect(item.text()).toContain('Needs the backup.read permission');
  });

  it('resolves a deep link to a plugin page once its code arrives, and renders it', async () => {
    tenantAnswers(registryWithPlugins, ['backup.read']);
    const { wrapper, router } = await mountInPanel(Root, { path: '/t/100/backups' });
    expect(router.currentRoute.value.name).toBe('not-found');
    // Until the plugin's code is known the page waits instead of saying "not found".
    expect(wrapper.find('[data-testid="plugin-ui-loading"]').exists()).toBe(true);
    expect(wrapper.text()).not.toContain('Page not found');
    await flushPromises();
    await vi.waitFor(() =>
      expect(router.currentRoute.value.name).toBe('plugin:backups:tenant:list'),
    );
    await vi.waitFor(() =>
      expect(wrapper.find('[data-testid="backups-page"]').exists()).toBe(true),
    );
  });

  it('collapses the drawer to icons on wide screens', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(emptyRegistry)),
    );
    Screen.setSizes({});
    const { wrapper } = await mountInPanel(Root, { path: '/' });
    await flushPromises();
    const toggle = wrapper.get('[data-testid="drawer-toggle"]');
    const wide = Screen.width > 1023;
    expect(toggle.attributes('aria-expanded')).toBe(wide ? 'true' : 'false');
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe(wide ? 'false' : 'true');
  });
});

describe('main layout in a tenant', () => {
  it('puts the tenant switcher and the tenant’s pages at the top of the drawer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string) => {
        const path = new URL(input, 'http://panel.test').pathname;
        if (path === '/api/v1/registry') return jsonResponse(emptyRegistry);
        if (path === '/api/v1/tenants') {
          return jsonResponse({
            items: [
              { id: '100', name: 'Creepers', displayName: 'Creepers', iconUrl: null },
              { id: '300', name: 'Builders', displayName: 'Builders', iconUrl: null },
            ],
          });
        }
        if (path === '/api/v1/tenants/100') {
          return jsonResponse({
            id: '100',
            name: 'Creepers',
            displayName: 'Creepers',
            iconUrl: null,
            installedAt: '2026-01-01T00:00:00.000Z',
          });
        }
        if (path === '/api/v1/tenants/100/permissions/me') {
          return jsonResponse({ member: true, admin: false, permissions: [], servers: {} });
        }
        return new Promise<Response>(() => undefined);
      }),
    );
    const { wrapper } = await mountInPanel(Root, { path: '/t/100' });
    await flushPromises();

    expect(wrapper.get('[data-testid="tenant-switcher-name"]').text()).toBe('Creepers');
    expect(wrapper.get('[data-testid="tenant-switcher-button"]').attributes('aria-label')).toBe(
      'Current Discord server: Creepers. Switch server',
    );
    const overview = wrapper.get('[data-testid="nav-tenant-dashboard"]');
    expect(overview.attributes('href')).toBe('/t/100');
    expect(overview.classes()).toContain('pn-nav__item--active');
    expect(wrapper.text()).toContain('This Discord server');
  });
});
