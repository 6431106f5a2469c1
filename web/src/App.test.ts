import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { mountInPanel } from './__fixtures__/mount.ts';
import { emptyRegistry, jsonResponse } from './__fixtures__/registry.ts';
import App from './App.vue';
import { i18n } from './i18n/instance.ts';

describe('App', () => {
  it('names the page in the tab title, in the current language', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(emptyRegistry)),
    );
    const { router } = await mountInPanel(App, { path: '/admin/system' });
    await flushPromises();
    expect(document.title).toBe('System · Pteronimbus');

    i18n.global.locale.value = 'fr';
    await flushPromises();
    expect(document.title).toBe('Système · Pteronimbus');

    await router.push('/');
    await flushPromises();
    expect(document.title).toBe('Accueil · Pteronimbus');
  });
});
