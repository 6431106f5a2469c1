import { flushPromises } from '@vue/test-utils';
import { QSelect } from 'quasar';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { mountInPanel } from '../../__fixtures__/mount.ts';
import { jsonResponse } from '../../__fixtures__/registry.ts';
import { shippedPage } from '../../__fixtures__/templates.ts';
import TemplatePicker from './TemplatePicker.vue';

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

async function mountPicker(answer: () => Response = () => jsonResponse(shippedPage)) {
  const fetch = vi.fn(async (input: string) => {
    const url = new URL(input, 'http://panel.test');
    if (url.pathname === '/api/v1/registry')
      return jsonResponse({ core: { name: 'pteronimbus' }, plugins: [] });
    return answer();
  });
  vi.stubGlobal('fetch', fetch);
  const chosen = ref('');
  const host = defineComponent({
    setup: () => () =>
      h(TemplatePicker, {
        tenantId: '100',
        modelValue: chosen.value,
        'onUpdate:modelValue': (id: string) => (chosen.value = id),
      }),
  });
  const { wrapper } = await mountInPanel(host);
  await flushPromises();
  return { wrapper, chosen, fetch };
}

const names = (wrapper: Awaited<ReturnType<typeof mountPicker>>['wrapper']) =>
  wrapper.findAll('[data-testid="template-option"] .pn-picker__name').map((n) => n.text());

describe('template picker', () => {
  it('asks for the tenant’s templates and the shared ones', async () => {
    const { fetch } = await mountPicker();
    const url = new URL(String(fetch.mock.calls.at(-1)?.[0]), 'http://panel.test');
    expect(url.pathname).toBe('/api/v1/tenants/100/templates');
    expect(url.searchParams.get('scope')).toBe('all');
  });

  it('narrows by game and by name', async () => {
    const { wrapper } = await mountPicker();
    expect(names(wrapper)).toEqual(['Paper', 'Vanilla Minecraft', 'Valheim']);
    wrapper.findAllComponents(QSelect)[0]!.vm.$emit('update:modelValue', 'valheim');
    await flushPromises();
    expect(names(wrapper)).toEqual(['Valheim']);
    wrapper.findAllComponents(QSelect)[0]!.vm.$emit('update:modelValue', '');
    await wrapper.get('[data-testid="template-search"]').setValue('vanilla');
    // The search is debounced: wait for the list it gives, not for the debounce.
    await vi.waitFor(() => expect(names(wrapper)).toEqual(['Vanilla Minecraft']), {
      timeout: 5_000,
    });
  });

  it('is one radio group: arrows move the choice, one tab stop', async () => {
    const { wrapper, chosen } = await mountPicker();
    const options = () => wrapper.findAll('[data-testid="template-option"]');
    expect(options().map((o) => o.attributes('tabindex'))).toEqual(['0', '-1', '-1']);
    await wrapper.get('[role="radiogroup"]').trigger('keydown', { key: 'ArrowDown' });
    expect(chosen.value).toBe(shippedPage.items[0]!.id);
    await wrapper.get('[role="radiogroup"]').trigger('keydown', { key: 'ArrowDown' });
    expect(chosen.value).toBe(shippedPage.items[1]!.id);
    expect(options()[1]!.attributes('aria-checked')).toBe('true');
    expect(options().map((o) => o.attributes('tabindex'))).toEqual(['-1', '0', '-1']);
    await wrapper.get('[role="radiogroup"]').trigger('keydown', { key: 'ArrowUp' });
    await wrapper.get('[role="radiogroup"]').trigger('keydown', { key: 'ArrowUp' });
    expect(chosen.value).toBe(shippedPage.items[2]!.id);
    await options()[0]!.trigger('keydown', { key: ' ' });
    expect(chosen.value).toBe(shippedPage.items[0]!.id);
  });

  it('says when nothing can be chosen, and retries a failed load', async () => {
    let fail = true;
    const { wrapper } = await mountPicker(() =>
      fail
        ? jsonResponse({ error: { code: 'PN_INTERNAL', message: 'boom' } }, 500, 'req-t')
        : jsonResponse({ items: [], nextCursor: null }),
    );
    expect(wrapper.get('[data-testid="state-error"]').text()).toContain('req-t');
    fail = false;
    await wrapper.get('[data-testid="state-error"] button').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="templates-none"]').text()).toContain(
      'Open the template library',
    );
  });
});
