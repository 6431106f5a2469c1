import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { ApiError } from '../../api/errors.ts';
import type { AccessApi, Explanation } from '../../api/access.ts';
import EffectivePermissions from './EffectivePermissions.vue';

const member = {
  userId: '7',
  username: 'bob',
  displayName: 'Bob',
  avatar: null,
  roleIds: ['200'],
  syncedAt: '2026-01-01T00:00:00.000Z',
};

const explanation: Explanation = {
  member: {
    id: '7',
    username: 'bob',
    displayName: 'Bob',
    roles: [{ id: '200', name: 'Moderators', color: 0x3498db }],
  },
  effective: ['server.read'],
  results: [
    {
      permission: 'server.read',
      serverId: null,
      allowed: true,
      reason: 'mapped',
      grants: [{ via: 'role', roleId: '200', roleName: 'Moderators', serverIds: null }],
    },
    {
      permission: 'server.delete',
      serverId: null,
      allowed: false,
      reason: 'not-mapped',
      grants: [],
    },
  ],
};

function stubApi(explain: AccessApi['explain']) {
  return {
    members: vi.fn(async () => ({ items: [member], nextAfter: null })),
    explain: vi.fn(explain),
  } as unknown as AccessApi & {
    members: ReturnType<typeof vi.fn>;
    explain: ReturnType<typeof vi.fn>;
  };
}

const mounted: Array<{ unmount: () => void }> = [];

async function pickBob(api: AccessApi, props: Record<string, unknown> = {}) {
  const { wrapper } = await mountInPanel(EffectivePermissions, {
    mount: {
      props: { tenantId: '100', api, labelOf: (key: string) => `label of ${key}`, ...props },
    },
  });
  mounted.push(wrapper);
  await wrapper.get('[data-testid="member-search"]').setValue('bo');
  // The search is debounced and its answer renders in a menu: wait for the option itself.
  const option = await vi.waitFor(
    () => {
      const found = [...document.body.querySelectorAll<HTMLElement>('.q-menu .q-item')].find(
        (item) => item.textContent?.includes('Bob (bob)'),
      );
      expect(found).toBeDefined();
      return found!;
    },
    { timeout: 5_000 },
  );
  option.click();
  await vi.waitFor(() => expect(api.explain).toHaveBeenCalled(), { timeout: 5_000 });
  await flushPromises();
  return wrapper;
}

afterEach(() => {
  // Unmounting closes the option menu Quasar portals into the body.
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
  document.body.innerHTML = '';
});

describe('effective permissions', () => {
  it('searches members and explains what the chosen one holds, and through which roles', async () => {
    const api = stubApi(async () => explanation);
    const wrapper = await pickBob(api);
    expect(api.members).toHaveBeenCalledWith('100', { q: 'bo', limit: 20 });
    expect(api.explain).toHaveBeenCalledWith('100', { member: '7' });
    const items = await vi.waitFor(() => {
      const found = wrapper.findAll('[data-testid="effective-item"]');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(items[0]?.text()).toContain('label of server.read');
    expect(items[0]?.text()).toContain('through Moderators');
  });

  it('shows why an explanation failed', async () => {
    const api = stubApi(async () => {
      throw new ApiError({ code: 'PN_RBAC_MEMBER_NOT_FOUND', message: 'No', status: 404 });
    });
    const wrapper = await pickBob(api);
    await vi.waitFor(() =>
      expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_RBAC_MEMBER_NOT_FOUND'),
    );
  });

  it('lists grants narrowed to servers apart, with where they hold, and asks again after a save', async () => {
    const narrowed: Explanation = {
      ...explanation,
      results: [
        ...explanation.results,
        {
          permission: 'server.start',
          serverId: null,
          allowed: false,
          reason: 'mapped-elsewhere',
          grants: [
            { via: 'mapping', roleId: '200', roleName: 'Moderators', serverIds: ['s1', 's2'] },
          ],
        },
      ],
    };
    const api = stubApi(async () => narrowed);
    const names: Record<string, string> = { s1: 'Survival', s2: 'Creative' };
    const wrapper = await pickBob(api, { serverName: (id: string) => names[id] ?? id, refresh: 0 });
    await vi.waitFor(() =>
      expect(wrapper.findAll('[data-testid="effective-item"]')).toHaveLength(1),
    );
    const scoped = wrapper.findAll('[data-testid="effective-scoped-item"]');
    expect(scoped).toHaveLength(1);
    expect(scoped[0]?.text()).toContain('label of server.start');
    expect(scoped[0]?.text()).toContain('through Moderators · on Survival, Creative');

    expect(api.explain).toHaveBeenCalledTimes(1);
    await wrapper.setProps({ refresh: 1 });
    await vi.waitFor(() => expect(api.explain).toHaveBeenCalledTimes(2));
  });
});
