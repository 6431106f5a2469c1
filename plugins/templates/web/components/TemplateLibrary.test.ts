import {
  jsonResponse,
  loadPluginMessages,
  mountPageInPanel,
  registryWithPlugins,
  shippedPage,
  templateSummary,
} from '@pteronimbus/web/testing';
import { flushPromises } from '@vue/test-utils';
import { beforeAll, afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import TemplateLibrary from './TemplateLibrary.vue';
import { templatesUi } from '../index.ts';

// The panel merges the plugin's messages when core has it loaded; so do these tests.
beforeAll(() => loadPluginMessages(templatesUi));

const Page = defineComponent({
  setup: () => () =>
    h(TemplateLibrary, {
      apiBase: '/api/v1/templates',
      detailPath: (id: string) => `/admin/templates/${id}`,
    }),
});

function answer(templates: (url: URL) => Response | Promise<Response>) {
  const fetch = vi.fn(async (input: string) => {
    const url = new URL(input, 'http://panel.test');
    if (url.pathname === '/api/v1/registry') return jsonResponse(registryWithPlugins);
    return templates(url);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

async function mountLibrary(path = '/admin/templates') {
  const { wrapper, router } = await mountPageInPanel(Page, { path });
  return { wrapper, router };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('template library', () => {
  it('shows skeletons while the first page loads', async () => {
    answer(() => new Promise<Response>(() => undefined));
    const { wrapper } = await mountLibrary();
    expect(wrapper.get('[data-testid="state-loading"]').attributes('role')).toBe('status');
    expect(wrapper.findAll('.q-skeleton').length).toBeGreaterThan(6);
  });

  it('groups the templates by game and offers the next page', async () => {
    const fetch = answer((url) =>
      url.searchParams.get('cursor') === 'cursor-2'
        ? jsonResponse({
            items: [
              templateSummary({ id: 'x-4', slug: 'cs2', name: 'Counter-Strike 2', gameId: 'cs2' }),
            ],
            nextCursor: null,
          })
        : jsonResponse(shippedPage),
    );
    const { wrapper } = await mountLibrary();
    await flushPromises();

    const groups = wrapper.findAll('[data-testid="template-group"]');
    // Game names come from the registry when a plugin declares them.
    expect(groups.map((group) => group.get('h2').text())).toEqual([
      expect.stringContaining('Minecraft'),
      expect.stringContaining('Valheim'),
    ]);
    expect(groups[0]?.findAll('[data-testid="template-name"]').map((n) => n.text())).toEqual([
      'Paper',
      'Vanilla Minecraft',
    ]);
    expect(wrapper.get('[data-testid="template-card"]').attributes('href')).toBe(
      '/admin/templates/0190f5f2-0000-7000-8000-000000000001',
    );
    expect(wrapper.get('[data-testid="template-count"]').text()).toBe('3 templates+');

    await wrapper.get('[data-testid="load-more"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="template-card"]')).toHaveLength(4);
    expect(wrapper.find('[data-testid="load-more"]').exists()).toBe(false);
    expect(fetch.mock.calls.at(-1)?.[0]).toContain('cursor=cursor-2');
  });

  it('reads its filters from the query string and sends them to core', async () => {
    const fetch = answer(() => jsonResponse({ items: [], nextCursor: null }));
    const { wrapper } = await mountLibrary('/admin/templates?q=paper&game=minecraft');
    await flushPromises();
    const listCall = fetch.mock.calls.find(([input]) => input.startsWith('/api/v1/templates'));
    expect(listCall?.[0]).toBe('/api/v1/templates?q=paper&game=minecraft');
    // Filters that match nothing say so, and offer to clear them rather than to import.
    expect(wrapper.get('[data-testid="state-empty"]').text()).toContain('No template matches');
    expect(wrapper.find('[data-testid="clear-filters"]').exists()).toBe(true);
  });

  it('leads an empty library to the import', async () => {
    answer(() => jsonResponse({ items: [], nextCursor: null }));
    const { wrapper } = await mountLibrary();
    await flushPromises();
    const empty = wrapper.get('[data-testid="state-empty"]');
    expect(empty.text()).toContain('No templates yet');
    await empty.get('[data-testid="empty-import"]').trigger('click');
    await flushPromises();
    expect(document.querySelector('[data-testid="import-dialog"]')).not.toBeNull();
  });

  it('names the missing permission when access is refused', async () => {
    answer(() =>
      jsonResponse(
        {
          error: {
            code: 'PN_FORBIDDEN',
            message: 'Missing permission template.read',
            details: { permission: 'template.read' },
          },
        },
        403,
        'req-403',
      ),
    );
    const { wrapper } = await mountLibrary();
    await flushPromises();
    const forbidden = wrapper.get('[data-testid="state-forbidden"]');
    expect(forbidden.get('[data-testid="missing-permission"]').text()).toBe('template.read');
    expect(forbidden.text()).toContain('req-403');
  });

  it('shows an error with its code and request id, and retries', async () => {
    let fail = true;
    answer(() =>
      fail
        ? jsonResponse(
            { error: { code: 'PN_INTERNAL', message: 'Internal server error' } },
            500,
            'req-500',
          )
        : jsonResponse(shippedPage),
    );
    const { wrapper } = await mountLibrary();
    await flushPromises();
    const error = wrapper.get('[data-testid="state-error"]');
    expect(error.get('[data-testid="error-code"]').text()).toBe('PN_INTERNAL');
    expect(error.get('[data-testid="error-request-id"]').text()).toBe('req-500');
    fail = false;
    await error.get('[data-testid="retry"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="template-card"]')).toHaveLength(3);
  });
});
