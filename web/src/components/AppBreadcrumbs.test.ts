import { afterEach, describe, expect, it } from 'vitest';
import { mountInPanel } from '../__fixtures__/mount.ts';
import AppBreadcrumbs from './AppBreadcrumbs.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('breadcrumbs', () => {
  it('link parents with the current route’s params filled in, the page itself unlinked', async () => {
    const { wrapper } = await mountInPanel(AppBreadcrumbs, { path: '/t/100/servers/s1' });
    const links = wrapper.findAll('a').map((a) => [a.text(), a.attributes('href')]);
    expect(links).toEqual([
      ['Discord servers', '/tenants'],
      ['Game servers', '/t/100/servers'],
    ]);
    expect(wrapper.get('[aria-current="page"]').text()).toBe('Game server');
  });
});
