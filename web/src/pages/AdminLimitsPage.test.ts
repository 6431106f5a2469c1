import { flushPromises } from '@vue/test-utils';
import { QOptionGroup } from 'quasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import type { AdminTenant, InstallationPolicy, InstallRequest } from '../api/limits.ts';
import { i18n } from '../i18n/instance.ts';
import AdminLimitsPage from './AdminLimitsPage.vue';

const policy: InstallationPolicy = {
  installPolicy: 'approval',
  installAllowlist: [],
  clusterGrants: 'none',
  exposures: ['ClusterIP'],
  tenantCeiling: { servers: 10, cpuMillicores: 8000, memoryMb: 16384, diskGb: 100 },
  serverMax: { cpuMillicores: 4000, memoryMb: 8192, diskGb: 50 },
};

const request: InstallRequest = {
  guildId: '200000000000000001',
  name: 'Night Owls',
  iconUrl: null,
  ownerId: '300000000000000001',
  requestedBy: '300000000000000001',
  requestedAt: '2026-01-01T00:00:00.000Z',
  status: 'pending',
  decidedBy: null,
  decidedAt: null,
};

const tenant: AdminTenant = {
  id: '100',
  name: 'Creepers',
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
  limits: {
    ceiling: { servers: 4, cpuMillicores: 8000, memoryMb: 16384, diskGb: 100 },
    ceilingSet: { servers: 4 },
    clusters: ['eu-1'],
    clustersSet: ['eu-1'],
    exposures: ['ClusterIP'],
    exposuresSet: null,
    serverMax: policy.serverMax,
    updatedBy: null,
    updatedAt: null,
  },
  usage: { servers: 2, cpuMillicores: 2000, memoryMb: 2048, diskGb: 4 },
};

const clusters = [
  {
    clusterId: 'eu-1',
    name: 'Frankfurt',
    status: 'approved',
    capacity: {},
    usage: { servers: 2, cpuMillicores: 2000, memoryMb: 2048, diskGb: 4 },
  },
  {
    clusterId: 'us-2',
    name: 'Ohio',
    status: 'approved',
    capacity: {},
    usage: { servers: 0, cpuMillicores: 0, memoryMb: 0, diskGb: 0 },
  },
];

type Handler = (url: URL, init?: RequestInit) => Response | Promise<Response> | undefined;

/** Core as a super admin sees it; `handler` answers first. */
function answer(handler: Handler = () => undefined) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    const own = await handler(url, init);
    if (own !== undefined) return own;
    const method = init?.method ?? 'GET';
    if (url.pathname === '/api/v1/admin/install-requests')
      return jsonResponse({ items: [request] });
    if (url.pathname === '/api/v1/admin/policy' && method === 'GET') return jsonResponse(policy);
    if (url.pathname === '/api/v1/admin/tenants') return jsonResponse({ items: [tenant] });
    if (url.pathname === '/api/v1/admin/cluster-capacity') return jsonResponse({ items: clusters });
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const sent = (fetch: ReturnType<typeof answer>, method: string, path: string) =>
  fetch.mock.calls
    .filter(
      ([input, init]) =>
        (init?.method ?? 'GET') === method && new URL(input, 'http://panel.test').pathname === path,
    )
    .map(([, init]) => (init?.body === undefined ? undefined : JSON.parse(String(init.body))));

async function mountPage() {
  const { wrapper } = await mountPageInPanel(AdminLimitsPage, { path: '/admin/limits' });
  await flushPromises();
  return wrapper;
}

afterEach(() => {
  document.body.innerHTML = '';
  i18n.global.locale.value = 'en';
});

