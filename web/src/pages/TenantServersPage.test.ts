import { flushPromises } from '@vue/test-utils';
import { QSelect } from 'quasar';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import { sampleServer } from '../__fixtures__/servers.ts';
import { fakeStream } from '../__fixtures__/streamSocket.ts';
import type { Server, ServerCurrent } from '../api/servers.ts';
import TenantServersPage from './TenantServersPage.vue';

const tenant = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: null,
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
};

type Handler = (url: URL, init?: RequestInit) => Response | Promise<Response> | undefined;

// Each list item's latest sample, as core adds it for a caller holding server.metrics.read.
const samples: Record<string, ServerCurrent | null> = {
  s1: {
    sampledAt: new Date().toISOString(),
    cpu: 420,
    memory: 900,
    playersOnline: 5,
    playersMax: 20,
  },
  s2: {
    sampledAt: new Date().toISOString(),
    cpu: null,
    memory: null,
    playersOnline: null,
    playersMax: null,
  },
  s3: null,
};

function answer(
  servers: Server[] | Handler,
  permissions = ['server.read', 'server.create', 'server.metrics.read'],
) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    if (typeof servers === 'function') {
      const own = await servers(url, init);
      if (own !== undefined) return own;
    }
    if (url.pathname === '/api/v1/tenants/100') return jsonResponse(tenant);
    if (url.pathname === '/api/v1/tenants/100/permissions/me')
      return jsonResponse({ member: true, admin: false, adminBy: [], permissions, servers: {} });
    if (url.pathname === '/api/v1/registry')
      return jsonResponse({ core: { name: 'pteronimbus' }, plugins: [] });
    const list = typeof servers === 'function' ? [] : servers;
    if (url.pathname === '/api/v1/tenants/100/servers') {
      const phase = url.searchParams.get('phase');
      const q = url.searchParams.get('q');
      const measured = permissions.includes('server.metrics.read');
      return jsonResponse({
        items: list
          .filter(
            (s) =>
              (phase === null || s.status.phase === phase) && (q === null || s.name.includes(q)),
          )
          .map((s) => (measured ? { ...s, current: samples[s.id] ?? null } : s)),
        nextCursor: null,
      });
    }
    const one = /^\/api\/v1\/tenants\/100\/servers\/([^/]+)$/.exec(url.pathname);
    const found = list.find((s) => s.id === one?.[1]);
    if (found) return jsonResponse(found);
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const metricsCalls = (fetch: ReturnType<typeof answer>) =>
  fetch.mock.calls.filter(([input]) => String(input).includes('/metrics'));

const listCalls = (fetch: ReturnType<typeof answer>) =>
  fetch.mock.calls
    .map(([input]) => new URL(input, 'http://panel.test'))
    .filter((url) => url.pathname === '/api/v1/tenants/100/servers');

