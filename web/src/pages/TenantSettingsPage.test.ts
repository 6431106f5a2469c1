import { flushPromises } from '@vue/test-utils';
import { QSelect } from 'quasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel, mountRouteInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import { answerAsMember, type FetchHandler } from '../__fixtures__/tenant.ts';
import { useTenantStore } from '../stores/tenant.ts';
import TenantSettingsPage from './TenantSettingsPage.vue';

const channels = [
  { id: '30001', name: 'general', kind: 'text', category: null },
  { id: '30002', name: 'server-status', kind: 'announcement', category: 'Games' },
];
const clusters = [
  { id: 'eu-1', name: 'Frankfurt', connected: true },
  { id: 'us-2', name: 'us-2', connected: false },
];

function answer(handler: FetchHandler, options: { permissions?: string[]; owner?: boolean } = {}) {
  return answerAsMember(
    (url, init) => {
      const own = handler(url, init);
      if (own !== undefined) return own;
      if (url.pathname === '/api/v1/tenants/100/channels') return jsonResponse({ items: channels });
      if (url.pathname === '/api/v1/tenants/100/clusters') return jsonResponse({ items: clusters });
      return undefined;
    },
    {
      permissions: options.permissions ?? ['tenant.settings.manage'],
      admin: true,
      owner: options.owner ?? true,
    },
  );
}

const settingsUrl = (url: URL) => url.pathname === '/api/v1/tenants/100/settings';
const calls = (fetch: ReturnType<typeof answer>, method: string) =>
  fetch.mock.calls.filter(
    ([input, init]) =>
      (init?.method ?? 'GET') === method && settingsUrl(new URL(input, 'http://panel.test')),
  );

