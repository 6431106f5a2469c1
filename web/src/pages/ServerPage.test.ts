import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { loadBackupsTab } from '../__fixtures__/pluginUi.ts';
import { jsonResponse, registryWithPlugins } from '../__fixtures__/registry.ts';
import { startStreamServer, type TestStreamServer } from '../__fixtures__/streamServer.ts';
import type { MetricsSample, Server, ServerMetrics } from '../api/servers.ts';
import TerminalView from '../components/server/TerminalView.vue';
import { i18n } from '../i18n/instance.ts';
import ServerPage from './ServerPage.vue';

// The build found one plugin package with web UI: the backups plugin the registry lists.
vi.mock('../plugin-ui/sources.ts', () => import('../__fixtures__/pluginUi.ts'));

const tenant = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: null,
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
};

const all = [
  'server.read',
  'server.start',
  'server.stop',
  'server.restart',
  'server.update',
  'server.delete',
  'server.console.read',
  'server.console.write',
  'server.logs.read',
  'server.metrics.read',
  'audit.read',
];

function server(overrides: Partial<Server> = {}): Server {
  return {
    id: 's1',
    tenantId: '100',
    name: 'Survival',
    clusterId: 'cl_1',
    template: { id: 't-paper', version: 2 },
    gameId: 'minecraft-paper',
    parameters: { MAX_PLAYERS: 20 },
    resources: { cpu: 2000, memory: 4096, disk: 10240 },
    exposure: 'LoadBalancer',
    desiredState: 'Running',
    installGeneration: 0,
    pendingAction: null,
    revision: 4,
    linkRevision: 57,
    status: {
      phase: 'Running',
      message: null,
      address: '203.0.113.7',
      ports: [{ name: 'game', port: 25565, protocol: 'TCP' }],
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: new Date(Date.now() - (2 * 3600 + 5 * 60) * 1000).toISOString(),
        },
      ],
      restartCount: 0,
      observedGeneration: 2,
      reportedAt: new Date(Date.now() - 30_000).toISOString(),
      ageSeconds: 30,
      stale: false,
    },
    createdBy: '1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const sample = (over: Partial<MetricsSample> = {}): MetricsSample => ({
  at: '2026-01-01T10:00:00.000Z',
  cpu: 420,
  memory: 900,
  disk: null,
  networkRx: 1200,
  networkTx: null,
  playersOnline: 5,
  playersMax: 20,
  ...over,
});

function metrics(series: MetricsSample[]): ServerMetrics {
  const { at: _at, ...current } = series.at(-1) ?? sample({ cpu: null, memory: null });
  return {
    range: '1h',
    serverId: 's1',
    stepSeconds: 60,
    current: { ...current, reportedAt: null },
    series,
  };
}

type Handler = (url: URL, init?: RequestInit) => Response | Promise<Response> | undefined;

function answer(
  handler: Handler = () => undefined,
  options: { permissions?: string[]; servers?: Record<string, string[]>; current?: Server } = {},
) {
  const current = { value: options.current ?? server() };
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    const own = await handler(url, init);
    if (own !== undefined) return own;
    switch (url.pathname) {
      case '/api/v1/registry':
        return jsonResponse(registryWithPlugins);
      case '/api/v1/tenants/100':
        return jsonResponse(tenant);
      case '/api/v1/tenants/100/permissions/me':
        return jsonResponse({
          member: '1',
          admin: false,
          adminBy: null,
          permissions: options.permissions ?? all,
          servers: options.servers ?? {},
        });
      case '/api/v1/tenants/100/servers/s1':
        return jsonResponse(current.value);
      case '/api/v1/tenants/100/servers/s1/metrics':
        return jsonResponse(metrics([sample(), sample({ at: '2026-01-01T10:01:00.000Z' })]));
      case '/api/v1/tenants/100/audit':
        return jsonResponse({ items: [], nextCursor: null });
    }
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, current };
}

const calls = (fetch: ReturnType<typeof answer>['fetch'], path: string, method = 'GET') =>
  fetch.mock.calls.filter(
    ([input, init]) =>
      new URL(input, 'http://panel.test').pathname === path && (init?.method ?? 'GET') === method,
  );

/** How long and how often the tests look again for the state they wait for. */
const settle = { timeout: 3_000, interval: 10 };
/** Waits for `check` to hold, as the other waits here do. */
const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), settle);

let stream: TestStreamServer;

beforeEach(async () => {
  stream = await startStreamServer();
});

afterEach(async () => {
  document.body.innerHTML = '';
  await stream.close();
});

const open = (path = '/t/100/servers/s1') => mountPageInPanel(ServerPage, { path });

