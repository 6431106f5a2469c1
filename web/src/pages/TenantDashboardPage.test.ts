import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import TenantDashboardPage from './TenantDashboardPage.vue';

const tenant = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: null,
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
};

function mine(permissions: string[], admin = false) {
  return { member: true, admin, adminBy: admin ? ['owner'] : [], permissions, servers: {} };
}

type Handler = (
  url: URL,
  init: RequestInit | undefined,
) => Response | Promise<Response> | undefined;

function answer(handler: Handler, permissions = mine([])) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    const own = await handler(url, init);
    if (own !== undefined) return own;
    if (url.pathname === '/api/v1/tenants/100') return jsonResponse(tenant);
    if (url.pathname === '/api/v1/tenants/100/permissions/me') return jsonResponse(permissions);
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const status = {
  lastSyncAt: new Date(Date.now() - 3 * 60_000).toISOString(),
  lastSyncMs: 120,
  lastSyncError: null,
  memberCount: 1234,
  roleCount: 7,
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('tenant dashboard', () => {
  it('shows skeletons while the tenant loads', async () => {
    answer(() => new Promise<Response>(() => undefined));
    const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
    expect(wrapper.get('[data-testid="state-loading"]').attributes('role')).toBe('status');
  });

  it('shows the synced members, roles and last sync, without a sync button for members', async () => {
    answer((url) => (url.pathname.endsWith('/sync') ? jsonResponse(status) : undefined));
    const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('Creepers');
    expect(wrapper.get('[data-testid="member-count"]').text()).toBe('1,234');
    expect(wrapper.get('[data-testid="role-count"]').text()).toBe('7');
    expect(wrapper.get('[data-testid="last-sync"]').text()).toBe('3 minutes ago');
    expect(wrapper.find('[data-testid="sync-now"]').exists()).toBe(false);
  });

  it('lets admins sync now, with progress while it runs', async () => {
    let release: (() => void) | undefined;
    answer(
      (url, init) => {
        if (url.pathname.endsWith('/sync') && init?.method === 'POST') {
          return new Promise<Response>((resolve) => {
            release = () =>
              resolve(
                jsonResponse({
                  tenantId: '100',
                  members: 1240,
                  roles: 8,
                  added: 6,
                  removed: 0,
                  changed: 1,
                  durationMs: 1500,
                }),
              );
          });
        }
        if (url.pathname.endsWith('/sync')) return jsonResponse(status);
        return undefined;
      },
      mine(['tenant.roles.manage', 'tenant.members.read'], true),
    );
    const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
    await flushPromises();
    await wrapper.get('[data-testid="sync-now"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="sync-progress"]').exists()).toBe(true);
    release?.();
    await flushPromises();
    expect(wrapper.find('[data-testid="sync-progress"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="sync-result"]').text()).toBe(
      'Synced 1,240 members and 8 roles in 1.5 s.',
    );
  });

  it('explains when the member list is not theirs to see', async () => {
    answer((url) =>
      url.pathname.endsWith('/sync')
        ? jsonResponse({ error: { code: 'PN_FORBIDDEN', message: 'no' } }, 403)
        : undefined,
    );
    const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
    await flushPromises();
    expect(wrapper.get('[data-testid="sync-forbidden"]').text()).toContain('tenant.members.read');
  });

  it('shows a tenant that cannot be opened as an error with its code', async () => {
    answer((url) =>
      url.pathname.startsWith('/api/v1/tenants/100')
        ? jsonResponse({ error: { code: 'PN_TENANT_NOT_FOUND', message: 'Not found' } }, 404)
        : undefined,
    );
    const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
    await flushPromises();
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_TENANT_NOT_FOUND');
  });
});
