import { mount, type ComponentMountingOptions } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { QLayout, QPageContainer, Quasar } from 'quasar';
import { vi } from 'vitest';
import { defineComponent, h, type Component } from 'vue';
import { RouterView, createMemoryHistory, createRouter, type Router } from 'vue-router';
import { i18n } from '../i18n/instance.ts';
import { routes } from '../router/routes.ts';

/** What {@link mountInPanel} hands back besides the wrapper. */
export interface PanelContext {
  pinia: Pinia;
  router: Router;
}

/**
 * Mounts a component with everything the panel installs at boot: Quasar, i18n, Pinia and
 * the real routes on an in-memory history.
 */
export async function mountInPanel<C extends Component>(
  component: C,
  options: { path?: string; pinia?: Pinia; mount?: ComponentMountingOptions<C> } = {},
) {
  const pinia = options.pinia ?? createPinia();
  setActivePinia(pinia);
  const router = createRouter({ history: createMemoryHistory(), routes });
  await router.push(options.path ?? '/');
  await router.isReady();
  const wrapper = mount(component, {
    ...options.mount,
    attachTo: document.body,
    global: { plugins: [[Quasar, {}], i18n, pinia, router] },
  } as ComponentMountingOptions<C>);
  return { wrapper, pinia, router } satisfies PanelContext & { wrapper: unknown };
}

/** A bare QLayout around the content, which QPage requires. */
function inLayout(content: Component) {
  return defineComponent({
    setup: () => () =>
      h(QLayout, { view: 'hHh lpr fFf' }, () => h(QPageContainer, () => h(content))),
  });
}

/** Mounts a page component inside a bare QLayout, which QPage requires. */
export async function mountPageInPanel(
  page: Component,
  options: { path?: string; pinia?: Pinia } = {},
) {
  return mountInPanel(inLayout(page), options);
}

/**
 * Mounts the panel's real route at `path` through a RouterView inside a bare QLayout, so the
 * page's own route guards (unsaved changes) run and navigation renders the next page.
 */
export async function mountRouteInPanel(path: string, options: { pinia?: Pinia } = {}) {
  const mounted = await mountInPanel(inLayout(RouterView), { ...options, path });
  await vi.dynamicImportSettled();
  return mounted;
}
