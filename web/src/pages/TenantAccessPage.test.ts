import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountRouteInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import TenantAccessPage from './TenantAccessPage.vue';

const tenant = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: null,
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
};

const catalog = {
  groups: [
    {
      id: 'servers',
      label: 'permissions.groups.servers',
      permissions: [
        {
          key: 'server.read',
          label: 'permissions.server.read.label',
          description: 'permissions.server.read.description',
          owner: 'core',
          mappable: true,
          adminImplied: true,
        },
        {
          key: 'server.start',
          label: 'permissions.server.start.label',
          description: 'permissions.server.start.description',
          owner: 'core',
          mappable: true,
          adminImplied: true,
        },
      ],
    },
    {
      id: 'tenant',
      label: 'permissions.groups.tenant',
      permissions: [
        {
          key: 'tenant.roles.manage',
          label: 'permissions.tenant.roles.manage.label',
          description: 'permissions.tenant.roles.manage.description',
          owner: 'core',
          mappable: false,
          adminImplied: true,
        },
        {
          key: 'backups.read',
          label: 'Read backups',
          description: 'From a plugin without strings',
          owner: 'backups',
          mappable: true,
          adminImplied: false,
        },
      ],
    },
  ],
  adminImplied: ['server.read', 'server.start', 'tenant.roles.manage'],
};

function roles() {
  return {
    items: [
      {
        id: '100',
        name: '@everyone',
        color: 0,
        position: 0,
        managed: false,
        everyone: true,
        discordAdmin: false,
        mapping: null,
      },
      {
        id: '200',
        name: 'Moderators',
        color: 0x3498db,
        position: 2,
        managed: false,
        everyone: false,
        discordAdmin: false,
        mapping: {
          roleId: '200',
          permissions: ['server.read'],
          serverIds: null,
          updatedAt: '2026-01-01T00:00:00.000Z',
          updatedBy: '1',
        },
      },
      {
        id: '300',
        name: 'Owners',
        color: 0xe91e63,
        position: 3,
        managed: false,
        everyone: false,
        discordAdmin: true,
        mapping: null,
      },
    ],
  };
}

function mine(permissions: string[]) {
  return { member: true, admin: false, adminBy: [], permissions, servers: {} };
}

type Handler = (
  url: URL,
  init: RequestInit | undefined,
) => Response | Promise<Response> | undefined;

// The editor holds what the tests grant: only what one holds may be granted.
const EDITOR = [
  'tenant.members.read',
  'tenant.roles.manage',
  'server.read',
  'server.start',
  'backups.read',
];

function answer(handler: Handler, permissions = EDITOR, items = roles().items) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    const own = await handler(url, init);
    if (own !== undefined) return own;
    if (url.pathname === '/api/v1/tenants/100') return jsonResponse(tenant);
    if (url.pathname === '/api/v1/tenants/100/permissions/me') {
      return jsonResponse(mine(permissions));
    }
    if (url.pathname === '/api/v1/permissions') return jsonResponse(catalog);
    if (url.pathname === '/api/v1/tenants/100/roles') return jsonResponse({ items });
    if (url.pathname === '/api/v1/tenants/100/servers') {
      return jsonResponse({ items: [], nextCursor: null });
    }
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

