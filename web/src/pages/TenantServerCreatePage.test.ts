import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { QOptionGroup } from 'quasar';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mountPageInPanel } from '../__fixtures__/mount.ts';
import { jsonResponse } from '../__fixtures__/registry.ts';
import { sampleServer } from '../__fixtures__/servers.ts';
import { fakeStream } from '../__fixtures__/streamSocket.ts';
import { shippedPage, templateWithVersion } from '../__fixtures__/templates.ts';
import { i18n } from '../i18n/instance.ts';
import TenantServerCreatePage from './TenantServerCreatePage.vue';

const tenant = {
  id: '100',
  name: 'Creepers',
  displayName: 'Creepers',
  iconUrl: null,
  ownerId: '1',
  installedAt: '2026-01-01T00:00:00.000Z',
};

const paper = shippedPage.items[0]!;

function paperVersion() {
  const loaded = templateWithVersion();
  loaded.template = { ...loaded.template, id: paper.id, name: 'Paper' };
  loaded.version.spec.parameters.properties.MOTD = {
    title: 'Message of the day',
    description: 'Shown in the multiplayer list.',
    type: 'string',
    minLength: 3,
    envVariable: 'MOTD',
    userViewable: true,
    userEditable: true,
    rules: ['required'],
  };
  loaded.version.spec.parameters.required.push('MOTD');
  return loaded;
}

interface Posted {
  body: unknown;
  key: string | undefined;
}

type CreateAnswer = (posted: Posted, count: number) => Response | Promise<Response>;

/** What `GET …/limits` answers; `null` answers an error. */
let exposures: string[] | null = ['ClusterIP', 'NodePort', 'LoadBalancer'];

function answer(create: CreateAnswer, permissions = ['server.read', 'server.create']) {
  const posted: Posted[] = [];
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    const path = url.pathname;
    if (path === '/api/v1/tenants/100') return jsonResponse(tenant);
    if (path === '/api/v1/tenants/100/permissions/me')
      return jsonResponse({ member: true, admin: false, adminBy: [], permissions, servers: {} });
    if (path === '/api/v1/registry')
      return jsonResponse({ core: { name: 'pteronimbus' }, plugins: [] });
    if (path === '/api/v1/tenants/100/templates')
      return jsonResponse({ items: shippedPage.items, nextCursor: null });
    if (path === `/api/v1/tenants/100/templates/${paper.id}`) return jsonResponse(paperVersion());
    if (path === '/api/v1/tenants/100/servers' && init?.method === 'POST') {
      const headers = init.headers as Record<string, string>;
      const entry = {
        body: JSON.parse(String(init.body)) as unknown,
        key: headers['idempotency-key'],
      };
      posted.push(entry);
      return create(entry, posted.length);
    }
    if (path === '/api/v1/tenants/100/settings')
      return jsonResponse({ defaultClusterId: 'cl_main' });
    if (path === '/api/v1/tenants/100/limits')
      return exposures === null
        ? jsonResponse({ error: { code: 'PN_FORBIDDEN', message: 'Missing permission' } }, 403)
        : jsonResponse({
            quota: { servers: 10, cpuMillicores: 8000, memoryMb: 16384, diskGb: 100 },
            ceiling: { servers: 10, cpuMillicores: 8000, memoryMb: 16384, diskGb: 100 },
            exposures,
            serverMax: { cpuMillicores: 4000, memoryMb: 8192, diskGb: 50 },
          });
    if (path === '/api/v1/tenants/100/servers/s9') return jsonResponse(installing());
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, posted };
}

function installing() {
  return sampleServer('s9', {
    name: 'Survival',
    status: {
      ...sampleServer('s9').status,
      phase: null,
      address: null,
      ports: [],
      reportedAt: null,
      ageSeconds: null,
    },
  });
}

const accepted = () => jsonResponse({ revision: 1, server: installing(), desired: {} }, 202);

