import { flushPromises } from '@vue/test-utils';
import { QInput, QSelect } from 'quasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { jsonResponse } from '../../__fixtures__/registry.ts';
import { sampleServer } from '../../__fixtures__/servers.ts';
import ServerFilters from './ServerFilters.vue';
import type { ServerFilters as Filters } from './serverList.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

async function mountFilters(filters: Filters) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => jsonResponse({ core: { name: 'pteronimbus' }, plugins: [] })),
  );
  const search = ref<string | null>(filters.q);
  const changes: Filters[] = [];
  const host = defineComponent({
    setup: () => () =>
      h(ServerFilters, {
        filters,
        filtered: false,
        servers: [
          sampleServer('s1', { gameId: 'valheim' }),
          sampleServer('s2', { gameId: 'minecraft' }),
        ],
        search: search.value,
        'onUpdate:search': (value: string | null) => (search.value = value),
        onChange: (next: Filters) => changes.push(next),
      }),
  });
  const { wrapper } = await mountInPanel(host);
  await flushPromises();
  return { wrapper, search, changes };
}

describe('server filters', () => {
  it('applies what was just typed, not what the search held before', async () => {
    const { wrapper, search, changes } = await mountFilters({ q: '', status: 'Running', game: '' });
    wrapper.getComponent(QInput).vm.$emit('update:modelValue', 'Cre');
    await flushPromises();
    expect(search.value).toBe('Cre');
    expect(changes.at(-1)).toEqual({ q: 'Cre', status: 'Running', game: '' });

    // Cleared with the input's own button: null, applied as no search.
    wrapper.getComponent(QInput).vm.$emit('update:modelValue', null);
    await flushPromises();
    expect(changes.at(-1)).toEqual({ q: '', status: 'Running', game: '' });
  });

  it('offers the games of the servers listed, plus the one filtered by', async () => {
    const { wrapper } = await mountFilters({ q: '', status: '', game: 'terraria' });
    const game = wrapper.findAllComponents(QSelect)[1]!;
    const values = (game.props('options') as Array<{ value: string }>).map((o) => o.value);
    expect(values).toHaveLength(4);
    expect(values[0]).toBe('');
    expect(new Set(values.slice(1))).toEqual(new Set(['valheim', 'minecraft', 'terraria']));
  });

  it('changes one filter, keeping the others', async () => {
    const { wrapper, changes } = await mountFilters({ q: 'x', status: '', game: 'valheim' });
    wrapper.findAllComponents(QSelect)[0]!.vm.$emit('update:modelValue', 'Stopped');
    expect(changes.at(-1)).toEqual({ q: 'x', status: 'Stopped', game: 'valheim' });
  });
});