describe('tenant limits page', () => {
  it('shows loading states, not a blank page, while core answers', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>(() => undefined)),
    );
    const { wrapper } = await mountPageInPanel(AdminLimitsPage, { path: '/admin/limits' });
    await flushPromises();
    for (const id of ['requests-loading', 'policy-loading', 'tenants-loading'])
      expect(wrapper.get(`[data-testid="${id}"]`).attributes('role')).toBe('status');
    expect(wrapper.get('h1').text()).toBe('Tenant limits');
  });

  it('approves a waiting install request, then lists the new tenant', async () => {
    const fetch = answer((url, init) =>
      url.pathname.endsWith('/approve') && init?.method === 'POST'
        ? jsonResponse({ id: request.guildId, name: request.name }, 201)
        : undefined,
    );
    const wrapper = await mountPage();
    const row = wrapper.get(`[data-testid="request-${request.guildId}"]`);
    expect(row.text()).toContain('Night Owls');
    const approve = wrapper.get(`[data-testid="approve-${request.guildId}"]`);
    expect(approve.attributes('aria-label')).toBe('Approve Night Owls');
    const tenantReads = sent(fetch, 'GET', '/api/v1/admin/tenants').length;
    await approve.trigger('click');
    await flushPromises();
    expect(
      sent(fetch, 'POST', `/api/v1/admin/install-requests/${request.guildId}/approve`),
    ).toHaveLength(1);
    expect(wrapper.find(`[data-testid="request-${request.guildId}"]`).exists()).toBe(false);
    expect(wrapper.get('[data-testid="request-notice"]').text()).toBe(
      'Night Owls is now a tenant.',
    );
    expect(sent(fetch, 'GET', '/api/v1/admin/tenants').length).toBe(tenantReads + 1);
  });

  it('declines a request and says so; a failed decision shows the error and keeps the request', async () => {
    let fail = true;
    answer((url, init) => {
      if (!url.pathname.endsWith('/reject') || init?.method !== 'POST') return undefined;
      if (fail)
        return jsonResponse(
          { error: { code: 'PN_INTERNAL', message: 'Internal server error' } },
          500,
        );
      return jsonResponse({ ...request, status: 'rejected' });
    });
    const wrapper = await mountPage();
    await wrapper.get(`[data-testid="reject-${request.guildId}"]`).trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('The decision could not be saved');
    expect(wrapper.find(`[data-testid="request-${request.guildId}"]`).exists()).toBe(true);
    fail = false;
    await wrapper.get(`[data-testid="reject-${request.guildId}"]`).trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="request-notice"]').text()).toBe(
      'The request of Night Owls was declined.',
    );
  });

  it('says when nothing waits, and shows a retry when the queue cannot be read', async () => {
    let broken = true;
    answer((url) => {
      if (url.pathname !== '/api/v1/admin/install-requests') return undefined;
      return broken
        ? jsonResponse(
            { error: { code: 'PN_FORBIDDEN', message: 'Missing permission superAdmin' } },
            403,
          )
        : jsonResponse({ items: [] });
    });
    const wrapper = await mountPage();
    const queue = wrapper.get('[data-testid="install-requests"]');
    expect(queue.text()).toContain('The install requests could not be loaded');
    expect(queue.text()).toContain('PN_FORBIDDEN');
    broken = false;
    await queue.get('button').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="install-requests"]').text()).toContain('Nothing to approve');
  });

  it('saves only the policy fields that changed, and refuses an allowlist with a non-id', async () => {
    const fetch = answer((url, init) => {
      if (url.pathname !== '/api/v1/admin/policy' || init?.method !== 'PATCH') return undefined;
      return jsonResponse({ ...policy, ...JSON.parse(String(init.body)) });
    });
    const wrapper = await mountPage();
    expect(wrapper.get('[data-testid="policy-defaults"]').text()).toContain('Servers 10');
    expect(wrapper.get('[data-testid="policy-save"]').attributes('disabled')).toBeDefined();
    const groups = wrapper.findAllComponents(QOptionGroup);
    const install = groups.find((g) => g.attributes('data-testid') === 'policy-install')!;
    install.vm.$emit('update:modelValue', 'allowlist');
    await flushPromises();
    const allowlist = wrapper.get(
      'textarea[data-testid="policy-allowlist"], [data-testid="policy-allowlist"] textarea',
    );
    await allowlist.setValue('222222222222, my-guild');
    expect(wrapper.text()).toContain('Only Discord ids (5 to 25 digits) may be listed: my-guild');
    expect(wrapper.get('[data-testid="policy-save"]').attributes('disabled')).toBeDefined();
    await allowlist.setValue('222222222222');
    const exposures = groups.find((g) => g.attributes('data-testid') === 'policy-exposures')!;
    exposures.vm.$emit('update:modelValue', ['ClusterIP', 'NodePort']);
    await flushPromises();
    await wrapper.get('[data-testid="policy-save"]').trigger('click');
    await flushPromises();
    expect(sent(fetch, 'PATCH', '/api/v1/admin/policy')).toEqual([
      {
        installPolicy: 'allowlist',
        installAllowlist: ['222222222222'],
        exposures: ['ClusterIP', 'NodePort'],
      },
    ]);
    expect(wrapper.get('[data-testid="policy-saved"]').text()).toBe('Policy saved.');
  });

  it("shows each tenant's ceiling against its usage, and edits its ceiling, clusters and exposures", async () => {
    const fetch = answer((url, init) => {
      if (url.pathname !== '/api/v1/admin/tenants/100/limits' || init?.method !== 'PUT')
        return undefined;
      return jsonResponse({
        ...tenant.limits,
        ceiling: { ...tenant.limits.ceiling, cpuMillicores: 2000 },
        ceilingSet: { servers: 4, cpuMillicores: 2000 },
        exposures: ['ClusterIP', 'LoadBalancer'],
        exposuresSet: ['ClusterIP', 'LoadBalancer'],
      });
    });
    const wrapper = await mountPage();
    expect(wrapper.get('[data-testid="ceiling-100-servers"]').text()).toContain('2 of 4');
    expect(wrapper.get('[data-testid="ceiling-100-servers"]').text()).toContain(
      'set for this tenant',
    );
    expect(wrapper.get('[data-testid="ceiling-100-cpuMillicores"]').text()).toContain('default');
    expect(wrapper.get('[data-testid="clusters-100"]').text()).toContain('Frankfurt');

    await wrapper.get('[data-testid="edit-100"]').trigger('click');
    await flushPromises();
    const dialog = document.querySelector('.pn-limits-dialog')!;
    expect(dialog.textContent).toContain('Limits of Creepers');
    const cpu = dialog.querySelector<HTMLInputElement>(
      '[data-testid="editor-ceiling-cpuMillicores"] input, input[data-testid="editor-ceiling-cpuMillicores"]',
    )!;
    cpu.value = '-1';
    cpu.dispatchEvent(new Event('input'));
    await flushPromises();
    expect(dialog.textContent).toContain('A whole number of 0 or more.');
    expect(dialog.querySelector('[data-testid="editor-save"]')!.hasAttribute('disabled')).toBe(
      true,
    );
    cpu.value = '2000';
    cpu.dispatchEvent(new Event('input'));
    await flushPromises();
    (dialog.querySelector('[data-testid="editor-follow-exposures"]') as HTMLElement).click();
    await flushPromises();
    const exposures = wrapper
      .findAllComponents(QOptionGroup)
      .find((g) => g.attributes('data-testid') === 'editor-exposures')!;
    exposures.vm.$emit('update:modelValue', ['ClusterIP', 'LoadBalancer']);
    await flushPromises();
    (dialog.querySelector('[data-testid="editor-save"]') as HTMLElement).click();
    await flushPromises();
    expect(sent(fetch, 'PUT', '/api/v1/admin/tenants/100/limits')).toEqual([
      {
        ceiling: { servers: 4, cpuMillicores: 2000, memoryMb: null, diskGb: null },
        clusters: ['eu-1'],
        exposures: ['ClusterIP', 'LoadBalancer'],
      },
    ]);
    expect(wrapper.get('[data-testid="exposures-100"]').text()).toContain('LoadBalancer');
  });

  it('speaks the panel’s language', async () => {
    i18n.global.locale.value = 'de';
    answer();
    const wrapper = await mountPage();
    expect(wrapper.get('h1').text()).toBe('Mandantengrenzen');
    expect(wrapper.get(`[data-testid="approve-${request.guildId}"]`).text()).toContain('Freigeben');
  });
});
