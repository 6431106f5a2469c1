import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { jsonResponse } from '../../__fixtures__/registry.ts';
import { templateWithVersion } from '../../__fixtures__/templates.ts';
import { createServersApi, type Server } from '../../api/servers.ts';
import ServerSettings from './ServerSettings.vue';

const templateId = '0190f5f2-0000-7000-8000-000000000001';

function server(): Server {
  return {
    id: 's1',
    tenantId: '100',
    name: 'Survival',
    clusterId: 'cl_1',
    template: { id: templateId, version: 1 },
    gameId: 'minecraft',
    parameters: { SERVER_JARFILE: 'paper.jar' },
    resources: { cpu: 2000, memory: 4096, disk: 10240 },
    exposure: 'ClusterIP',
    desiredState: 'Running',
    installGeneration: 0,
    pendingAction: null,
    revision: 4,
    linkRevision: null,
    status: {
      phase: 'Running',
      message: null,
      address: null,
      ports: [],
      conditions: [],
      restartCount: 0,
      observedGeneration: 1,
      reportedAt: null,
      ageSeconds: null,
      stale: false,
    },
    createdBy: '1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

type Handler = (url: URL, init?: RequestInit) => Response | undefined;

function answer(handler: Handler = () => undefined) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    const own = handler(url, init);
    if (own !== undefined) return own;
    const base = `/api/v1/tenants/100/templates/${templateId}`;
    if (url.pathname === base) return jsonResponse(templateWithVersion());
    if (url.pathname === `${base}/versions/1`) {
      const { version } = templateWithVersion();
      return jsonResponse({ ...version, version: 1 });
    }
    return jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const bodies = (fetch: ReturnType<typeof answer>, path: string, method: string) =>
  fetch.mock.calls
    .filter(
      ([input, init]) =>
        new URL(input, 'http://panel.test').pathname === path && init?.method === method,
    )
    .map(([, init]) => JSON.parse(String(init?.body)) as Record<string, unknown>);

afterEach(() => {
  document.body.innerHTML = '';
});

async function mountSettings(canUpdate = true) {
  const updates: Server[] = [];
  const { wrapper } = await mountInPanel(ServerSettings, {
    mount: {
      props: {
        server: server(),
        api: createServersApi('100'),
        canUpdate,
        'onUpdate:server': (s: Server) => updates.push(s),
      },
    },
  });
  await flushPromises();
  return { wrapper, updates };
}

describe('server settings', () => {
  it('offers the newer version and shows what will be kept and dropped before moving', async () => {
    const fetch = answer((url, init) => {
      if (url.pathname !== '/api/v1/tenants/100/servers/s1/template') return undefined;
      const body = JSON.parse(String(init?.body)) as { dryRun?: boolean };
      const dropped = [
        {
          name: 'OLD_FLAG',
          value: true,
          reason: 'removed',
          message: 'Version 2 has no parameter OLD_FLAG.',
        },
      ];
      return body.dryRun
        ? jsonResponse({
            dryRun: true,
            from: 1,
            to: 2,
            kept: { SERVER_JARFILE: 'paper.jar' },
            dropped,
          })
        : jsonResponse(
            {
              revision: 5,
              server: { ...server(), template: { id: templateId, version: 2 }, revision: 5 },
              desired: {},
              from: 1,
              to: 2,
              dropped,
            },
            202,
          );
    });
    const { wrapper, updates } = await mountSettings();
    expect(wrapper.get('[data-testid="version-current"]').text()).toBe('Paper, version 1');
    expect(wrapper.get('[data-testid="version-offer"]').text()).toContain('Version 2');
    await wrapper.get('[data-testid="version-review"]').trigger('click');
    await flushPromises();
    const dialog = document.querySelector('[data-testid="move-dialog"]')!;
    expect(dialog.querySelector('[data-testid="move-kept"]')!.textContent).toContain(
      'SERVER_JARFILE = "paper.jar"',
    );
    const dropped = dialog.querySelector('[data-testid="move-dropped"]')!.textContent!;
    expect(dropped).toContain('OLD_FLAG = true');
    expect(dropped).toContain('the new version has no such setting');
    // Nothing moved yet: only the dry run was asked.
    expect(
      bodies(fetch, '/api/v1/tenants/100/servers/s1/template', 'POST').map((b) => b.dryRun),
    ).toEqual([true]);

    (dialog.querySelector('[data-testid="move-confirm"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(bodies(fetch, '/api/v1/tenants/100/servers/s1/template', 'POST').at(-1)).toEqual({
      version: 2,
    });
    expect(wrapper.get('[data-testid="version-moved"]').text()).toContain(
      'Moved from version 1 to version 2.',
    );
    expect(wrapper.get('[data-testid="version-moved"]').text()).toContain(
      'OLD_FLAG was dropped: Version 2 has no parameter OLD_FLAG.',
    );
    expect(updates.at(-1)?.template.version).toBe(2);
  });

  it('saves only changed parameters and shows every problem core finds', async () => {
    const fetch = answer((url) =>
      url.pathname === '/api/v1/tenants/100/servers/s1'
        ? jsonResponse(
            {
              error: {
                code: 'PN_SERVER_PARAMETERS_INVALID',
                message: 'The parameters are not valid.',
                details: {
                  issues: [
                    { path: '/parameters/SERVER_JARFILE', message: 'must be a jar' },
                    {
                      path: '/parameters/MAX_PLAYERS',
                      message: 'must be <= 50',
                      code: 'maximum',
                      params: { limit: 50 },
                    },
                  ],
                },
              },
            },
            400,
            'req-p',
          )
        : undefined,
    );
    const { wrapper } = await mountSettings();
    const save = () => wrapper.get('[data-testid="parameters-save"]');
    expect(save().attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="schema-form"] input').setValue('other.jar');
    expect(save().attributes('disabled')).toBeUndefined();
    await wrapper.get('[data-testid="schema-form"]').trigger('submit');
    await flushPromises();
    expect(bodies(fetch, '/api/v1/tenants/100/servers/s1', 'PATCH')).toEqual([
      { parameters: { SERVER_JARFILE: 'other.jar' } },
    ]);
    // A problem core words in a way the panel knows is said in the panel's language; any other
    // keeps core's English.
    const issues = wrapper.findAll('[data-testid="parameters-issues"] li').map((li) => li.text());
    expect(issues).toEqual(['SERVER_JARFILE must be a jar', 'MAX_PLAYERS Enter 50 or less.']);
    expect(wrapper.get('[data-testid="parameters-error"]').text()).toContain('req-p');
  });

  it('resizes with only the changed resources', async () => {
    const fetch = answer((url) =>
      url.pathname === '/api/v1/tenants/100/servers/s1'
        ? jsonResponse({ revision: 5, server: server(), desired: {} }, 202)
        : undefined,
    );
    const { wrapper } = await mountSettings();
    await wrapper.get('[data-testid="resource-memory"]').setValue('6144');
    await wrapper.get('form.pn-settings__resources').trigger('submit');
    await flushPromises();
    expect(bodies(fetch, '/api/v1/tenants/100/servers/s1', 'PATCH')).toEqual([
      { resources: { memory: 6144 } },
    ]);
    expect(wrapper.find('[data-testid="resources-saved"]').exists()).toBe(true);
  });

  it('is read-only without server.update, saying why', async () => {
    answer();
    const { wrapper } = await mountSettings(false);
    expect(wrapper.get('[data-testid="settings-readonly"]').text()).toContain('server.update');
    expect(wrapper.get('[data-testid="version-review"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="parameters-save"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="resources-save"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="resource-cpu"]').attributes('readonly')).toBeDefined();
  });

  it('shows a retryable error when the template cannot be read', async () => {
    let fail = true;
    answer((url) =>
      fail && url.pathname.includes('/templates/')
        ? jsonResponse({ error: { code: 'PN_INTERNAL', message: 'Boom' } }, 500)
        : undefined,
    );
    const { wrapper } = await mountSettings();
    expect(wrapper.find('[data-testid="state-error"]').exists()).toBe(true);
    fail = false;
    await wrapper.get('[data-testid="retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="schema-form"]').exists()).toBe(true);
  });
});