// The page is rendered by the real route, as in the panel: in-component route guards only run
// for pages a RouterView renders.
async function mountAccess() {
  const mounted = await mountRouteInPanel('/t/100/access');
  await flushPromises();
  expect(mounted.wrapper.findComponent(TenantAccessPage).exists()).toBe(true);
  return mounted;
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

const checked = (
  wrapper: { get: (s: string) => { attributes: (a: string) => unknown } },
  key: string,
) => wrapper.get(`[data-testid="perm-${key}"]`).attributes('aria-checked');

describe('tenant access page', () => {
  it('shows a skeleton while roles load', async () => {
    answer((url) =>
      url.pathname.endsWith('/roles') ? new Promise<Response>(() => undefined) : undefined,
    );
    const { wrapper } = await mountAccess();
    expect(wrapper.get('[data-testid="state-loading"]').attributes('role')).toBe('status');
  });

  it('lists roles highest first with colours, marks Discord admins and translates the catalog', async () => {
    answer(() => undefined);
    const { wrapper } = await mountAccess();
    const items = wrapper.findAll('[data-testid="role"]');
    expect(
      items.map((item) =>
        item
          .text()
          .split(/\s{2,}|\n/)[0]
          ?.trim(),
      ),
    ).toEqual([
      expect.stringContaining('Owners'),
      expect.stringContaining('Moderators'),
      expect.stringContaining('@everyone'),
    ]);
    expect(items[0]?.text()).toContain('Admin through Discord');
    expect(items[0]?.find('.pn-role-dot').attributes('style')).toContain('background');
    // The admin role is selected first: implied permissions show as held and locked.
    expect(wrapper.find('[data-testid="admin-note"]').exists()).toBe(true);
    expect(checked(wrapper, 'server.read')).toBe('true');
    expect(wrapper.get('[data-testid="perm-server.read"]').text()).toBe('See game servers');
    // A plugin's plain label is shown as sent.
    expect(wrapper.get('[data-testid="perm-backups.read"]').text()).toBe('Read backups');
  });

  it('selects a whole group and filters by search', async () => {
    answer(() => undefined);
    const { wrapper } = await mountAccess();
    await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
    expect(checked(wrapper, 'server.start')).toBe('false');
    await wrapper.findAll('[data-testid="group-toggle"]')[0]?.trigger('click');
    expect(checked(wrapper, 'server.read')).toBe('true');
    expect(checked(wrapper, 'server.start')).toBe('true');
    expect(wrapper.get('[data-testid="unsaved"]').text()).toBe('1 role has unsaved changes.');
    await wrapper.get('[data-testid="permission-search"]').setValue('backups');
    expect(wrapper.findAll('[data-testid="group"]')).toHaveLength(1);
    expect(wrapper.find('[data-testid="perm-server.read"]').exists()).toBe(false);
  });

  it('shows the save at once and rolls it back with code and request id when core refuses', async () => {
    let refuse: (() => void) | undefined;
    const fetch = answer((url, init) => {
      if (init?.method === 'PUT') {
        return new Promise<Response>((resolve) => {
          refuse = () =>
            resolve(
              new Response(
                JSON.stringify({ error: { code: 'PN_RBAC_INVALID_PERMISSION', message: 'Nope' } }),
                {
                  status: 400,
                  headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' },
                },
              ),
            );
        });
      }
      return undefined;
    });
    const { wrapper } = await mountAccess();
    const moderators = () => wrapper.findAll('[data-testid="role"]')[1];
    await moderators()?.trigger('click');
    expect(moderators()?.get('[data-testid="role-count"]').text()).toBe('1 permission');
    await wrapper.get('[data-testid="perm-backups.read"]').trigger('click');
    await wrapper.get('[data-testid="save"]').trigger('click');
    await flushPromises();
    // Optimistic: shown as saved while core is still answering.
    expect(moderators()?.get('[data-testid="role-count"]').text()).toBe('2 permissions');
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(false);
    const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
    expect(put?.[0]).toContain('/api/v1/tenants/100/roles/200/mapping');
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({
      permissions: ['server.read', 'backups.read'],
      serverIds: null,
    });

    refuse?.();
    await flushPromises();
    expect(moderators()?.get('[data-testid="role-count"]').text()).toBe('1 permission');
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_RBAC_INVALID_PERMISSION');
    expect(wrapper.get('[data-testid="error-request-id"]').text()).toBe('req-42');
    // The edit is kept as unsaved so it can be sent again.
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(true);
    expect(checked(wrapper, 'backups.read')).toBe('true');
  });

  it('keeps the saved mapping core answers', async () => {
    answer((url, init) =>
      init?.method === 'PUT'
        ? jsonResponse({
            roleId: '200',
            permissions: ['server.read', 'backups.read'],
            serverIds: null,
            updatedAt: '2026-02-01T00:00:00.000Z',
            updatedBy: '1',
          })
        : undefined,
    );
    const { wrapper } = await mountAccess();
    await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
    await wrapper.get('[data-testid="perm-backups.read"]').trigger('click');
    await wrapper.get('[data-testid="save"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="saved"]').exists()).toBe(true);
    expect(
      wrapper.findAll('[data-testid="role"]')[1]?.get('[data-testid="role-count"]').text(),
    ).toBe('2 permissions');
  });

  it('asks before leaving with unsaved changes and stays when told to', async () => {
    answer(() => undefined);
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { wrapper, router } = await mountAccess();
    await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
    await wrapper.get('[data-testid="perm-backups.read"]').trigger('click');
    await router.push('/t/100').catch(() => undefined);
    expect(confirm).toHaveBeenCalledOnce();
    expect(router.currentRoute.value.path).toBe('/t/100/access');
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
  });

  it('disables granting what the user does not hold, and says why', async () => {
    // A Manage Roles holder without backups.read or server.start of their own.
    answer(() => undefined, ['tenant.members.read', 'tenant.roles.manage', 'server.read']);
    const { wrapper } = await mountAccess();
    await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
    const backups = wrapper.get('[data-testid="perm-backups.read"]');
    expect(backups.attributes('aria-disabled')).toBe('true');
    expect(wrapper.get('[data-testid="not-held-backups.read"]').text()).toBe(
      '· you do not hold it yourself, so you cannot grant it',
    );
    await backups.trigger('click');
    expect(checked(wrapper, 'backups.read')).toBe('false');
    // What the user holds stays grantable, and so does what the role already has.
    expect(wrapper.get('[data-testid="perm-server.read"]').attributes('aria-disabled')).not.toBe(
      'true',
    );
    expect(wrapper.find('[data-testid="not-held-server.read"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(false);
  });

  it('locks a role at or above the user in Discord, and says why', async () => {
    const items = roles().items.map((role) =>
      role.id === '200' ? { ...role, editable: false } : { ...role, editable: true },
    );
    answer(() => undefined, EDITOR, items);
    const { wrapper } = await mountAccess();
    await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
    expect(wrapper.get('[data-testid="role-locked"]').text()).toBe(
      'This role is at or above your highest Discord role: as in Discord, you can change only roles below yours.',
    );
    for (const key of ['server.read', 'server.start', 'backups.read'])
      expect(wrapper.get(`[data-testid="perm-${key}"]`).attributes('aria-disabled')).toBe('true');
    await wrapper.get('[data-testid="perm-backups.read"]').trigger('click');
    expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(false);
    // A role below the user stays editable.
    await wrapper.findAll('[data-testid="role"]')[2]?.trigger('click');
    expect(wrapper.find('[data-testid="role-locked"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="perm-backups.read"]').attributes('aria-disabled')).not.toBe(
      'true',
    );
  });

  it('is read-only without tenant.roles.manage', async () => {
    answer(() => undefined, ['tenant.members.read']);
    const { wrapper } = await mountAccess();
    expect(wrapper.get('[data-testid="read-only"]').text()).toContain('tenant.roles.manage');
    expect(wrapper.find('[data-testid="save"]').exists()).toBe(false);
  });

  it('shows the forbidden state without tenant.members.read', async () => {
    answer(
      (url) =>
        url.pathname.endsWith('/roles')
          ? jsonResponse({ error: { code: 'PN_FORBIDDEN', message: 'no' } }, 403)
          : undefined,
      [],
    );
    const { wrapper } = await mountAccess();
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('tenant.members.read');
  });

  it('shows a load failure with its code and retries', async () => {
    let fail = true;
    answer((url) => {
      if (url.pathname.endsWith('/roles') && fail) {
        return jsonResponse({ error: { code: 'PN_INTERNAL', message: 'Broken' } }, 500);
      }
      return undefined;
    });
    const { wrapper } = await mountAccess();
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_INTERNAL');
    fail = false;
    await wrapper.get('[data-testid="retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="role"]')).toHaveLength(3);
  });

  it('shows the empty state when no role is synced', async () => {
    answer((url) => (url.pathname.endsWith('/roles') ? jsonResponse({ items: [] }) : undefined));
    const { wrapper } = await mountAccess();
    expect(wrapper.get('[data-testid="state-empty"]').text()).toContain('No roles synced yet');
  });

  describe('where a mapping applies', () => {
    const gameServers = {
      items: [
        { id: 's1', name: 'Survival', phase: 'Running' },
        { id: 's2', name: 'Creative', phase: 'Stopped' },
      ],
      nextCursor: null,
    };

    it('narrows a mapping to chosen servers, and waits for at least one', async () => {
      const fetch = answer((url, init) => {
        if (url.pathname.endsWith('/servers')) return jsonResponse(gameServers);
        if (init?.method === 'PUT') {
          return jsonResponse({
            roleId: '200',
            permissions: ['server.read'],
            serverIds: ['s2'],
            updatedAt: '2026-02-01T00:00:00.000Z',
            updatedBy: '1',
          });
        }
        return undefined;
      });
      const { wrapper } = await mountAccess();
      await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
      expect(wrapper.get('[data-testid="scope-all"]').attributes('aria-checked')).toBe('true');
      await wrapper.get('[data-testid="scope-some"]').trigger('click');
      expect(wrapper.get('[data-testid="scope-pick-one"]').attributes('role')).toBe('alert');
      expect(wrapper.get('[data-testid="save"]').attributes('disabled')).toBeDefined();
      expect(wrapper.get('[data-testid="scope-server-s1"]').text()).toBe('Survival');
      await wrapper.get('[data-testid="scope-server-s2"]').trigger('click');
      expect(wrapper.find('[data-testid="scope-pick-one"]').exists()).toBe(false);
      await wrapper.get('[data-testid="save"]').trigger('click');
      await flushPromises();
      const put = fetch.mock.calls.find(([, init]) => init?.method === 'PUT');
      expect(JSON.parse(String(put?.[1]?.body))).toEqual({
        permissions: ['server.read'],
        serverIds: ['s2'],
      });
      expect(wrapper.find('[data-testid="saved"]').exists()).toBe(true);
      expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(false);
      // Back to all servers is a change of its own.
      await wrapper.get('[data-testid="scope-all"]').trigger('click');
      expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(true);
    });

    it('offers only all servers while the Discord server has none, and says why', async () => {
      answer(() => undefined);
      const { wrapper } = await mountAccess();
      expect(wrapper.get('[data-testid="scope-none"]').text()).toContain('no game servers yet');
      expect(wrapper.get('[data-testid="scope-some"]').attributes('aria-disabled')).toBe('true');
    });

    it('names the permission the server list needs, and keeps a narrowed mapping editable', async () => {
      const narrowed = roles();
      narrowed.items[1]!.mapping!.serverIds = ['s9'] as never;
      answer((url) => {
        if (url.pathname.endsWith('/servers')) {
          return jsonResponse({ error: { code: 'PN_FORBIDDEN', message: 'no' } }, 403);
        }
        if (url.pathname.endsWith('/roles')) return jsonResponse(narrowed);
        return undefined;
      });
      const { wrapper } = await mountAccess();
      await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
      expect(wrapper.get('[data-testid="scope-forbidden"]').text()).toContain('server.read');
      expect(wrapper.get('[data-testid="scope-some"]').attributes('aria-checked')).toBe('true');
      expect(wrapper.get('[data-testid="scope-server-s9"]').text()).toBe('s9');
    });

    it('names a server the mapping keeps that no longer exists, so it can be unticked', async () => {
      const narrowed = roles();
      narrowed.items[1]!.mapping!.serverIds = ['s1', 's9'] as never;
      answer((url) => {
        if (url.pathname.endsWith('/servers')) return jsonResponse(gameServers);
        if (url.pathname.endsWith('/roles')) return jsonResponse(narrowed);
        return undefined;
      });
      const { wrapper } = await mountAccess();
      await wrapper.findAll('[data-testid="role"]')[1]?.trigger('click');
      expect(wrapper.get('[data-testid="scope-server-s9"]').text()).toBe('Removed server (s9)');
      await wrapper.get('[data-testid="scope-server-s9"]').trigger('click');
      expect(wrapper.find('[data-testid="unsaved"]').exists()).toBe(true);
      expect(wrapper.get('[data-testid="scope-server-s1"]').attributes('aria-checked')).toBe(
        'true',
      );
    });
  });
});