/** Types into a Quasar field the way a browser input event does. */
async function type(testId: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(
    `[data-testid="${testId}"] input, input[data-testid="${testId}"]`,
  );
  if (input === null) throw new Error(`no input ${testId}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

type Mounted = Awaited<ReturnType<typeof mountPageInPanel>>['wrapper'];

function selectOf(wrapper: Mounted, testId: string) {
  const select = wrapper
    .findAllComponents(QSelect)
    .find((c) => c.find(`[data-testid="${testId}"]`).exists());
  if (select === undefined) throw new Error(`no select ${testId}`);
  return select;
}

/** Picks an option the way QSelect reports a choice. */
function pick(wrapper: Mounted, testId: string, value: string) {
  selectOf(wrapper, testId).vm.$emit('update:modelValue', value);
}

const optionsOf = (wrapper: Mounted, testId: string) =>
  (selectOf(wrapper, testId).props('options') as Array<Record<string, string>>).map((o) => ({
    value: o.value,
    label: o.label,
    ...(o.caption ? { caption: o.caption } : {}),
  }));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('tenant settings page', () => {
  it('shows skeletons while the settings load', async () => {
    answer((url) => (settingsUrl(url) ? new Promise<Response>(() => undefined) : undefined));
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await flushPromises();
    expect(wrapper.get('[data-testid="settings-loading"]').attributes('role')).toBe('status');
  });

  it('says when every setting is the default, and saves only what changed', async () => {
    const fetch = answer((url, init) => {
      if (!settingsUrl(url)) return undefined;
      if (init?.method === 'PATCH') {
        return jsonResponse({ nameOverride: 'Builders', quotas: { servers: 4 } });
      }
      return jsonResponse({});
    });
    const { wrapper, pinia } = await mountPageInPanel(TenantSettingsPage, {
      path: '/t/100/settings',
    });
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-defaults"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="settings-save"]').attributes('disabled')).toBeDefined();

    await type('settings-name', 'Builders');
    await type('settings-quota-servers', '4');
    expect(wrapper.get('[data-testid="settings-unsaved"]').text()).toBe(
      'You have unsaved changes.',
    );
    await wrapper.get('[data-testid="settings-save"]').trigger('click');
    await flushPromises();

    const [[, init]] = calls(fetch, 'PATCH') as [[string, RequestInit]];
    expect(JSON.parse(String(init.body))).toEqual({
      nameOverride: 'Builders',
      quotas: { servers: 4 },
    });
    expect(wrapper.get('[data-testid="settings-saved"]').text()).toBe('Settings saved.');
    expect(wrapper.find('[data-testid="settings-unsaved"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="settings-defaults"]').exists()).toBe(false);
    // The new name shows at once wherever the tenant is named.
    expect(useTenantStore(pinia).tenant?.displayName).toBe('Builders');
  });

  it('marks invalid fields and refuses to save them, a typed channel id too when the list is unavailable', async () => {
    const fetch = answer((url) => {
      if (settingsUrl(url)) return jsonResponse({});
      if (url.pathname.endsWith('/channels'))
        return jsonResponse({ error: { code: 'PN_DISCORD_UNAVAILABLE', message: 'down' } }, 503);
      return undefined;
    });
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await flushPromises();
    expect(wrapper.text()).toContain(
      'The list of channels could not be loaded (PN_DISCORD_UNAVAILABLE).',
    );
    await type('settings-channel', 'general');
    await type('settings-quota-memoryMb', '1.5');
    expect(wrapper.text()).toContain('A Discord channel ID is 5 to 25 digits.');
    expect(wrapper.text()).toContain('A whole number, 0 or more.');
    expect(wrapper.get('[data-testid="settings-unsaved"]').text()).toBe(
      'Fix the marked fields to save.',
    );
    expect(wrapper.get('[data-testid="settings-save"]').attributes('disabled')).toBeDefined();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(calls(fetch, 'PATCH')).toHaveLength(0);
  });

  it('keeps the edits and shows the code when saving fails', async () => {
    answer((url, init) => {
      if (!settingsUrl(url)) return undefined;
      if (init?.method === 'PATCH') {
        return jsonResponse(
          {
            error: { code: 'PN_VALIDATION', message: 'body/quotas/servers must be <= 1000000000' },
          },
          400,
        );
      }
      return jsonResponse({ defaultClusterId: 'eu-1' });
    });
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await flushPromises();
    pick(wrapper, 'settings-cluster', 'us-2');
    await flushPromises();
    await wrapper.get('[data-testid="settings-save"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_VALIDATION');
    expect(selectOf(wrapper, 'settings-cluster').props('modelValue')).toBe('us-2');
    expect(wrapper.find('[data-testid="settings-saved"]').exists()).toBe(false);
  });

  it("offers the Discord server's channels and the approved clusters, and keeps a saved one that is gone", async () => {
    const fetch = answer((url, init) => {
      if (!settingsUrl(url)) return undefined;
      if (init?.method === 'PATCH')
        return jsonResponse({ notificationChannelId: '30002', defaultClusterId: 'gone-1' });
      return jsonResponse({ defaultClusterId: 'gone-1' });
    });
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await flushPromises();
    expect(optionsOf(wrapper, 'settings-channel')).toEqual([
      { value: '', label: 'None: no notifications' },
      { value: '30001', label: '#general' },
      { value: '30002', label: '#server-status', caption: 'Games · Announcement channel' },
    ]);
    expect(optionsOf(wrapper, 'settings-cluster')).toEqual([
      { value: '', label: 'None: let Pteronimbus choose' },
      { value: 'gone-1', label: 'gone-1 (no longer approved)' },
      { value: 'eu-1', label: 'Frankfurt (eu-1)', caption: 'Connected' },
      { value: 'us-2', label: 'us-2', caption: 'Not connected right now' },
    ]);

    pick(wrapper, 'settings-channel', '30002');
    await flushPromises();
    await wrapper.get('[data-testid="settings-save"]').trigger('click');
    await flushPromises();
    const [[, init]] = calls(fetch, 'PATCH') as [[string, RequestInit]];
    expect(JSON.parse(String(init.body))).toEqual({ notificationChannelId: '30002' });
  });

  it('shows a load failure with retry', async () => {
    let fail = true;
    answer((url) => {
      if (!settingsUrl(url)) return undefined;
      return fail
        ? jsonResponse({ error: { code: 'PN_INTERNAL', message: 'boom' } }, 500)
        : jsonResponse({});
    });
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await flushPromises();
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_INTERNAL');
    fail = false;
    await wrapper.get('[data-testid="retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="settings-form"]').exists()).toBe(true);
  });

  it('names the missing permission for members without it, and keeps the danger zone owner-only', async () => {
    answer(() => undefined, { permissions: [], owner: false });
    const { wrapper } = await mountPageInPanel(TenantSettingsPage, { path: '/t/100/settings' });
    await flushPromises();
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('tenant.settings.manage');
    expect(wrapper.find('[data-testid="settings-save"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="uninstall-open"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="uninstall-owner-only"]').text()).toBe(
      'Only the owner of the Discord server can remove Pteronimbus.',
    );
  });

  it('asks before leaving with unsaved changes', async () => {
    answer((url) => (settingsUrl(url) ? jsonResponse({}) : undefined));
    const { wrapper, router } = await mountRouteInPanel('/t/100/settings');
    await flushPromises();
    expect(wrapper.findComponent(TenantSettingsPage).exists()).toBe(true);
    await type('settings-name', 'Builders');
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    await router.push('/t/100').catch(() => undefined);
    expect(confirm).toHaveBeenCalledOnce();
    expect(router.currentRoute.value.path).toBe('/t/100/settings');
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
  });

  it('uninstalls after the owner chooses what happens to the data and types the name', async () => {
    const fetch = answer((url, init) => {
      if (settingsUrl(url)) return jsonResponse({});
      if (url.pathname === '/api/v1/tenants/100' && init?.method === 'DELETE') {
        return new Response(null, { status: 204 });
      }
      return undefined;
    });
    const { wrapper, router } = await mountRouteInPanel('/t/100/settings');
    await flushPromises();
    await type('settings-name', 'unsaved, and lost on purpose');
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    await wrapper.get('[data-testid="uninstall-open"]').trigger('click');
    await flushPromises();
    const submit = () =>
      document.querySelector<HTMLButtonElement>('[data-testid="uninstall-confirm"]');
    expect(submit()?.disabled).toBe(true);
    await type('uninstall-name', 'Creepers');
    // The name alone is not enough: keeping or deleting the data is chosen on purpose.
    expect(submit()?.disabled).toBe(true);
    document.querySelector<HTMLElement>('[data-testid="uninstall-delete"]')?.click();
    await flushPromises();
    expect(submit()?.disabled).toBe(false);
    submit()?.click();
    await flushPromises();
    await vi.dynamicImportSettled();
    await flushPromises();
    const deleted = fetch.mock.calls.find(([, init]) => init?.method === 'DELETE');
    expect(JSON.parse(String(deleted?.[1]?.body))).toEqual({
      confirmName: 'Creepers',
      keepData: false,
    });
    expect(router.currentRoute.value.name).toBe('tenants');
    expect(confirm).not.toHaveBeenCalled();
  });

  it('keeps the dialog open with the code when core refuses the uninstall', async () => {
    const fetch = answer((url, init) => {
      if (settingsUrl(url)) return jsonResponse({});
      if (url.pathname === '/api/v1/tenants/100' && init?.method === 'DELETE') {
        return jsonResponse(
          { error: { code: 'PN_TENANT_CONFIRMATION_MISMATCH', message: 'Type the name' } },
          400,
        );
      }
      return undefined;
    });
    const { wrapper, router } = await mountRouteInPanel('/t/100/settings');
    await flushPromises();
    await wrapper.get('[data-testid="uninstall-open"]').trigger('click');
    await flushPromises();
    await type('uninstall-name', ' Creepers ');
    document.querySelector<HTMLElement>('[data-testid="uninstall-keep"]')?.click();
    await flushPromises();
    document.querySelector<HTMLButtonElement>('[data-testid="uninstall-confirm"]')?.click();
    await flushPromises();
    const deleted = fetch.mock.calls.find(([, init]) => init?.method === 'DELETE');
    expect(JSON.parse(String(deleted?.[1]?.body))).toEqual({
      confirmName: 'Creepers',
      keepData: true,
    });
    expect(
      document.querySelector('[data-testid="uninstall-dialog"] [data-testid="error-code"]')
        ?.textContent,
    ).toBe('PN_TENANT_CONFIRMATION_MISMATCH');
    expect(router.currentRoute.value.name).toBe('tenant-settings');
  });
});
