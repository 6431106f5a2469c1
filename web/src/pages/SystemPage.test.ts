import { flushPromises } from '@vue/test-utils';
import { Screen } from 'quasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { emptyRegistry, jsonResponse, registryWithPlugins } from '../__fixtures__/registry.ts';
import { i18n } from '../i18n/instance.ts';
import SystemPage from './SystemPage.vue';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function mountPage() {
  const { wrapper } = await mountPageInPanel(SystemPage, { path: '/admin/system' });
  return wrapper;
}

afterEach(() => {
  document.body.innerHTML = '';
  Screen.setSizes({});
});

describe('system page', () => {
  it('shows skeletons, not a blank page, while the registry loads', async () => {
    const answer = deferred<Response>();
    vi.stubGlobal(
      'fetch',
      vi.fn(() => answer.promise),
    );
    const wrapper = await mountPage();

    expect(wrapper.find('[data-testid="state-loading"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="state-loading"]').attributes('role')).toBe('status');
    expect(wrapper.findAll('.q-skeleton').length).toBeGreaterThan(4);
    expect(wrapper.find('h1').text()).toBe('System');

    answer.resolve(jsonResponse(registryWithPlugins));
    await flushPromises();
    expect(wrapper.find('[data-testid="state-loading"]').exists()).toBe(false);
  });

  it('lists the plugins in a table with version, description, dependencies and permissions', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(registryWithPlugins)),
    );
    const wrapper = await mountPage();
    await flushPromises();

    const rows = wrapper.findAll('[data-testid="plugin-row"]');
    expect(rows).toHaveLength(3);
    const backups = rows[1];
    expect(backups?.find('th').text()).toBe('backups');
    expect(backups?.text()).toContain('0.2.1');
    expect(backups?.text()).toContain('Snapshots of server volumes to object storage.');
    expect(backups?.findAll('.pn-deps__item').map((item) => item.text())).toEqual([
      'rbac',
      'scheduler',
    ]);
    expect(backups?.text()).toContain('3 permissions');
    expect(rows[2]?.text()).toContain('No description provided.');
    expect(rows[2]?.text()).toContain('1 permission');
    expect(rows[0]?.text()).toContain('No permissions');

    expect(wrapper.get('[data-testid="plugin-count"]').text()).toBe('3 plugins');
    expect(wrapper.get('[data-testid="core-summary"]').text()).toContain('v1');
    expect(wrapper.get('[data-testid="updated-at"]').text()).toMatch(/^Updated at /);
    expect(wrapper.find('[data-testid="plugin-cards"]').exists()).toBe(false);
  });

  it('shows cards instead of a table at phone width', async () => {
    Screen.setSizes({});
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(registryWithPlugins)),
    );
    const wrapper = await mountPage();
    Screen.lt.sm = true;
    await flushPromises();

    expect(wrapper.findAll('[data-testid="plugin-card"]')).toHaveLength(3);
    expect(wrapper.find('[data-testid="plugin-table"]').exists()).toBe(false);
  });

  it('explains the empty state and what to do next', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(emptyRegistry)),
    );
    const wrapper = await mountPage();
    await flushPromises();

    const empty = wrapper.get('[data-testid="state-empty"]');
    expect(empty.get('h2').text()).toBe('No plugins loaded');
    expect(empty.text()).toContain('PTERONIMBUS_PLUGINS');
    expect(wrapper.find('[data-testid="plugin-table"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="plugin-count"]').text()).toBe('No plugins');
  });

  it('shows the error with its code and request id, and retries', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(
        jsonResponse(
          { error: { code: 'PN_REGISTRY_UNAVAILABLE', message: 'Plugins are still loading.' } },
          503,
          'req-abc',
        ),
      )
      .mockResolvedValueOnce(jsonResponse(registryWithPlugins));
    vi.stubGlobal('fetch', fetch);
    const wrapper = await mountPage();
    await flushPromises();

    const error = wrapper.get('[data-testid="state-error"]');
    expect(error.attributes('role')).toBe('alert');
    expect(error.text()).toContain('Plugins are still loading.');
    expect(error.get('[data-testid="error-code"]').text()).toBe('PN_REGISTRY_UNAVAILABLE');
    expect(error.get('[data-testid="error-request-id"]').text()).toBe('req-abc');

    await error.get('[data-testid="retry"]').trigger('click');
    await flushPromises();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(wrapper.find('[data-testid="state-error"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="plugin-row"]')).toHaveLength(3);
  });

  it('translates the panel’s own errors and omits a request id it never got', async () => {
    i18n.global.locale.value = 'fr';
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const wrapper = await mountPage();
    await flushPromises();

    const error = wrapper.get('[data-testid="state-error"]');
    expect(error.text()).toContain('Le panneau n’a pas pu joindre le cœur.');
    expect(error.get('[data-testid="error-code"]').text()).toBe('PN_WEB_NETWORK');
    expect(error.find('[data-testid="error-request-id"]').exists()).toBe(false);
  });

  it('keeps the data on screen while refreshing', async () => {
    const second = deferred<Response>();
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(jsonResponse(registryWithPlugins))
      .mockReturnValueOnce(second.promise);
    vi.stubGlobal('fetch', fetch);
    const wrapper = await mountPage();
    await flushPromises();

    await wrapper.get('[data-testid="refresh"]').trigger('click');
    expect(wrapper.find('[data-testid="state-loading"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="plugin-row"]')).toHaveLength(3);
    second.resolve(jsonResponse(emptyRegistry));
    await flushPromises();
    expect(wrapper.find('[data-testid="state-empty"]').exists()).toBe(true);
  });
});