let stream: ReturnType<typeof fakeStream>;
beforeEach(() => {
  stream = fakeStream();
});
afterEach(() => {
  exposures = ['ClusterIP', 'NodePort', 'LoadBalancer'];
  stream.stop();
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  i18n.global.locale.value = 'en';
});

async function settle() {
  for (let i = 0; i < 4; i++) await flushPromises();
}

async function open() {
  const mounted = await mountPageInPanel(TenantServerCreatePage, { path: '/t/100/servers/new' });
  await settle();
  return mounted;
}

const visibleStep = (wrapper: VueWrapper) =>
  wrapper.findAll('.q-stepper__step-content').filter((content) => content.isVisible());

async function clickNext(wrapper: VueWrapper) {
  await visibleStep(wrapper)[0]!.get('[data-testid="next"]').trigger('click');
  await settle();
}

/** Picks Paper, names the server, and fills the settings step with a valid value. */
async function toResources(wrapper: VueWrapper) {
  await wrapper.get(`[data-template-id="${paper.id}"]`).trigger('click');
  await settle();
  await wrapper.get('[data-testid="server-name"]').setValue('Survival');
  await clickNext(wrapper);
  await wrapper.get('[data-testid="field-MOTD"] input').setValue('Welcome');
  await clickNext(wrapper);
}

async function toReview(wrapper: VueWrapper) {
  await toResources(wrapper);
  await clickNext(wrapper);
}

