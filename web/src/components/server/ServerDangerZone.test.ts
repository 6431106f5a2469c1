import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { jsonResponse } from '../../__fixtures__/registry.ts';
import { createServersApi, type Server, type ServerDeleted } from '../../api/servers.ts';
import ServerActivity from './ServerActivity.vue';
import ServerDangerZone from './ServerDangerZone.vue';

const survival = { id: 's1', tenantId: '100', name: 'Survival' } as Server;

function answer(handler: (url: URL, init?: RequestInit) => Response | undefined) {
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://panel.test');
    return (
      handler(url, init) ?? jsonResponse({ error: { code: 'PN_NOT_FOUND', message: 'no' } }, 404)
    );
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  document.body.innerHTML = '';
});

const q = <T extends Element = HTMLElement>(testId: string) =>
  document.querySelector<T>(`[data-testid="${testId}"]`);

async function type(testId: string, value: string) {
  const input = q<HTMLInputElement>(testId)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

async function mountZone(permissions = { canUpdate: true, canDelete: true }) {
  const deleted: ServerDeleted[] = [];
  const { wrapper } = await mountInPanel(ServerDangerZone, {
    mount: {
      props: {
        server: survival,
        api: createServersApi('100'),
        ...permissions,
        onDeleted: (answer: ServerDeleted) => deleted.push(answer),
      },
    },
  });
  return { wrapper, deleted };
}

describe('danger zone', () => {
  it('deletes only after the server’s name is typed, keeping or dropping the data as chosen', async () => {
    const fetch = answer((url, init) =>
      url.pathname === '/api/v1/tenants/100/servers/s1' && init?.method === 'DELETE'
        ? jsonResponse({
            deleted: true,
            serverId: 's1',
            keepData: url.searchParams.get('data') === 'keep',
            linkRevision: 9,
          })
        : undefined,
    );
    const { wrapper, deleted } = await mountZone();
    await wrapper.get('[data-testid="delete-open"]').trigger('click');
    await flushPromises();
    expect(q('delete-loss')!.textContent).toContain('The data volume stays');
    const confirm = () => q<HTMLButtonElement>('delete-confirm')!;
    expect(confirm().disabled).toBe(true);
    await type('delete-name', 'survival');
    expect(confirm().disabled).toBe(true);

    // Choosing to drop the data says so, plainly.
    const drop = [
      ...document.querySelectorAll<HTMLElement>('[data-testid="delete-data"] [role="radio"]'),
    ][1]!;
    drop.click();
    await flushPromises();
    expect(q('delete-loss')!.textContent).toContain('all its data');
    expect(q('delete-loss')!.textContent).toContain('deleted for good');

    await type('delete-name', 'Survival');
    expect(confirm().disabled).toBe(false);
    confirm().click();
    await flushPromises();
    const calls = fetch.mock.calls.filter(([, init]) => init?.method === 'DELETE');
    expect(calls).toHaveLength(1);
    expect(new URL(calls[0]![0], 'http://panel.test').searchParams.get('data')).toBe('drop');
    expect(deleted).toEqual([{ deleted: true, serverId: 's1', keepData: false, linkRevision: 9 }]);
  });

  it('keeps the dialog open with core’s reason when the delete is refused', async () => {
    answer((url, init) =>
      init?.method === 'DELETE'
        ? jsonResponse(
            { error: { code: 'PN_FORBIDDEN', message: 'Missing permission server.delete' } },
            403,
            'req-d',
          )
        : undefined,
    );
    const { wrapper, deleted } = await mountZone();
    await wrapper.get('[data-testid="delete-open"]').trigger('click');
    await flushPromises();
    await type('delete-name', 'Survival');
    q<HTMLButtonElement>('delete-confirm')!.click();
    await flushPromises();
    expect(q('delete-error')!.textContent).toContain('PN_FORBIDDEN');
    expect(q('delete-error')!.textContent).toContain('req-d');
    expect(deleted).toEqual([]);
  });

  it('reinstalls after a confirmation', async () => {
    const fetch = answer((url) =>
      url.pathname === '/api/v1/tenants/100/servers/s1/actions/reinstall'
        ? jsonResponse({ revision: 5, server: survival, desired: {} }, 202)
        : undefined,
    );
    const { wrapper } = await mountZone();
    await wrapper.get('[data-testid="reinstall-open"]').trigger('click');
    await flushPromises();
    expect(fetch).not.toHaveBeenCalled();
    q<HTMLButtonElement>('reinstall-confirm')!.click();
    await flushPromises();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(wrapper.find('[data-testid="reinstall-sent"]').exists()).toBe(true);
  });

  it('disables both without their permissions', async () => {
    answer(() => undefined);
    const { wrapper } = await mountZone({ canUpdate: false, canDelete: false });
    expect(wrapper.get('[data-testid="reinstall-open"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="delete-open"]').attributes('disabled')).toBeDefined();
    const reason = (testId: string) =>
      document.getElementById(
        wrapper.get(`[data-testid="${testId}"]`).attributes('aria-describedby') ?? '',
      )?.textContent;
    expect(reason('reinstall-open')).toBe('Needs the server.update permission');
    expect(reason('delete-open')).toBe('Needs the server.delete permission');
  });
});

describe('server activity', () => {
  it('lists the audit entries whose target is this server', async () => {
    const fetch = answer((url) =>
      url.pathname === '/api/v1/tenants/100/audit'
        ? jsonResponse({
            items: [
              {
                id: '1',
                tenantId: '100',
                actor: { type: 'user', id: '1', name: 'alice' },
                action: 'server.console.command',
                target: { type: 'server', id: 's1', name: 'Survival' },
                changes: null,
                source: 'web',
                requestId: 'r',
                override: false,
                createdAt: new Date().toISOString(),
              },
            ],
            nextCursor: null,
          })
        : undefined,
    );
    const { wrapper } = await mountInPanel(ServerActivity, {
      mount: { props: { tenantId: '100', serverId: 's1', allowed: true } },
    });
    await flushPromises();
    const query = new URL(fetch.mock.calls[0]![0], 'http://panel.test').searchParams;
    expect(query.get('targetType')).toBe('server');
    expect(query.get('targetId')).toBe('s1');
    expect(wrapper.get('[data-testid="activity-entry"]').text()).toContain('alice');
    expect(wrapper.get('[data-testid="activity-entry"]').text()).toContain(
      'server.console.command',
    );
  });

  it('is forbidden without audit.read', async () => {
    const fetch = answer(() => undefined);
    const { wrapper } = await mountInPanel(ServerActivity, {
      mount: { props: { tenantId: '100', serverId: 's1', allowed: false } },
    });
    await flushPromises();
    expect(wrapper.get('[data-testid="missing-permission"]').text()).toBe('audit.read');
    expect(fetch).not.toHaveBeenCalled();
  });
});
