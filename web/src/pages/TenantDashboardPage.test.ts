import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import { answerAsMember, type FetchHandler, type MemberOptions } from '../__fixtures__/tenant.ts';
import { sampleServer } from '../__fixtures__/servers.ts';
import { fakeStream } from '../__fixtures__/streamSocket.ts';
import type { ServerListItem } from '../api/servers.ts';
import TenantDashboardPage from './TenantDashboardPage.vue';

const mine = (permissions: string[], admin = false): MemberOptions => ({ permissions, admin });
const answer = (handler: FetchHandler, member: MemberOptions = {}) =>
  answerAsMember(handler, member);

const status = {
  lastSyncAt: new Date(Date.now() - 3 * 60_000).toISOString(),
  lastSyncMs: 120,
  lastSyncError: null,
  memberCount: 1234,
  roleCount: 7,
};

let stream: ReturnType<typeof fakeStream>;
beforeEach(() => {
  stream = fakeStream();
});
afterEach(() => {
  stream.stop();
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
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

  it('links to the tenant pages the member may open, and only those', async () => {
    answer(
      (url) => (url.pathname.endsWith('/sync') ? jsonResponse(status) : undefined),
      mine(['audit.read', 'tenant.members.read']),
    );
    const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
    await flushPromises();
    const links = wrapper.findAll('[data-testid="quick-link"]');
    expect(links.map((link) => link.attributes('href'))).toEqual(['/t/100/access', '/t/100/audit']);
    expect(links.map((link) => link.text())).toEqual(['Roles and access', 'Audit log']);
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

  describe('game servers at a glance', () => {
    const sample = (online: number | null) => ({
      sampledAt: new Date().toISOString(),
      playersOnline: online,
      playersMax: online === null ? null : 20,
      cpu: 300,
      memory: 512,
    });
    const withStatus = (
      id: string,
      name: string,
      status: Partial<ServerListItem['status']>,
      current?: ServerListItem['current'],
    ): ServerListItem => {
      const base = sampleServer(id, { name });
      return {
        ...base,
        status: { ...base.status, ...status },
        ...(current === undefined ? {} : { current }),
      };
    };
    const fleet = (measured: boolean): ServerListItem[] => [
      withStatus('s1', 'Survival', { phase: 'Running' }, measured ? sample(5) : undefined),
      withStatus('s2', 'Creative', { phase: 'Running' }, measured ? sample(2) : undefined),
      withStatus('s3', 'Modded', { phase: 'Installing' }, measured ? null : undefined),
      withStatus('s4', 'Archive', { phase: 'Stopped' }, measured ? null : undefined),
      withStatus('s5', 'Broken', { phase: 'Failed' }, measured ? null : undefined),
      withStatus('s6', 'Faraway', { phase: 'Running', stale: true }, measured ? null : undefined),
    ];
    const everything = [
      'server.read',
      'server.create',
      'server.metrics.read',
      'audit.read',
      'tenant.members.read',
    ];

    function serve(
      servers: () => ServerListItem[] | Response,
      permissions: string[],
      audit: () => unknown = () => ({ items: [], nextCursor: null }),
    ) {
      return answer((url) => {
        if (url.pathname.endsWith('/sync')) return jsonResponse(status);
        if (url.pathname === '/api/v1/tenants/100/servers') {
          const list = servers();
          return list instanceof Response ? list : jsonResponse({ items: list, nextCursor: null });
        }
        if (url.pathname === '/api/v1/tenants/100/audit') return jsonResponse(audit());
        return undefined;
      }, mine(permissions));
    }

    const calls = (fetch: ReturnType<typeof answer>, path: string) =>
      fetch.mock.calls.filter(([input]) => new URL(input, 'http://panel.test').pathname === path);

    async function open() {
      const mounted = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
      await flushPromises();
      await flushPromises();
      return mounted;
    }

    it('counts servers by state, adds up players, and links the ones that need attention', async () => {
      const fetch = serve(() => fleet(true), everything);
      const { wrapper } = await open();
      const counts = Object.fromEntries(
        wrapper
          .findAll('[data-testid="server-count"]')
          .map((tile) => [tile.attributes('data-state'), tile.get('dd').text()]),
      );
      expect(counts).toEqual({
        running: '2',
        starting: '1',
        stopped: '1',
        failed: '1',
        stale: '1',
      });
      expect(wrapper.get('[data-testid="server-total"]').text()).toBe('6 servers');
      const players = wrapper.get('[data-testid="players-total"]');
      expect(players.get('.pn-tabular').text()).toBe('7');
      expect(players.get('.pn-glance__sub').text()).toBe('Reported by 2 servers');
      const attention = wrapper.findAll('[data-testid="attention"]');
      expect(attention.map((item) => item.get('a').text())).toEqual(['Broken', 'Faraway']);
      expect(attention.map((item) => item.get('a').attributes('href'))).toEqual([
        '/t/100/servers/s5',
        '/t/100/servers/s6',
      ]);
      expect(attention[1]!.get('[data-testid="server-status"]').attributes('data-stale')).toBe(
        'true',
      );
      expect(wrapper.find('[data-testid="stale-hint"]').exists()).toBe(true);
      expect(wrapper.get('[data-testid="all-servers"]').attributes('href')).toBe('/t/100/servers');
      // One list request carries players too: none per server.
      expect(calls(fetch, '/api/v1/tenants/100/servers')).toHaveLength(1);
      expect(fetch.mock.calls.some(([input]) => String(input).includes('/metrics'))).toBe(false);
    });

    it('says when nothing needs attention and no player count was measured', async () => {
      serve(
        () => [withStatus('s1', 'Quiet', { phase: 'Stopped' }, null)],
        ['server.read', 'server.metrics.read'],
      );
      const { wrapper } = await open();
      expect(wrapper.find('[data-testid="attention"]').exists()).toBe(false);
      expect(wrapper.get('[data-testid="attention-none"]').text()).toContain('Nothing needs');
      expect(wrapper.get('[data-testid="players-total"]').text()).toBe('Not reported');
      expect(wrapper.find('[data-testid="stale-hint"]').exists()).toBe(false);
    });

    it('hides players without server.metrics.read, and says which permission shows them', async () => {
      serve(() => fleet(false), ['server.read']);
      const { wrapper } = await open();
      expect(wrapper.get('[data-testid="players-hidden"]').text()).toBe(
        'Seeing players needs the server.metrics.read permission.',
      );
      expect(wrapper.find('[data-testid="players-total"]').exists()).toBe(false);
    });

    it('hides the servers without server.read, saying why, and does not ask for them', async () => {
      const fetch = serve(() => fleet(true), ['tenant.members.read']);
      const { wrapper } = await open();
      expect(wrapper.get('[data-testid="servers-forbidden"]').text()).toBe(
        'Seeing game servers needs the server.read permission.',
      );
      expect(wrapper.find('[data-testid="all-servers"]').exists()).toBe(false);
      expect(calls(fetch, '/api/v1/tenants/100/servers')).toHaveLength(0);
      expect(stream.subscribed.has('tenant/100/events')).toBe(false);
    });

    it('shows a skeleton while the servers load', async () => {
      answer((url) => {
        if (url.pathname === '/api/v1/tenants/100/servers') return new Promise(() => undefined);
        if (url.pathname.endsWith('/sync')) return jsonResponse(status);
        if (url.pathname.endsWith('/audit')) return jsonResponse({ items: [], nextCursor: null });
        return undefined;
      }, mine(everything));
      const { wrapper } = await open();
      expect(wrapper.get('[data-testid="servers-loading"]').attributes('role')).toBe('status');
    });

    it('leads an empty tenant to create a server, or says why it cannot', async () => {
      serve(() => [], ['server.read', 'server.create']);
      const first = await open();
      expect(first.wrapper.get('[data-testid="state-empty"]').text()).toContain(
        'No game servers yet',
      );
      expect(first.wrapper.get('[data-testid="glance-create"]').attributes('href')).toBe(
        '/t/100/servers/new',
      );
      first.wrapper.unmount();

      serve(() => [], ['server.read']);
      const { wrapper } = await open();
      const create = wrapper.get('[data-testid="glance-create"]');
      expect(create.attributes('aria-disabled')).toBe('true');
      expect(create.attributes('href')).toBeUndefined();
      expect(
        document.getElementById(create.attributes('aria-describedby')!)?.textContent,
      ).toContain('Creating servers needs the server.create permission.');
    });

    it('shows a failed read with its request id, and reads again on retry', async () => {
      let fail = true;
      serve(
        () =>
          fail
            ? jsonResponse({ error: { code: 'PN_INTERNAL', message: 'boom' } }, 500, 'req-42')
            : fleet(true),
        ['server.read'],
      );
      const { wrapper } = await open();
      const failed = wrapper.get('[data-testid="servers-glance"] [data-testid="state-error"]');
      expect(failed.text()).toContain('req-42');
      fail = false;
      await failed.get('button').trigger('click');
      await flushPromises();
      await flushPromises();
      expect(wrapper.findAll('[data-testid="server-count"]')).toHaveLength(5);
    });

    it('follows the tenant events live: a server that fails moves into the counts and the list', async () => {
      const live = fleet(true);
      const fetch = serve(() => live, everything);
      const { wrapper } = await open();
      expect(stream.subscribed.has('tenant/100/events')).toBe(true);
      const failedCount = () =>
        wrapper.get('[data-testid="server-count"][data-state="failed"] dd').text();
      expect(failedCount()).toBe('1');
      live[0] = { ...live[0]!, status: { ...live[0]!.status, phase: 'Failed' } };
      stream.emit('tenant/100/events', {
        type: 'server.status',
        serverId: 's1',
        phase: 'Failed',
        previousPhase: 'Running',
      });
      stream.emit('tenant/100/events', { type: 'server.event', serverId: 's1' });
      await vi.waitFor(() => expect(failedCount()).toBe('2'));
      expect(
        wrapper.findAll('[data-testid="attention"]').map((item) => item.get('a').text()),
      ).toEqual(['Broken', 'Survival', 'Faraway']);
      // Two events in a burst, one read.
      expect(calls(fetch, '/api/v1/tenants/100/servers')).toHaveLength(2);
    });
  });

  describe('recent activity', () => {
    const entry = (id: string, action: string, target: string | null, name = 'Alice') => ({
      id,
      tenantId: '100',
      actor: { type: 'user', id: 'u1', name },
      action,
      target: target === null ? null : { type: 'server', id: target, name: target },
      changes: null,
      source: 'web',
      requestId: null,
      override: false,
      createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    });

    it('shows the latest audit entries, and reads them again when something happens', async () => {
      let items = [
        entry('a2', 'server.start', 'Survival'),
        entry('a1', 'server.create', 'Survival'),
      ];
      const fetch = answer(
        (url) => {
          if (url.pathname.endsWith('/sync')) return jsonResponse(status);
          if (url.pathname === '/api/v1/tenants/100/audit')
            return jsonResponse({ items, nextCursor: 'more' });
          return undefined;
        },
        mine(['audit.read', 'server.read']),
      );
      const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
      await flushPromises();
      await flushPromises();
      const audits = () =>
        fetch.mock.calls
          .map(([input]) => new URL(input, 'http://panel.test'))
          .filter((url) => url.pathname === '/api/v1/tenants/100/audit');
      expect(audits()[0]?.searchParams.get('limit')).toBe('5');
      const shown = () =>
        wrapper
          .findAll('[data-testid="activity-entry"]')
          .map((li) =>
            ['.pn-activity__who', '.pn-activity__action', '.pn-activity__target', 'time']
              .map((part) => li.get(part).text())
              .join(' | '),
          );
      expect(shown()).toEqual([
        'Alice | server.start | server Survival | 5 minutes ago',
        'Alice | server.create | server Survival | 5 minutes ago',
      ]);
      expect(wrapper.get('[data-testid="audit-link"]').attributes('href')).toBe('/t/100/audit');
      items = [entry('a3', 'server.stop', 'Survival', 'Bob'), ...items];
      stream.emit('tenant/100/events', { type: 'server.stop', serverId: 's1' });
      await vi.waitFor(() =>
        expect(shown()[0]).toBe('Bob | server.stop | server Survival | 5 minutes ago'),
      );
    });

    it('does not follow the tenant events without server.read: they tell about servers', async () => {
      answer(
        (url) => {
          if (url.pathname.endsWith('/sync')) return jsonResponse(status);
          if (url.pathname === '/api/v1/tenants/100/audit')
            return jsonResponse({
              items: [entry('a1', 'server.create', 'Survival')],
              nextCursor: null,
            });
          return undefined;
        },
        mine(['audit.read']),
      );
      const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
      await flushPromises();
      await flushPromises();
      expect(wrapper.findAll('[data-testid="activity-entry"]')).toHaveLength(1);
      expect(wrapper.find('[data-testid="servers-forbidden"]').exists()).toBe(true);
      expect(stream.subscribed.has('tenant/100/events')).toBe(false);
    });

    it('says when nothing has happened yet', async () => {
      answer(
        (url) =>
          url.pathname === '/api/v1/tenants/100/audit'
            ? jsonResponse({ items: [], nextCursor: null })
            : url.pathname.endsWith('/sync')
              ? jsonResponse(status)
              : undefined,
        mine(['audit.read']),
      );
      const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
      await flushPromises();
      await flushPromises();
      expect(wrapper.get('[data-testid="activity-empty"]').text()).toBe(
        'Nothing has happened in this Discord server yet.',
      );
    });

    it('hides activity without audit.read, saying why, and does not ask for it', async () => {
      const fetch = answer(
        (url) => (url.pathname.endsWith('/sync') ? jsonResponse(status) : undefined),
        mine(['server.read']),
      );
      const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
      await flushPromises();
      expect(wrapper.get('[data-testid="activity-forbidden"]').text()).toBe(
        'Seeing recent activity needs the audit.read permission.',
      );
      expect(fetch.mock.calls.some(([input]) => String(input).includes('/audit'))).toBe(false);
    });

    it('shows a failed read with its request id', async () => {
      answer(
        (url) =>
          url.pathname === '/api/v1/tenants/100/audit'
            ? jsonResponse({ error: { code: 'PN_INTERNAL', message: 'boom' } }, 500, 'req-77')
            : url.pathname.endsWith('/sync')
              ? jsonResponse(status)
              : undefined,
        mine(['audit.read']),
      );
      const { wrapper } = await mountPageInPanel(TenantDashboardPage, { path: '/t/100' });
      await flushPromises();
      await flushPromises();
      expect(
        wrapper.get('[data-testid="recent-activity"] [data-testid="state-error"]').text(),
      ).toContain('req-77');
    });
  });
});