describe('create server wizard', () => {
  it('lists global and tenant templates and asks for one before going on', async () => {
    answer(accepted);
    const { wrapper } = await open();
    const options = wrapper.findAll('[data-testid="template-option"]');
    expect(options).toHaveLength(3);
    expect(options[0]!.attributes('role')).toBe('radio');
    await clickNext(wrapper);
    expect(wrapper.get('[data-testid="template-required"]').text()).toBe(
      'Pick a template to continue.',
    );
    expect(wrapper.find('[data-testid="schema-form"]').exists()).toBe(false);
  });

  it('renders the template parameters with their help and blocks on translated problems', async () => {
    answer(accepted);
    i18n.global.locale.value = 'fr';
    const { wrapper } = await open();
    await wrapper.get(`[data-template-id="${paper.id}"]`).trigger('click');
    await settle();
    // The template's name is a starting point for the server's.
    expect((wrapper.get('[data-testid="server-name"]').element as HTMLInputElement).value).toBe(
      'Paper',
    );
    await clickNext(wrapper);
    const motd = wrapper.get('[data-testid="field-MOTD"]');
    expect(motd.text()).toContain('Shown in the multiplayer list.');
    await clickNext(wrapper);
    expect(wrapper.get('[data-testid="field-MOTD"]').text()).toContain('Ce champ est obligatoire.');
    expect(wrapper.find('[data-testid="resource-cpu"]').exists()).toBe(false);
  });

  it('creates the server with what was chosen and shows the install progress live', async () => {
    const { posted } = answer(accepted);
    const { wrapper } = await open();
    await toResources(wrapper);
    expect(visibleStep(wrapper)[0]!.text()).toContain('Template default: 2,000.');
    await wrapper.get('[data-testid="resource-memory"]').setValue('8192');
    wrapper.findComponent(QOptionGroup).vm.$emit('update:modelValue', 'LoadBalancer');
    await clickNext(wrapper);
    expect(wrapper.get('[data-testid="review-resources"]').text()).toBe(
      '2,000 millicores, 8,192 MiB memory, 10,240 MiB disk',
    );
    expect(wrapper.get('[data-testid="review-parameters"]').text()).toContain('MOTD = Welcome');

    await wrapper.get('[data-testid="submit"]').trigger('click');
    await settle();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.body).toEqual({
      name: 'Survival',
      templateId: paper.id,
      templateVersion: 2,
      parameters: { MOTD: 'Welcome' },
      resources: { memory: 8192 },
      exposure: 'LoadBalancer',
      start: true,
    });
    expect(posted[0]!.key).toMatch(/^[\w-]{8,}$/);

    const progress = wrapper.get('[data-testid="install-progress"]');
    expect(progress.get('[data-testid="install-note"]').text()).toBe(
      'Waiting for the cluster to pick it up…',
    );
    expect(wrapper.get('[data-testid="open-server"]').attributes('href')).toBe('/t/100/servers/s9');
    expect(stream.subscribed.has('server/100/s9/status')).toBe(true);
    const states = () =>
      wrapper.findAll('[data-testid="install-step"]').map((item) => item.attributes('data-state'));
    stream.emit('server/100/s9/status', {
      serverId: 's9',
      revision: 1,
      status: { ...installing().status, phase: 'Installing', reportedAt: new Date().toISOString() },
    });
    await settle();
    expect(states()).toEqual(['active', 'waiting', 'waiting']);
    stream.emit('server/100/s9/status', {
      serverId: 's9',
      revision: 1,
      status: { ...installing().status, phase: 'Running', reportedAt: new Date().toISOString() },
    });
    await settle();
    expect(states()).toEqual(['done', 'done', 'done']);
    expect(wrapper.get('[data-testid="server-status"]').text()).toContain('Running');
  });

  it('shows a quota refusal on the resources step and retries with the same key', async () => {
    const { posted } = answer((_posted, count) =>
      count < 3
        ? jsonResponse(
            {
              error: {
                code: 'PN_QUOTA_EXCEEDED',
                message: 'The tenant quota does not allow this: memory 4096 + 8192 > 8192',
                details: {
                  quota: 'memory',
                  limit: 8192,
                  used: 4096,
                  requested: 8192,
                  exceeded: [{ quota: 'memory', limit: 8192, used: 4096, requested: 8192 }],
                },
              },
            },
            409,
            'req-quota',
          )
        : accepted(),
    );
    const { wrapper } = await open();
    await toResources(wrapper);
    await wrapper.get('[data-testid="resource-memory"]').setValue('8192');
    await clickNext(wrapper);
    await wrapper.get('[data-testid="submit"]').trigger('click');
    await settle();

    const shown = visibleStep(wrapper)[0]!;
    expect(shown.find('[data-testid="resource-memory"]').exists()).toBe(true);
    expect(shown.get('[data-testid="submit-error-message"]').text()).toBe(
      'This would exceed the memory (MiB) quota of this Discord server: limit 8,192, in use 4,096, asked for 8,192.',
    );
    expect(shown.get('[data-testid="submit-error-request-id"]').text()).toBe('req-quota');

    // The same request again (after a refusal or a lost answer) carries the same key.
    await clickNext(wrapper);
    await wrapper.get('[data-testid="submit"]').trigger('click');
    await settle();
    expect(posted).toHaveLength(2);
    expect(posted[1]!.key).toBe(posted[0]!.key);

    // A changed request is a new one.
    await wrapper.get('[data-testid="resource-memory"]').setValue('2048');
    await clickNext(wrapper);
    await wrapper.get('[data-testid="submit"]').trigger('click');
    await settle();
    expect(posted).toHaveLength(3);
    expect(posted[2]!.key).not.toBe(posted[0]!.key);
    expect(wrapper.find('[data-testid="install-progress"]').exists()).toBe(true);
  });

  it('says in the panel language that a locked parameter is not the member’s to change', async () => {
    answer(() =>
      jsonResponse(
        {
          error: {
            code: 'PN_SERVER_PARAMETER_LOCKED',
            message: 'Only template managers may change these parameters: RCON_PASSWORD',
            details: { parameters: ['RCON_PASSWORD'] },
          },
        },
        403,
        'req-locked',
      ),
    );
    const { wrapper } = await open();
    await toReview(wrapper);
    await wrapper.get('[data-testid="submit"]').trigger('click');
    await settle();
    expect(wrapper.get('[data-testid="submit-error-message"]').text()).toBe(
      'Only someone who manages templates may change these settings; they keep the value the template gives them.',
    );
  });

  it('offers only the exposures the tenant is allowed, and ClusterIP when it cannot tell', async () => {
    const offered = (wrapper: VueWrapper) =>
      (wrapper.findComponent(QOptionGroup).props('options') as Array<{ value: string }>).map(
        (o) => o.value,
      );
    exposures = ['ClusterIP', 'NodePort'];
    answer(accepted);
    const first = await open();
    await toResources(first.wrapper);
    expect(offered(first.wrapper)).toEqual(['ClusterIP', 'NodePort']);
    first.wrapper.unmount();
    document.body.innerHTML = '';

    exposures = null;
    answer(accepted);
    const second = await open();
    await toResources(second.wrapper);
    expect(offered(second.wrapper)).toEqual(['ClusterIP']);
  });

  it('sends one request for a double click', async () => {
    let release: () => void = () => undefined;
    const { posted } = answer(
      () => new Promise<Response>((resolve) => (release = () => resolve(accepted()))),
    );
    const { wrapper } = await open();
    await toReview(wrapper);
    const submit = wrapper.get('[data-testid="submit"]');
    await submit.trigger('click');
    await submit.trigger('click');
    await settle();
    expect(posted).toHaveLength(1);
    release();
    await settle();
    expect(wrapper.find('[data-testid="install-progress"]').exists()).toBe(true);
  });

  it('takes refused parameters back to the settings step and names them', async () => {
    answer(() =>
      jsonResponse(
        {
          error: {
            code: 'PN_SERVER_PARAMETERS_INVALID',
            message: 'Invalid server parameters',
            details: { issues: [{ path: '/parameters/MOTD', message: 'must not contain §' }] },
          },
        },
        400,
      ),
    );
    const { wrapper } = await open();
    await toReview(wrapper);
    await wrapper.get('[data-testid="submit"]').trigger('click');
    await settle();
    const shown = visibleStep(wrapper)[0]!;
    expect(shown.find('[data-testid="field-MOTD"]').exists()).toBe(true);
    expect(shown.get('[data-testid="parameter-issues"]').text()).toBe('MOTD must not contain §');
  });

  it('names the default cluster to those who manage the settings, and preselects it', async () => {
    const { posted } = answer(accepted, ['server.read', 'server.create', 'tenant.settings.manage']);
    const { wrapper } = await open();
    await toResources(wrapper);
    expect(visibleStep(wrapper)[0]!.text()).toContain(
      'The default cluster of this Discord server (cl_main)',
    );
    await clickNext(wrapper);
    await wrapper.get('[data-testid="submit"]').trigger('click');
    await settle();
    // The default is the tenant's to decide at creation: no cluster is sent.
    expect(posted[0]!.body).not.toHaveProperty('clusterId');
  });

  it('makes the steps of a newly chosen template be walked through again', async () => {
    answer(accepted);
    const { wrapper } = await open();
    await toReview(wrapper);
    const headers = () =>
      wrapper
        .findAll('.q-stepper__tab')
        .map((tab) => tab.classes().includes('q-stepper__tab--navigation'));
    expect(headers()).toEqual([true, true, true, true]);
    await wrapper.findAll('.q-stepper__tab')[0]!.trigger('click');
    await settle();
    await wrapper.get(`[data-template-id="${shippedPage.items[1]!.id}"]`).trigger('click');
    await settle();
    expect(headers()).toEqual([true, false, false, false]);
  });

  it('says which permission is missing to create a server', async () => {
    answer(accepted, ['server.read']);
    const { wrapper } = await open();
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('server.create');
    expect(wrapper.find('[data-testid="wizard"]').exists()).toBe(false);
  });
});