describe('server page', () => {
  it('shows a skeleton while the server loads', async () => {
    answer((url) =>
      url.pathname === '/api/v1/tenants/100/servers/s1' ? new Promise(() => undefined) : undefined,
    );
    const { wrapper } = await open();
    await flushPromises();
    expect(wrapper.get('[data-testid="state-loading"]').attributes('role')).toBe('status');
  });

  it('says when the server does not exist, with the way back', async () => {
    answer((url) =>
      url.pathname === '/api/v1/tenants/100/servers/s1'
        ? jsonResponse({ error: { code: 'PN_SERVER_NOT_FOUND', message: 'No such server' } }, 404)
        : undefined,
    );
    const { wrapper } = await open();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="state-empty"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="back-to-list"]').attributes('href')).toBe('/t/100/servers');
  });

  it('shows an error with the request id and retries', async () => {
    let fail = true;
    const { fetch } = answer((url) =>
      url.pathname === '/api/v1/tenants/100/servers/s1' && fail
        ? jsonResponse({ error: { code: 'PN_INTERNAL', message: 'Boom' } }, 500, 'req-9')
        : undefined,
    );
    const { wrapper } = await open();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="state-error"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="error-request-id"]').text()).toBe('req-9');
    fail = false;
    await wrapper.get('[data-testid="retry"]').trigger('click');
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="overview"]').exists()).toBe(true),
      settle,
    );
    expect(calls(fetch, '/api/v1/tenants/100/servers/s1')).toHaveLength(2);
  });

  it('is forbidden without server.read here or on this server', async () => {
    answer(undefined, { permissions: ['audit.read'] });
    const { wrapper } = await open();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="state-forbidden"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('server.read');
  });

  it('shows status, address, players, uptime and charts, with unmeasured values as unavailable', async () => {
    answer();
    const { wrapper } = await open();
    await vi.waitFor(
      () =>
        expect(
          wrapper.find('[data-testid="metric-cpu"] [data-testid="metric-current"]').exists(),
        ).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="server-status"]').attributes('data-phase')).toBe('Running');
    expect(wrapper.get('[data-testid="address"]').text()).toContain('203.0.113.7:25565');
    expect(wrapper.get('[data-testid="players"]').text()).toBe('5 of 20');
    expect(wrapper.get('[data-testid="uptime"]').text()).toBe('2 h 5 min');
    expect(wrapper.get('[data-testid="metric-cpu"] [data-testid="metric-current"]').text()).toBe(
      '0.42',
    );
    // Disk was never measured: "unavailable", never a chart at zero.
    expect(
      wrapper.find('[data-testid="metric-disk"] [data-testid="metric-unavailable"]').exists(),
    ).toBe(true);
    expect(wrapper.find('[data-testid="metric-disk"] canvas').exists()).toBe(false);
    expect(wrapper.get('[data-testid="metric-disk"] [data-testid="metric-current"]').text()).toBe(
      'Not measured',
    );
    // Each chart carries its numbers as a table too; a gap reads "Not measured", not 0.
    const network = wrapper.get('[data-testid="metric-network"] [data-testid="metric-table"]');
    expect(network.findAll('tbody tr')).toHaveLength(2);
    expect(network.get('tbody tr').text()).toContain('Not measured');
    expect(network.get('tbody tr').text()).toContain('1.2 kB/s');
    expect(wrapper.find('[data-testid="status-stale"]').exists()).toBe(false);
  });

  it('warns when the cluster stopped reporting', async () => {
    const stale = server();
    stale.status = { ...stale.status, stale: true };
    answer(undefined, { current: stale });
    const { wrapper } = await open();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="status-stale"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="status-stale"]').text()).toContain('stopped reporting');
    expect(wrapper.get('[data-testid="status-stale"]').text()).toContain('ago');
    expect(wrapper.get('[data-testid="server-status"]').attributes('data-stale')).toBe('true');
  });

  it('guesses nothing about a server the cluster never reported', async () => {
    const never = server();
    never.status = {
      ...never.status,
      phase: null,
      reportedAt: null,
      ageSeconds: null,
      stale: true,
    };
    answer(undefined, { current: never, permissions: ['server.read'] });
    const { wrapper } = await open();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="status-stale"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="status-stale"]').text()).toBe(
      'The cluster stopped reporting before it reported this server: its status is unknown.',
    );
    expect(wrapper.get('[data-testid="uptime"]').text()).toBe('Unknown');
    // Without server.metrics.read the players are not "not measured": they are not shown.
    expect(wrapper.get('[data-testid="players"]').text()).toBe(
      'Needs the server.metrics.read permission',
    );
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('server.metrics.read');
  });

  it('gates each action by its permission, per server too, and says why', async () => {
    answer(undefined, {
      permissions: ['server.read', 'server.metrics.read'],
      servers: { s1: ['server.restart'] },
    });
    const { wrapper } = await open();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="action-stop"]').exists()).toBe(true),
      settle,
    );
    const disabled = (id: string) =>
      wrapper.get(`[data-testid="action-${id}"]`).attributes('disabled') !== undefined;
    expect(disabled('stop')).toBe(true);
    expect(disabled('kill')).toBe(true);
    expect(disabled('restart')).toBe(false);
    // Start: allowed by nobody, and the server already runs; the permission is the reason given.
    expect(disabled('start')).toBe(true);
    const reason = (id: string) => {
      const described = wrapper.get(`[data-testid="action-${id}"]`).attributes('aria-describedby');
      return described === undefined ? null : document.getElementById(described)?.textContent;
    };
    expect(reason('stop')).toBe('Needs the server.stop permission');
    expect(reason('start')).toBe('Needs the server.start permission');
    expect(reason('restart')).toBeNull();
  });

  it('applies an action at once and puts it back honestly when core refuses', async () => {
    let refuse = true;
    const { fetch } = answer((url, init) => {
      if (url.pathname !== '/api/v1/tenants/100/servers/s1/actions/stop') return undefined;
      if (refuse)
        return jsonResponse(
          { error: { code: 'PN_SERVER_CLUSTER_OFFLINE', message: 'The cluster is offline.' } },
          503,
          'req-stop',
        );
      expect(new Headers(init?.headers).get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
      return jsonResponse(
        { revision: 5, server: server({ desiredState: 'Stopped', revision: 5 }), desired: {} },
        202,
      );
    });
    const { wrapper } = await open();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="action-stop"]').exists()).toBe(true),
      settle,
    );
    await wrapper.get('[data-testid="action-stop"]').trigger('click');
    // Optimistic: stop is applied before core answers, so Start is offered at once.
    expect(wrapper.get('[data-testid="action-start"]').attributes('disabled')).toBeDefined();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="action-error"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="action-error"]').text()).toContain(
      'PN_SERVER_CLUSTER_OFFLINE',
    );
    expect(wrapper.get('[data-testid="action-error"]').text()).toContain('req-stop');
    // Rolled back: the server still wants to run, so Stop is offered again.
    expect(wrapper.get('[data-testid="action-stop"]').attributes('disabled')).toBeUndefined();
    expect(wrapper.get('[data-testid="action-start"]').attributes('disabled')).toBeDefined();

    refuse = false;
    await wrapper.get('[data-testid="action-stop"]').trigger('click');
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="action-sent"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="action-start"]').attributes('disabled')).toBeUndefined();
    expect(calls(fetch, '/api/v1/tenants/100/servers/s1/actions/stop', 'POST')).toHaveLength(2);
  });

  it('updates the status live and fetches the server again after a newer revision', async () => {
    const { fetch, current } = answer();
    const { wrapper } = await open();
    const topic = 'server/100/s1/status';
    await vi.waitFor(() => expect(stream.subscribed()).toContain(topic), settle);
    const stopping = { ...server().status, phase: 'Stopping' as const };
    stream.publish(topic, { serverId: 's1', revision: 4, status: stopping });
    await vi.waitFor(
      () =>
        expect(wrapper.get('[data-testid="server-status"]').attributes('data-phase')).toBe(
          'Stopping',
        ),
      settle,
    );
    expect(calls(fetch, '/api/v1/tenants/100/servers/s1')).toHaveLength(1);
    expect(wrapper.get('[data-testid="stream-indicator"]').attributes('data-state')).toBe('open');

    current.value = server({ desiredState: 'Stopped', revision: 5 });
    stream.publish(topic, { serverId: 's1', revision: 5, status: stopping });
    await vi.waitFor(
      () => expect(calls(fetch, '/api/v1/tenants/100/servers/s1')).toHaveLength(2),
      settle,
    );
  });

  it('shows a banner while the stream reconnects, and catches up over HTTP after a reset', async () => {
    const { fetch } = answer();
    const { wrapper } = await open();
    await vi.waitFor(() => expect(stream.subscribed()).toContain('server/100/s1/status'), settle);
    stream.restart();
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="stream-banner"]').exists()).toBe(true),
      { ...settle, timeout: 1_000 },
    );
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="stream-banner"]').exists()).toBe(false),
      settle,
    );
    await vi.waitFor(
      () => expect(calls(fetch, '/api/v1/tenants/100/servers/s1')).toHaveLength(2),
      settle,
    );
  });

  it('says when the server drops the live status, and listens again on retry', async () => {
    answer();
    const { wrapper } = await open();
    const topic = 'server/100/s1/status';
    await vi.waitFor(() => expect(stream.subscribed()).toContain(topic), settle);
    stream.drop(topic, {
      code: 'PN_FORBIDDEN',
      message: 'Missing permission server.read',
      details: { permission: 'server.read' },
    });
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="status-dropped"]').exists()).toBe(true),
      settle,
    );
    expect(wrapper.get('[data-testid="status-dropped"]').text()).toContain('PN_FORBIDDEN');
    expect(stream.subscribed()).not.toContain(topic);
    await wrapper.get('[data-testid="status-resubscribe"]').trigger('click');
    await vi.waitFor(() => expect(stream.subscribed()).toContain(topic), settle);
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="status-dropped"]').exists()).toBe(false),
      settle,
    );
  });

  it('shows the install output on the console tab while the server installs', async () => {
    const installing = server();
    installing.status = { ...installing.status, phase: 'Installing' };
    answer(undefined, { current: installing });
    const topic = 'server/100/s1/install';
    // Printed before the page opened: the topic starts with it.
    stream.publish(topic, {
      kind: 'output',
      job: 'survival-install-1',
      data: 'Downloading Paper\n',
    });
    const { wrapper } = await open('/t/100/servers/s1?tab=console');
    const output = () =>
      wrapper
        .findAllComponents(TerminalView)
        .find((view) => view.props('testId') === 'install-terminal')
        ?.vm.bufferText() ?? '';
    await vi.waitFor(() => expect(output()).toBe('Downloading Paper'), settle);
    stream.publish(topic, {
      kind: 'status',
      phase: 'Installing',
      message: 'Running the install script',
    });
    stream.publish(topic, {
      kind: 'output',
      job: 'survival-install-1',
      data: '\x1b[32mInstall complete\x1b[0m\n',
    });
    await vi.waitFor(() => expect(output()).toBe('Downloading Paper\nInstall complete'), settle);
    expect(wrapper.get('[data-testid="install-status"]').text()).toBe('Running the install script');
    stream.publish(topic, { kind: 'end', job: 'survival-install-1', error: null });
    await vi.waitFor(
      () =>
        expect(wrapper.get('[data-testid="install-status"]').text()).toBe(
          'The install script finished.',
        ),
      settle,
    );
    // A new run of the log from its start replaces what was shown.
    stream.publish(topic, {
      kind: 'output',
      job: 'survival-install-2',
      data: 'Again\n',
      restart: true,
    });
    await vi.waitFor(() => expect(output()).toBe('Again'), settle);
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="console"]').exists()).toBe(true),
      settle,
    );
  });

  it('keeps the tab in the query string and shows plugin tabs, loading their code when opened', async () => {
    answer(undefined, { permissions: [...all, 'backup.read'] });
    loadBackupsTab.mockClear();
    const { wrapper, router } = await open('/t/100/servers/s1?tab=console');
    await until(() => wrapper.find('[data-testid="console"]').exists());
    await until(() => wrapper.find('[data-testid="tab-plugin-backups-backups"]').exists());
    // The label comes from the plugin's own messages; the code waits until the tab opens.
    expect(wrapper.get('[data-testid="tab-plugin-backups-backups"]').text()).toBe('Backups');
    expect(loadBackupsTab).not.toHaveBeenCalled();
    await wrapper.get('[data-testid="tab-plugin-backups-backups"]').trigger('click');
    await until(() => router.currentRoute.value.query.tab === 'plugin-backups-backups');
    await until(() => wrapper.find('[data-testid="backups-tab"]').exists());
    expect(wrapper.get('[data-testid="backups-tab"]').text()).toBe('Backups of s1');
    expect(loadBackupsTab).toHaveBeenCalledTimes(1);
    await wrapper.get('[data-testid="tab-activity"]').trigger('click');
    await vi.waitFor(
      () =>
        expect(wrapper.find('[data-testid="activity"] [data-testid="state-empty"]').exists()).toBe(
          true,
        ),
      settle,
    );
    await router.replace('/t/100/servers/s1?tab=nonsense');
    await vi.waitFor(
      () => expect(wrapper.find('[data-testid="overview"]').exists()).toBe(true),
      settle,
    );
  });

  it('shows a plugin tab only to those who hold its permission, here or on this server', async () => {
    answer();
    const denied = await open('/t/100/servers/s1?tab=plugin-backups-backups');
    await until(() => i18n.global.te('plugins.backups.tab'));
    await until(() => denied.wrapper.find('[data-testid="overview"]').exists());
    expect(denied.wrapper.find('[data-testid="tab-plugin-backups-backups"]').exists()).toBe(false);
    denied.wrapper.unmount();

    answer(undefined, { servers: { s1: ['backup.read'] } });
    const granted = await open('/t/100/servers/s1?tab=plugin-backups-backups');
    await until(() => granted.wrapper.find('[data-testid="backups-tab"]').exists());
  });
});
