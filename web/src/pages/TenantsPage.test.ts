import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import TenantsPage from './TenantsPage.vue';

const tenant = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: 'https://cdn.discordapp.com/icons/100/abc.png',
  ownerId: '1',
  owner: true,
  installedAt: '2026-01-01T00:00:00.000Z',
};
const guild = {
  id: '200',
  name: 'Night Owls',
  iconUrl: null,
  owner: true,
  previouslyInstalled: false,
};

type Handler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

function answer(handler: Handler) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) =>
    handler(new URL(input, 'http://panel.test'), init),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

async function mountTenants(openWindow = vi.fn(), installTimeoutMs?: number) {
  const Page = defineComponent({
    setup: () => () => h(TenantsPage, { openWindow, installIntervalMs: 5, installTimeoutMs }),
  });
  return { ...(await mountPageInPanel(Page, { path: '/tenants' })), openWindow };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('tenants page', () => {
  it('shows skeletons while loading', async () => {
    answer(() => new Promise<Response>(() => undefined));
    const { wrapper } = await mountTenants();
    expect(wrapper.get('[data-testid="state-loading"]').attributes('role')).toBe('status');
  });

  it('lists the user’s tenants and the guilds they may add Pteronimbus to', async () => {
    answer((url) =>
      url.pathname === '/api/v1/tenants'
        ? jsonResponse({ items: [tenant] })
        : jsonResponse({ items: [guild] }),
    );
    const { wrapper } = await mountTenants();
    await flushPromises();
    const card = wrapper.get('[data-testid="tenant-card"]');
    expect(card.text()).toContain('Creepers');
    expect(card.attributes('href')).toBe('/t/100');
    expect(card.get('img').attributes('src')).toBe(tenant.iconUrl);
    const installable = wrapper.get('[data-testid="installable-card"]');
    // A guild without an icon shows its initials.
    expect(installable.get('[data-testid="avatar-initials"]').text()).toBe('NO');
    expect(installable.get('[data-testid="install"]').attributes('aria-label')).toBe(
      'Add to Discord server: Night Owls',
    );
  });

  it('explains when there is nothing to show', async () => {
    answer(() => jsonResponse({ items: [] }));
    const { wrapper } = await mountTenants();
    await flushPromises();
    expect(wrapper.get('[data-testid="state-empty"]').text()).toContain('No Discord servers yet');
  });

  it('shows the error with its code and retries', async () => {
    let fail = true;
    answer((url) => {
      if (fail && url.pathname === '/api/v1/tenants') {
        return jsonResponse({ error: { code: 'PN_INTERNAL', message: 'Boom' } }, 500, 'req-1');
      }
      return jsonResponse({ items: url.pathname === '/api/v1/tenants' ? [tenant] : [] });
    });
    const { wrapper } = await mountTenants();
    await flushPromises();
    const error = wrapper.get('[data-testid="state-error"]');
    expect(error.get('[data-testid="error-code"]').text()).toBe('PN_INTERNAL');
    fail = false;
    await error.get('[data-testid="retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="tenant-card"]').exists()).toBe(true);
  });

  it('still lists the own tenants when the installable guilds fail', async () => {
    answer((url) =>
      url.pathname === '/api/v1/tenants'
        ? jsonResponse({ items: [tenant] })
        : jsonResponse({ error: { code: 'PN_DISCORD_UNAVAILABLE', message: 'Down' } }, 503),
    );
    const { wrapper } = await mountTenants();
    await flushPromises();
    expect(wrapper.find('[data-testid="tenant-card"]').exists()).toBe(true);
    expect(wrapper.get('[data-testid="error-code"]').text()).toBe('PN_DISCORD_UNAVAILABLE');
  });

  it('installs: opens the invite, waits for the bot, then lands in the tenant', async () => {
    let confirms = 0;
    const installed = { ...tenant, id: '200', name: 'Night Owls', displayName: 'Night Owls' };
    const fetch = answer((url, init) => {
      if (url.pathname === '/api/v1/tenants') return jsonResponse({ items: [] });
      if (url.pathname === '/api/v1/guilds/installable') return jsonResponse({ items: [guild] });
      if (url.pathname === '/api/v1/guilds/200/install' && init?.method === 'POST') {
        return jsonResponse({
          guildId: '200',
          inviteUrl: 'https://discord.test/oauth2/authorize?guild_id=200',
          permissions: '19456',
          scopes: ['bot', 'applications.commands'],
        });
      }
      if (url.pathname === '/api/v1/guilds/200/install/confirm') {
        confirms += 1;
        if (confirms < 3) {
          return jsonResponse(
            { error: { code: 'PN_TENANT_BOT_MISSING', message: 'Not yet' } },
            409,
          );
        }
        return jsonResponse(installed, 201);
      }
      // The tenant page the flow lands in.
      return new Promise<Response>(() => undefined);
    });
    const { wrapper, router, openWindow } = await mountTenants();
    await flushPromises();
    await wrapper.get('[data-testid="install"]').trigger('click');
    await flushPromises();

    expect(openWindow).toHaveBeenCalledWith('https://discord.test/oauth2/authorize?guild_id=200');
    const waiting = document.querySelector('[data-testid="install-step-waiting"]');
    expect(waiting?.getAttribute('data-state')).toBe('active');
    expect(
      document.querySelector('[data-testid="install-step-invite"]')?.getAttribute('data-state'),
    ).toBe('done');

    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/t/200'));
    expect(confirms).toBe(3);
    expect(fetch.mock.calls.some(([input]) => input === '/api/v1/guilds/200/install/confirm')).toBe(
      true,
    );
  });

  it('says the request waits for approval when the install policy asks for it', async () => {
    let requested = false;
    answer((url, init) => {
      if (url.pathname === '/api/v1/tenants') return jsonResponse({ items: [] });
      if (url.pathname === '/api/v1/guilds/installable')
        return jsonResponse({
          items: [{ ...guild, request: requested ? 'pending' : null }],
        });
      if (url.pathname === '/api/v1/guilds/200/install' && init?.method === 'POST')
        return jsonResponse({
          guildId: '200',
          inviteUrl: 'https://discord.test/oauth2/authorize?guild_id=200',
          permissions: '19456',
          scopes: ['bot', 'applications.commands'],
        });
      if (url.pathname === '/api/v1/guilds/200/install/confirm') {
        requested = true;
        return jsonResponse({ guildId: '200', status: 'pending' }, 202);
      }
      return new Promise<Response>(() => undefined);
    });
    const { wrapper, router } = await mountTenants();
    await flushPromises();
    await wrapper.get('[data-testid="install"]').trigger('click');
    await vi.waitFor(() =>
      expect(document.querySelector('[data-testid="install-pending"]')?.textContent).toContain(
        'An administrator of this panel must approve it before Night Owls can be used here.',
      ),
    );
    expect(
      document.querySelector('[data-testid="install-step-creating"]')?.getAttribute('data-state'),
    ).toBe('pending');
    expect(router.currentRoute.value.fullPath).toBe('/tenants');
    await flushPromises();
    expect(wrapper.get('[data-testid="request-200"]').text()).toBe('Waiting for approval');
  });

  it('offers a retry after the wait times out', async () => {
    answer((url) => {
      if (url.pathname === '/api/v1/tenants') return jsonResponse({ items: [] });
      if (url.pathname === '/api/v1/guilds/installable') return jsonResponse({ items: [guild] });
      if (url.pathname === '/api/v1/guilds/200/install') {
        return jsonResponse({
          guildId: '200',
          inviteUrl: 'https://d.test/i',
          permissions: '0',
          scopes: [],
        });
      }
      return jsonResponse({ error: { code: 'PN_TENANT_BOT_MISSING', message: 'Not yet' } }, 409);
    });
    const { wrapper } = await mountTenants(vi.fn(), 20);
    await flushPromises();
    await wrapper.get('[data-testid="install"]').trigger('click');
    await vi.waitFor(() =>
      expect(
        document.querySelector('[data-testid="install-dialog"] [data-testid="error-code"]')
          ?.textContent,
      ).toBe('PN_WEB_INSTALL_TIMEOUT'),
    );
    expect(
      document.querySelector('[data-testid="install-step-waiting"]')?.getAttribute('data-state'),
    ).toBe('failed');
    expect(
      document.querySelector('[data-testid="install-dialog"] [data-testid="retry"]'),
    ).not.toBeNull();
  });
});