let stream: ReturnType<typeof fakeStream>;
beforeEach(() => {
  stream = fakeStream();
});
afterEach(() => {
  stream.stop();
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

async function open(path = '/t/100/servers') {
  const mounted = await mountPageInPanel(TenantServersPage, { path });
  await flushPromises();
  await flushPromises();
  return mounted;
}

const servers = [
  sampleServer('s1', { name: 'Survival' }),
  sampleServer('s2', {
    name: 'Creative',
    gameId: 'valheim',
    exposure: 'NodePort',
    status: {
      ...sampleServer('s2').status,
      phase: 'Stopped',
      ports: [{ name: 'game', port: 2456, protocol: 'UDP', nodePort: 31000 }],
    },
  }),
  sampleServer('s3', {
    name: 'Fresh',
    status: {
      ...sampleServer('s3').status,
      phase: null,
      address: null,
      ports: [],
      reportedAt: null,
      ageSeconds: null,
    },
  }),
];

describe('tenant servers page', () => {
  it('shows a skeleton while the list loads', async () => {
    answer(() => new Promise<Response>(() => undefined));
    const { wrapper } = await mountPageInPanel(TenantServersPage, { path: '/t/100/servers' });
    expect(wrapper.find('[data-testid="state-loading"]').exists()).toBe(true);
  });

  it('lists servers with status, address, players and usage, never showing unmeasured as zero', async () => {
    const fetch = answer(servers);
    const { wrapper } = await open();
    const rows = wrapper.findAll('[data-testid="server-row"]');
    expect(rows.map((row) => row.get('[data-testid="server-name"]').text())).toEqual([
      'Survival',
      'Creative',
      'Fresh',
    ]);
    const [survival, creative, fresh] = rows;
    expect(survival!.get('[data-testid="server-status"]').text()).toContain('Running');
    expect(survival!.get('[data-testid="server-address"]').text()).toBe('203.0.113.7:25565');
    expect(survival!.get('[data-testid="server-players"]').text()).toBe('5 of 20');
    // CPU as a share of the server's own limit (1000 millicores), memory as measured.
    const usage = survival!.get('[data-testid="usage"]');
    expect(usage.get('[aria-hidden="true"].pn-usage__now').text()).toBe('42% CPU · 900 MiB');
    expect(usage.get('.sr-only').text()).toBe(
      'CPU 420 of 1,000 millicores, memory 900 of 2,048 MiB',
    );
    expect(creative!.get('[data-testid="server-address"]').text()).toBe('203.0.113.7:31000');
    expect(creative!.get('[data-testid="server-players"]').text()).toBe('Not reported');
    expect(creative!.get('[data-testid="usage-unavailable"]').text()).toBe('Not measured');
    expect(fresh!.get('[data-testid="server-status"]').text()).toBe('Unknown');
    expect(fresh!.text()).toContain('No address yet');
    expect(fresh!.get('[data-testid="usage-unavailable"]').text()).toBe('Not measured');
    expect(fresh!.text()).not.toMatch(/\b0\b/);
    expect(wrapper.get('[data-testid="server-name"]').attributes('href')).toBe('/t/100/servers/s1');
    expect(wrapper.find('[data-testid="usage-hidden-note"]').exists()).toBe(false);
    // Players and usage came with the list: one request, none per server.
    expect(listCalls(fetch)).toHaveLength(1);
    expect(metricsCalls(fetch)).toHaveLength(0);
  });

  it('says once that players and usage need server.metrics.read, and hides them', async () => {
    const fetch = answer(servers, ['server.read']);
    const { wrapper } = await open();
    expect(wrapper.get('[data-testid="usage-hidden-note"]').text()).toBe(
      'Players and usage are hidden: seeing them needs the server.metrics.read permission.',
    );
    const survival = wrapper.findAll('[data-testid="server-row"]')[0]!;
    expect(survival.get('[data-testid="server-players"]').text()).toBe('Hidden');
    expect(survival.get('[data-testid="usage-hidden"]').text()).toBe('Hidden');
    expect(metricsCalls(fetch)).toHaveLength(0);
  });

  it('keeps status and search in the query string and asks core with them', async () => {
    const fetch = answer(servers);
    const { wrapper, router } = await open('/t/100/servers?status=Stopped&q=Cre');
    expect(listCalls(fetch).at(-1)?.searchParams.get('phase')).toBe('Stopped');
    expect(listCalls(fetch).at(-1)?.searchParams.get('q')).toBe('Cre');
    expect(wrapper.findAll('[data-testid="server-row"]')).toHaveLength(1);

    const status = wrapper.findAllComponents(QSelect)[0]!;
    status.vm.$emit('update:modelValue', 'Running');
    await flushPromises();
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ status: 'Running', q: 'Cre' });
    expect(listCalls(fetch).at(-1)?.searchParams.get('phase')).toBe('Running');

    await wrapper.get('[data-testid="clear-filters"]').trigger('click');
    await flushPromises();
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({});
    expect(wrapper.findAll('[data-testid="server-row"]')).toHaveLength(3);
  });

  it('filters by game in the panel, offering only games that have servers', async () => {
    const fetch = answer(servers);
    const { wrapper, router } = await open();
    const game = wrapper.findAllComponents(QSelect)[1]!;
    expect(
      (game.props('options') as Array<{ value: string }>).map((option) => option.value),
    ).toEqual(['', 'minecraft-paper', 'valheim']);
    game.vm.$emit('update:modelValue', 'valheim');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ game: 'valheim' });
    expect(wrapper.findAll('[data-testid="server-name"]').map((name) => name.text())).toEqual([
      'Creative',
    ]);
    // The game filter needs no second trip to core.
    expect(listCalls(fetch)).toHaveLength(1);
  });

  it('copies the address to the clipboard and says so', async () => {
    answer(servers);
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    const { wrapper } = await open();
    await wrapper.get('[data-testid="copy-address"]').trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('203.0.113.7:25565');
    expect(wrapper.get('[data-testid="copy-result"]').text()).toBe('Address copied');
  });

  it('updates a status in place from the stream, without reloading the list', async () => {
    const live = servers.map((server) => ({ ...server }));
    const fetch = answer(live);
    const { wrapper } = await open();
    expect(stream.subscribed.has('tenant/100/events')).toBe(true);
    expect(wrapper.get('[data-testid="live-state"]').attributes('data-state')).toBe('open');
    const rowsBefore = wrapper.findAll('[data-testid="server-row"]').length;
    live[1] = { ...live[1]!, status: { ...live[1]!.status, phase: 'Starting' } };
    stream.emit('tenant/100/events', {
      type: 'server.status',
      serverId: 's2',
      phase: 'Starting',
      previousPhase: 'Stopped',
    });
    await nextTick();
    // Shown from the event itself, before core is asked for the rest of the status.
    const phaseOf = () =>
      wrapper
        .findAll('[data-testid="server-row"]')[1]!
        .get('[data-testid="server-status"]')
        .attributes('data-phase');
    expect(phaseOf()).toBe('Starting');
    await flushPromises();
    expect(phaseOf()).toBe('Starting');
    expect(wrapper.findAll('[data-testid="server-row"]')).toHaveLength(rowsBefore);
    expect(listCalls(fetch)).toHaveLength(1);
    // The server read alone carries no sample: the row keeps the one the list brought.
    const creative = wrapper.findAll('[data-testid="server-row"]')[1]!;
    expect(creative.get('[data-testid="usage-unavailable"]').text()).toBe('Not measured');

    stream.emit('tenant/100/events', { type: 'server.deleted', serverId: 's3' });
    await flushPromises();
    expect(wrapper.findAll('[data-testid="server-row"]')).toHaveLength(2);
  });

  it('reads the list again each minute, in place, to show a cluster gone quiet as out of date', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const live = servers.map((server) => ({ ...server }));
      const fetch = answer(live);
      const { wrapper } = await open();
      expect(wrapper.findAll('[data-testid="server-status-stale"]')).toHaveLength(0);
      live[0] = { ...live[0]!, status: { ...live[0]!.status, stale: true } };
      vi.advanceTimersByTime(60_000);
      await flushPromises();
      await flushPromises();
      expect(listCalls(fetch)).toHaveLength(2);
      expect(wrapper.find('[data-testid="state-loading"]').exists()).toBe(false);
      const first = wrapper.findAll('[data-testid="server-row"]')[0]!;
      expect(first.get('[data-testid="server-status"]').attributes('data-stale')).toBe('true');
    } finally {
      vi.useRealTimers();
    }
  });

  it('leads an empty tenant to create a server', async () => {
    answer([]);
    const { wrapper } = await open();
    expect(wrapper.get('[data-testid="state-empty"]').text()).toContain('No game servers yet');
    expect(wrapper.get('[data-testid="empty-create"]').attributes('href')).toBe(
      '/t/100/servers/new',
    );
  });

  it('disables creating a server without server.create and says why', async () => {
    answer(servers, ['server.read']);
    const { wrapper } = await open();
    const create = wrapper.get('[data-testid="create-server"]');
    expect(create.attributes('aria-disabled')).toBe('true');
    expect(create.attributes('href')).toBeUndefined();
    const reason = document.getElementById(create.attributes('aria-describedby')!);
    expect(reason?.textContent).toBe('You need the server.create permission to create servers.');
  });

  it('shows which permission is missing when the list is forbidden', async () => {
    answer(servers, []);
    const { wrapper } = await open();
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('server.read');
    expect(wrapper.find('[data-testid="server-table"]').exists()).toBe(false);
  });

  it('shows an error with the request id and loads again on retry', async () => {
    let fail = true;
    answer((url) => {
      if (url.pathname !== '/api/v1/tenants/100/servers') return undefined;
      if (fail)
        return jsonResponse({ error: { code: 'PN_INTERNAL', message: 'boom' } }, 500, 'req-9');
      return jsonResponse({ items: [sampleServer('s1')], nextCursor: null });
    });
    const { wrapper } = await open();
    expect(wrapper.get('[data-testid="state-error"]').text()).toContain('req-9');
    fail = false;
    await wrapper.get('[data-testid="state-error"] button').trigger('click');
    await flushPromises();
    await flushPromises();
    expect(wrapper.findAll('[data-testid="server-row"]')).toHaveLength(1);
  });
});
